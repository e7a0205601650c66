package io.omnitouch.marts.uplift;

import static io.omnitouch.marts.uplift.UpliftFixtures.paidOrders;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollout;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollouts;
import static io.omnitouch.marts.uplift.UpliftFixtures.sale;
import static io.omnitouch.marts.uplift.UpliftFixtures.stores;
import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Event studies known by hand. Cohort A (T1 at 100 a day, T2 at 200) starts S1, cohort B (T3 100,
 * T4 200) two weeks later; controls C1, C2, C3 at 120, 180, 150 (the same mean, 150, as each
 * cohort). Every store follows the common trend g(d) = (100 + d) / 100 (d = days since the data
 * start, S1 − 28), so a cohort's counterfactual mean in week k is 150 × (its mean of g in week k).
 * The treated stores earn {@code × (1 + effect(k))} from their start.
 */
class UpliftEventStudyTest {
  static final LocalDate DATA_START = LocalDate.parse("2026-02-01");
  static final LocalDate S1 = DATA_START.plusDays(28);
  static final LocalDate S2 = S1.plusDays(14);
  static final LocalDate RUN = S1.plusDays(27);
  static final Map<String, Double> LEVEL =
      Map.of(
          "T1", 100.0, "T2", 200.0, "T3", 100.0, "T4", 200.0, "C1", 120.0, "C2", 180.0, "C3",
          150.0);
  static final double COHORT_MEAN = 150;

  /**
   * Store-day revenue to the cent: level × trend × (1 + effect of the event week) for treated
   * stores, plus {@code preShift(k)} yuan a day for cohort B's stores in its pre weeks, plus {@link
   * #noise} when {@code noisy}.
   */
  static Dataset<Row> orders(
      LocalDate run, IntToDoubleFunction effect, IntToDoubleFunction preShiftB, boolean noisy) {
    List<Object[]> rows = new ArrayList<>();
    for (LocalDate d = DATA_START; !d.isAfter(run); d = d.plusDays(1)) {
      for (var s : LEVEL.entrySet()) {
        double v = s.getValue() * trend(d);
        LocalDate start = s.getKey().equals("T1") || s.getKey().equals("T2") ? S1 : S2;
        if (s.getKey().startsWith("T")) {
          int week = Math.floorDiv((int) ChronoUnit.DAYS.between(start, d), 7);
          if (week >= 0) {
            v *= 1 + effect.applyAsDouble(week);
          } else if (start.equals(S2)) {
            v += preShiftB.applyAsDouble(week);
          }
        }
        if (noisy) {
          v += noise(s.getKey(), d);
        }
        rows.add(sale(s.getKey(), d.toString(), String.format(Locale.ROOT, "%.2f", v)));
      }
    }
    return paidOrders(rows.toArray(Object[][]::new));
  }

  /** Deterministic day noise of −3 … +3 yuan, so that no pre week is exactly parallel. */
  static double noise(String store, LocalDate d) {
    return Math.floorMod((store + d).hashCode(), 7) - 3;
  }

  static double trend(LocalDate d) {
    return (100.0 + ChronoUnit.DAYS.between(DATA_START, d)) / 100;
  }

