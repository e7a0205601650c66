package io.omnitouch.marts.uplift;

import static io.omnitouch.marts.uplift.UpliftFixtures.d;
import static io.omnitouch.marts.uplift.UpliftFixtures.paidOrders;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollout;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollouts;
import static io.omnitouch.marts.uplift.UpliftFixtures.sale;
import static io.omnitouch.marts.uplift.UpliftFixtures.stores;
import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.config.OmnitouchConfig.UpliftSettings;
import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed DiD. Guide cohort A (T1, T2) starts 2026-01-29, cohort B (T3) 2026-02-05; C1, C2
 * and G1 (which adopted community, not guide; no sales at all, so 0 every day) are the controls; C2
 * adopts guide only after the run date, so it is still a control; N1 opened 2026-01-15, inside both
 * pre windows, so it is in no comparison. Sales are lumped on a few days: only window sums matter.
 */
class UpliftProgramTest {
  static final LocalDate RUN = LocalDate.parse("2026-02-25");

  /** The pre-trend warning depends on a bootstrap p-value: switched off for the exact rows. */
  static final UpliftSettings NO_PRETREND_ALPHA =
      new UpliftSettings(199, UpliftSettings.DEFAULTS.bootstrapSeed(), 5, 5, 0.0);

  static Dataset<Row> orders() {
    return paidOrders(
        sale("T1", "2026-01-01", "1400"), // A early
        sale("T1", "2026-01-20", "1400"), // A late
        sale("T1", "2026-02-01", "4200"), // A post
        sale("T2", "2026-01-10", "2800"), // A early
        sale("T2", "2026-02-10", "2800"), // A post
        sale("T3", "2026-01-10", "1400"), // B early
        sale("T3", "2026-01-25", "1400"), // B late
        sale("T3", "2026-02-03", "700"), // B late
        sale("T3", "2026-02-20", "4200"), // B post
        sale("C1", "2026-01-05", "1400"), // A early, before B's pre window
        sale("C1", "2026-01-16", "1400"), // A late, B early
        sale("C1", "2026-02-01", "1400"), // A post, B late
        sale("C1", "2026-02-15", "1400"), // post of both
        sale("C2", "2026-01-12", "2800"), // early of both
        sale("C2", "2026-02-20", "2800"), // post of both
        sale("N1", "2026-02-10", "10000"), // opened inside the pre windows: never compared
        sale("C1", "2026-02-26", "10000"), // after the run date
        sale(null, "2026-01-01", "999")); // no store: no store's revenue
  }

  static Dataset<Row> rolloutsFixture() {
    return rollouts(
        rollout("T1", "guide", "2026-01-29"),
        rollout("T2", "guide", "2026-01-29"),
        rollout("T3", "guide", "2026-02-05"),
        rollout("C2", "guide", "2026-03-10"),
        rollout("G1", "community", "2026-01-29"));
  }

  static Dataset<Row> storesFixture() {
    return stores(
        row("T1"),
        row("T2"),
        row("T3"),
        row("C1"),
        row("C2"),
        row("G1"),
        row("N1", d("2026-01-15")));
  }

  static final String COLUMNS =
      "dt DATE, program STRING, cohort_start DATE, treated_stores INT, control_stores INT,"
          + " pre_days INT, post_days INT, treated_pre_mean DOUBLE, treated_post_mean DOUBLE,"
          + " control_pre_mean DOUBLE, control_post_mean DOUBLE,"
          + " incremental_revenue_per_store_day DOUBLE, uplift_pct DOUBLE,"
          + " incremental_revenue DOUBLE, treated_store_days BIGINT, pretrend_diff DOUBLE,"
          + " warnings STRING";

  @Test
  void differenceInDifferencesPerCohortAndPooled() {
    Dataset<Row> actual =
        UpliftProgram.build(orders(), rolloutsFixture(), storesFixture(), RUN, NO_PRETREND_ALPHA);
    double third = 200.0 / 3; // controls' mean: C1 and C2 100 a day, G1 0
    Dataset<Row> expected =
        SharedSpark.rows(
            COLUMNS,
            // A: treated 100 -> 125, controls flat: DiD 25 on a counterfactual of 100.
            // Pre-trend: treated 150 -> 50 (-100), controls 100 -> 33.3 (-66.7).
            row(
                d("2026-02-25"),
                "guide",
                d("2026-01-29"),
                2,
                3,
                28,
                28,
                100.0,
                125.0,
                third,
                third,
                25.0,
                25.0,
                1400.0,
                56L,
                -100.0 + 200.0 / 3,
                "few_controls,small_cohort"),
            // B: treated 125 -> 200 (21 post days), controls flat: DiD 75, counterfactual 125.
            // Pre-trend: treated 100 -> 150 (+50), controls 100 -> 33.3 (-66.7).
            row(
                d("2026-02-25"),
                "guide",
                d("2026-02-05"),
                1,
                3,
                28,
                21,
                125.0,
                200.0,
                third,
                third,
                75.0,
                60.0,
                1575.0,
                21L,
                50.0 + 200.0 / 3,
                "few_controls,small_cohort"),
            // Pooled, weights 56 and 21 treated store-days.
            row(
                d("2026-02-25"),
                "guide",
                null,
                3,
                3,
                28,
                28,
                8225.0 / 77,
                11200.0 / 77,
                third,
                third,
                2975.0 / 77,
                100.0 * 2975 / 8225,
                2975.0,
                77L,
                (56 * (-100.0 + 200.0 / 3) + 21 * (50.0 + 200.0 / 3)) / 77,
                "few_controls,small_cohort"),
            // Community: G1 (0 a day) against T1, T2, T3, C1, C2 going 100 -> 125.
            row(
                d("2026-02-25"),
                "community",
                d("2026-01-29"),
                1,
                5,
                28,
                28,
                0.0,
                0.0,
                100.0,
                125.0,
                -25.0,
                -100.0,
                -700.0,
                28L,
                80.0,
                "small_cohort"),
            row(
                d("2026-02-25"),
                "community",
                null,
                1,
                5,
                28,
                28,
                0.0,
                0.0,
                100.0,
                125.0,
                -25.0,
                -100.0,
                -700.0,
                28L,
                80.0,
                "small_cohort"));
    Dataset<Row> compared = actual.selectExpr(expected.columns());
    SharedSpark.assertDataFrameApproximateEquals(
        UpliftFixtures.withSchema(expected, compared), compared, 1e-9);
  }

