package io.omnitouch.marts.uplift;

import static io.omnitouch.marts.uplift.UpliftFixtures.d;
import static io.omnitouch.marts.uplift.UpliftFixtures.paidOrders;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollout;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollouts;
import static io.omnitouch.marts.uplift.UpliftFixtures.sale;
import static io.omnitouch.marts.uplift.UpliftFixtures.stores;
import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.uplift.UpliftPower.History;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The MDE arithmetic by hand, and the candidate pool and history the mart reads. */
class UpliftPowerTest {
  static final LocalDate RUN = LocalDate.parse("2026-03-31");
  static final LocalDate HISTORY_START = RUN.minusDays(55);

  @Test
  void historyStatisticsAndTheMdeByHand() {
    // Store means 11, 19, 21 (grand mean 17), week means 17 and 17: residuals ±1 for the first
    // two stores, 0 for the third: σ² = 4 / (2 × 1) = 2; level variance (36 + 4 + 16) / 2 = 28.
    History h = History.of(new double[][] {{10, 12}, {20, 18}, {21, 21}});
    assertEquals(3, h.stores());
    assertEquals(2, h.weeks());
    assertEquals(17.0, h.mean(), 1e-12);
    assertEquals(2.0, h.noiseVariance(), 1e-12);
    assertEquals(28.0, h.levelVariance(), 1e-12);
    double z = 1.959963984540054 + 0.8416212335729143;
    // n = 1 treated, 2 controls, 4 post weeks: SE0² = 2 × (1/4 + 1/4) × (1 + 1/2) = 1.5.
    double expected = 100 * z * Math.sqrt(1.5) / Math.sqrt(17 * 17 - z * z * 28);
    assertEquals(expected, h.mdePct(1, 4), 1e-9);
    assertNull(h.mdePct(2, 4), "a single control store left");
    // Levels too spread for one treated store to reveal any effect: no MDE.
    assertNull(History.of(new double[][] {{10, 12}, {20, 18}, {100, 100}}).mdePct(1, 4));
    assertNull(History.of(new double[][] {{10}, {20}, {30}}), "one week: no week-to-week noise");
  }

  /** Store i's revenue on day t: its level plus a store-specific wobble, nothing on some days. */
  static double revenue(int store, long day) {
    if (store == 4 && day % 7 == 0) {
      return 0;
    }
    return 1000 + 20 * store + 50 * ((day * (store + 2)) % 5);
  }

  @Test
  void theMartUsesTheNonAdoptersOfTheLastEightWeeks() {
    String[] ids = {"S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "A1", "F1", "N1"};
    List<Object[]> sales = new ArrayList<>();
    LocalDate dataStart = LocalDate.parse("2026-01-20");
    for (LocalDate day = dataStart; !day.isAfter(RUN.plusDays(3)); day = day.plusDays(1)) {
      long t = ChronoUnit.DAYS.between(dataStart, day);
      for (int i = 0; i < ids.length; i++) {
        double v = revenue(i, t);
        if (v > 0) {
          sales.add(sale(ids[i], day.toString(), String.format(Locale.ROOT, "%.2f", v)));
        }
      }
    }
    List<Row> rows =
        UpliftPower.build(
                paidOrders(sales.toArray(Object[][]::new)),
                rollouts(
                    rollout("A1", "guide", "2026-03-01"), rollout("F1", "guide", "2026-04-10")),
                stores(
                    row("S0"),
                    row("S1"),
                    row("S2"),
                    row("S3"),
                    row("S4"),
                    row("S5"),
                    row("S6"),
                    row("S7"),
                    row("S8"),
                    row("A1"),
                    row("F1"),
                    row("N1", d("2026-02-20"))),
                RUN)
            .orderBy("treated_stores", "post_weeks")
            .collectAsList();
    assertEquals(15, rows.size());
    // Candidates: S0..S8 and F1 (adopts after the run date); A1 adopted, N1 opened too late.
    int[] candidates = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10};
    double[][] y = new double[candidates.length][8];
    for (int c = 0; c < candidates.length; c++) {
      for (int w = 0; w < 8; w++) {
        for (int i = 0; i < 7; i++) {
          long t = ChronoUnit.DAYS.between(dataStart, HISTORY_START.plusDays(7L * w + i));
          y[c][w] += revenue(candidates[c], t) / 7;
        }
      }
    }
    History h = History.of(y);
    for (Row r : rows) {
      assertEquals("guide", r.getAs("program"));
      assertEquals(10, r.<Integer>getAs("candidate_stores"));
      assertEquals(8, r.<Integer>getAs("history_weeks"));
      assertEquals(h.mean(), r.<Double>getAs("baseline_revenue_per_store_day"), 1e-9);
      int n = r.getAs("treated_stores");
      int w = r.getAs("post_weeks");
      if (n == 5) {
        assertEquals(h.mdePct(5, w), r.<Double>getAs("mde_pct"), 1e-9, r.toString());
      } else {
        assertNull(r.getAs("mde_pct"), "fewer than 2 controls left: " + r);
      }
    }
    // Longer post periods detect smaller effects.
    assertTrue(rows.get(0).<Double>getAs("mde_pct") > rows.get(1).<Double>getAs("mde_pct"));
    assertTrue(rows.get(1).<Double>getAs("mde_pct") > rows.get(2).<Double>getAs("mde_pct"));
  }
}
