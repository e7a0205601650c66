package io.omnitouch.marts.uplift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.bench.ProgramSimulation;
import io.omnitouch.bench.ProgramSimulation.Design;
import io.omnitouch.config.OmnitouchConfig.UpliftSettings;
import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Simulation evidence (issue 5): synthetic store panels with a known effect, through {@link
 * UpliftProgram#build}. Seeds are fixed, so each test is deterministic; the designs and tolerances
 * are chosen so that they would also pass for most other seeds ({@code io.omnitouch.bench.
 * UpliftBench} runs many more repetitions and prints the coverage).
 */
class UpliftProgramSimulationTest {
  static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
  static final UpliftSettings SETTINGS = UpliftSettings.DEFAULTS;

  /**
   * +25% for 20 of 50 stores in two cohorts a week apart. The standard error of uplift_pct is about
   * 3 points per cohort of 10 stores and about 2 pooled, so the tolerances are ±8 per cohort and ±5
   * pooled.
   */
  @Test
  void knownEffectOfTwentyFivePercentIsRecovered() {
    ProgramSimulation.Inputs in =
        ProgramSimulation.generate(
            SharedSpark.spark(), new Design(50, 20, 2, 7, 0.25, 0.0, 1), FIRST_DAY, 11L);
    List<Row> rows =
        UpliftProgram.build(
                in.paidOrders(), in.programRollouts(), in.stores(), in.runDate(), SETTINGS)
            .orderBy("cohort_start")
            .collectAsList();
    assertEquals(3, rows.size()); // pooled row first (null sorts first), then the two cohorts
    assertRecovered(rows.get(0), 5.0);
    assertEquals(20, rows.get(0).<Integer>getAs("treated_stores"));
    assertEquals(30, rows.get(0).<Integer>getAs("control_stores"));
    assertRecovered(rows.get(1), 8.0);
    assertRecovered(rows.get(2), 8.0);
  }

  private static void assertRecovered(Row r, double tolerance) {
    double uplift = r.getAs("uplift_pct");
    assertEquals(25.0, uplift, tolerance, r.toString());
    assertTrue(r.<Double>getAs("ci_low") > 0, "interval excludes 0: " + r);
    assertTrue(r.<Double>getAs("ci_high") > uplift, r.toString());
    assertTrue(r.<Double>getAs("p_value") < 0.05, r.toString());
  }

  /**
   * 30 independent null programmes (15 of 40 stores treated, no effect) in one build: the 95%
   * interval must include 0 in at least 90% of them (27 of 30).
   */
  @Test
  void nullProgrammeIntervalsIncludeZero() {
    int reps = 30;
    ProgramSimulation.Inputs in =
        ProgramSimulation.generate(
            SharedSpark.spark(), new Design(40, 15, 1, 0, 0.0, 0.0, reps), FIRST_DAY, 7L);
    List<Row> cohorts =
        UpliftProgram.build(
                in.paidOrders(), in.programRollouts(), in.stores(), in.runDate(), SETTINGS)
            .filter("cohort_start IS NOT NULL")
            .collectAsList();
    assertEquals(reps, cohorts.size());
    long covering =
        cohorts.stream()
            .filter(r -> r.<Double>getAs("ci_low") <= 0 && r.<Double>getAs("ci_high") >= 0)
            .count();
    assertTrue(covering >= 27, "intervals including 0: " + covering + " of " + reps);
    double meanUplift =
        cohorts.stream().mapToDouble(r -> r.<Double>getAs("uplift_pct")).average().orElseThrow();
    assertEquals(0.0, meanUplift, 2.0, "no bias under the null");
    for (Row r : cohorts) {
      assertEquals(15, r.<Integer>getAs("treated_stores"));
      assertEquals(25, r.<Integer>getAs("control_stores"));
    }
  }

  /**
   * Treated stores drifting up 2% a day before the rollout (no effect after): their later pre half
   * is about 25% above the earlier one, against a standard error of about 4% of the level.
   */
  @Test
  void divergingPreTrendIsFlagged() {
    ProgramSimulation.Inputs in =
        ProgramSimulation.generate(
            SharedSpark.spark(), new Design(40, 15, 1, 0, 0.0, 0.02, 1), FIRST_DAY, 5L);
    Row cohort =
        UpliftProgram.build(
                in.paidOrders(), in.programRollouts(), in.stores(), in.runDate(), SETTINGS)
            .filter("cohort_start IS NOT NULL")
            .first();
    assertTrue(cohort.<Double>getAs("pretrend_diff") > 0, cohort.toString());
    assertTrue(cohort.<Double>getAs("pretrend_p_value") < 0.05, cohort.toString());
    assertTrue(cohort.<String>getAs("warnings").contains("pre_trend"), cohort.toString());
  }
}