  @Test
  void intervalsOnlyWhereThereAreStoresToResample() {
    List<Row> rows =
        UpliftProgram.build(orders(), rolloutsFixture(), storesFixture(), RUN, NO_PRETREND_ALPHA)
            .orderBy("program", "cohort_start")
            .collectAsList();
    // community (1 treated store): no between-store variance to resample.
    assertNull(rows.get(0).getAs("ci_low"));
    assertNull(rows.get(0).getAs("p_value"));
    // guide pooled row (3 treated, 3 controls) and cohort A (2 treated, 3 controls): intervals.
    for (Row r : List.of(rows.get(2), rows.get(3))) {
      double uplift = r.getAs("uplift_pct");
      double low = r.getAs("ci_low");
      double high = r.getAs("ci_high");
      assertTrue(low <= uplift && uplift <= high, r.toString());
      double p = r.getAs("p_value");
      assertTrue(p >= 2.0 / 200 && p <= 1, r.toString());
      assertNotNull(r.getAs("pretrend_p_value"));
    }
    // cohort B (1 treated store): none.
    assertNull(rows.get(4).getAs("ci_high"));
    assertNull(rows.get(4).getAs("pretrend_p_value"));
  }

  @Test
  void postWindowStopsAtTheRunDate() {
    List<Row> rows =
        UpliftProgram.build(
                orders(),
                rolloutsFixture(),
                storesFixture(),
                LocalDate.parse("2026-02-11"),
                NO_PRETREND_ALPHA)
            .filter("program = 'guide' AND cohort_start IS NOT NULL")
            .orderBy("cohort_start")
            .collectAsList();
    assertEquals(14, rows.get(0).<Integer>getAs("post_days")); // 01-29 .. 02-11
    assertEquals((4200.0 + 2800) / (2 * 14), rows.get(0).<Double>getAs("treated_post_mean"), 1e-9);
    assertEquals(7, rows.get(1).<Integer>getAs("post_days")); // 02-05 .. 02-11
    assertEquals(0.0, rows.get(1).<Double>getAs("treated_post_mean"), 1e-9);
  }

  /**
   * uplift.program.pre_days = 14, post_days = 7: cohort A (01-29) compares 01-15 .. 01-28 with
   * 01-29 .. 02-04. T1: pre 1400 (01-20), post 4200 (02-01); T2: nothing in the pre window, post 0
   * (its 02-10 sale is after the window). A 14-day observed pre period is not short any more.
   */
  @Test
  void theProgramWindowsAreSettable() {
    UpliftSettings shortWindows =
        new UpliftSettings(199, UpliftSettings.DEFAULTS.bootstrapSeed(), 5, 5, 0.0, 14, 7, 28, 7);
    Row a =
        UpliftProgram.build(orders(), rolloutsFixture(), storesFixture(), RUN, shortWindows)
            .filter("program = 'guide' AND cohort_start = DATE'2026-01-29'")
            .first();
    assertEquals(14, a.<Integer>getAs("pre_days"));
    assertEquals(7, a.<Integer>getAs("post_days"));
    assertEquals(1400.0 / (2 * 14), a.<Double>getAs("treated_pre_mean"), 1e-9);
    assertEquals(4200.0 / (2 * 7), a.<Double>getAs("treated_post_mean"), 1e-9);
    assertFalse(String.valueOf(a.<String>getAs("warnings")).contains("short_pre_period"));
  }

  @Test
  void preWindowStartsNoEarlierThanTheData() {
    Row r =
        UpliftProgram.build(
                orders(),
                rollouts(rollout("T1", "scan", "2026-01-10")),
                storesFixture(),
                RUN,
                NO_PRETREND_ALPHA)
            .filter("cohort_start IS NOT NULL")
            .first();
    assertEquals(9, r.<Integer>getAs("pre_days")); // 2026-01-01 .. 2026-01-09: first order 01-01
    assertEquals(1400.0 / 9, r.<Double>getAs("treated_pre_mean"), 1e-9);
    // Controls: T2, T3, C1, C2, G1 (N1 opened after the window start).
    assertEquals(5, r.<Integer>getAs("control_stores"));
    assertEquals("short_pre_period,small_cohort", r.getAs("warnings"));
  }

  @Test
  void sameInputsSameIntervals() {
    Dataset<Row> first =
        UpliftProgram.build(orders(), rolloutsFixture(), storesFixture(), RUN, NO_PRETREND_ALPHA);
    Dataset<Row> second =
        UpliftProgram.build(
            orders().orderBy("value"),
            rolloutsFixture().orderBy("store_id"),
            storesFixture(),
            RUN,
            NO_PRETREND_ALPHA);
    SharedSpark.assertDataFrameEquals(first, second);
  }

  @Test
  void nothingStartedNothingEstimated() {
    assertEquals(
        0,
        UpliftProgram.build(
                orders(),
                rollouts(rollout("T1", "guide", "2026-03-01")),
                storesFixture(),
                RUN,
                NO_PRETREND_ALPHA)
            .count());
  }
}