  /** Mean of the trend over the known days of week k of a cohort starting on {@code start}. */
  static double meanTrend(LocalDate start, int week, LocalDate run) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < 7; i++) {
      LocalDate d = start.plusDays(7L * week + i);
      if (!d.isAfter(run)) {
        sum += trend(d);
        n++;
      }
    }
    return sum / n;
  }

  static Dataset<Row> rolloutsFixture() {
    return rollouts(
        rollout("T1", "guide", S1.toString()),
        rollout("T2", "guide", S1.toString()),
        rollout("T3", "guide", S2.toString()),
        rollout("T4", "guide", S2.toString()));
  }

  static Dataset<Row> storesFixture() {
    return stores(row("T1"), row("T2"), row("T3"), row("T4"), row("C1"), row("C2"), row("C3"));
  }

  static Map<String, Row> build(Dataset<Row> orders, LocalDate run) {
    Map<String, Row> out = new HashMap<>();
    for (Row r :
        UpliftEventStudy.build(
                orders,
                rolloutsFixture(),
                storesFixture(),
                run,
                UpliftProgramTest.NO_PRETREND_ALPHA)
            .collectAsList()) {
      out.put(r.getAs("cohort_start") + " " + r.getAs("event_week"), r);
    }
    return out;
  }

  static double att(Map<String, Row> rows, LocalDate start, int week) {
    return rows.get(start + " " + week).<Double>getAs("att");
  }

  /** Cohort A ramps up, cohort B has a planted pre-trend and day noise on every store. */
  static Dataset<Row> rampAndPreTrend() {
    return orders(RUN, k -> 0.1 * (k + 1), k -> 10.0 * (k + 1), true);
  }

  @Test
  void aConstantEffectIsTheSameShareOfTheCounterfactualEveryPostWeekAndZeroBefore() {
    Map<String, Row> rows = build(orders(RUN, k -> 0.2, k -> 0, false), RUN);
    for (int k = -4; k <= 3; k++) {
      double expected = k < 0 ? 0 : 0.2 * COHORT_MEAN * meanTrend(S1, k, RUN);
      assertEquals(expected, att(rows, S1, k), 1e-6, "A week " + k);
    }
    for (int k = -4; k <= 1; k++) {
      double expected = k < 0 ? 0 : 0.2 * COHORT_MEAN * meanTrend(S2, k, RUN);
      assertEquals(expected, att(rows, S2, k), 1e-6, "B week " + k);
    }
    // B's weeks 2 and 3 are not observed yet; the pooled week 2 is A's alone.
    assertEquals(8 + 6 + 8, rows.size());
    assertNull(rows.get(S2 + " 2"));
    Row pooled0 = rows.get("null 0");
    assertEquals((att(rows, S1, 0) + att(rows, S2, 0)) / 2, pooled0.<Double>getAs("att"), 1e-9);
    assertEquals(4, pooled0.<Integer>getAs("treated_stores"));
    assertEquals(3, pooled0.<Integer>getAs("control_stores"));
    assertEquals(att(rows, S1, 2), att(rows, null, 2), 1e-9);
    assertEquals(2, rows.get("null 2").<Integer>getAs("treated_stores"));
    Row reference = rows.get(S1 + " -1");
    assertEquals(0.0, reference.<Double>getAs("ci_low"));
    assertEquals(0.0, reference.<Double>getAs("ci_high"));
    for (int k = 0; k <= 3; k++) {
      Row r = rows.get(S1 + " " + k);
      assertTrue(r.<Double>getAs("ci_low") > 0, r.toString());
      assertTrue(r.<Double>getAs("ci_low") <= att(rows, S1, k), r.toString());
      assertTrue(att(rows, S1, k) <= r.<Double>getAs("ci_high"), r.toString());
    }
    rows.values().forEach(r -> assertNull(r.getAs("warnings"), r.toString()));
  }

  @Test
  void aRampGivesTheRampAndAPlantedPreTrendShowsInItsPreWeeksAndLowersItsBreakdown() {
    Dataset<Row> orders = rampAndPreTrend();
    Map<String, Row> rows = build(orders, RUN);
    // Day noise of at most 3 yuan moves a week's DiD by at most 6.
    for (int k = 0; k <= 3; k++) {
      double expected = 0.1 * (k + 1) * COHORT_MEAN * meanTrend(S1, k, RUN);
      assertEquals(expected, att(rows, S1, k), 6, "A week " + k);
    }
    // B's stores earn 10 yuan a day less per week before week -1: -30, -20, -10, then 0.
    for (int k = -4; k <= -2; k++) {
      assertEquals(10.0 * (k + 1), att(rows, S2, k), 6, "B week " + k);
      assertEquals(0.0, att(rows, S1, k), 6, "A week " + k);
    }
    assertEquals("pre_trend", rows.get(S2 + " -4").getAs("warnings"));
    for (int k = -4; k <= -2; k++) {
      assertNull(rows.get(S1 + " " + k).getAs("warnings"));
    }

    Map<String, Row> program = new HashMap<>();
    UpliftProgram.build(
            orders, rolloutsFixture(), storesFixture(), RUN, UpliftProgramTest.NO_PRETREND_ALPHA)
        .collectAsList()
        .forEach(r -> program.put(String.valueOf((Object) r.getAs("cohort_start")), r));
    double breakdownA = program.get(S1.toString()).<Double>getAs("sensitivity_breakdown");
    double breakdownB = program.get(S2.toString()).<Double>getAs("sensitivity_breakdown");
    assertTrue(breakdownB < breakdownA / 3, breakdownA + " vs " + breakdownB);
    // The closed form on B's own figures: nearer bound over the worst pre week in percent.
    Row b = program.get(S2.toString());
    double counterfactual =
        b.<Double>getAs("treated_pre_mean")
            + b.<Double>getAs("control_post_mean")
            - b.<Double>getAs("control_pre_mean");
    double worstPre = 0;
    for (int k = -4; k <= -2; k++) {
      worstPre = Math.max(worstPre, Math.abs(att(rows, S2, k)));
    }
    assertEquals(b.<Double>getAs("ci_low") / (100 * worstPre / counterfactual), breakdownB, 1e-9);
  }

  @Test
  void weeksNotYetObservedAreAbsentAndAPartlyElapsedWeekCountsItsDays() {
    LocalDate run = S1.plusDays(10); // A's week 1 has 4 days; B has not started
    Map<String, Row> rows = build(orders(run, k -> 0.2, k -> 0, false), run);
    assertEquals(List.of(-4, -3, -2, -1, 0, 1), weeks(rows, S1));
    assertEquals(0.2 * COHORT_MEAN * meanTrend(S1, 1, run), att(rows, S1, 1), 1e-6);
    assertEquals(6 + 6, rows.size());
  }

  private static List<Integer> weeks(Map<String, Row> rows, LocalDate start) {
    return rows.values().stream()
        .filter(r -> start.toString().equals(String.valueOf((Object) r.getAs("cohort_start"))))
        .map(r -> r.<Integer>getAs("event_week"))
        .sorted()
        .toList();
  }
}
