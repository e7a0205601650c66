package io.omnitouch.bench;

import io.omnitouch.bench.ProgramSimulation.Design;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.uplift.UpliftPower;
import io.omnitouch.marts.uplift.UpliftProgram;
import io.omnitouch.spark.SparkSessions;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Coverage benchmark of {@code uplift_program}'s store-level cluster bootstrap (not a test: it
 * prints figures). Runs many independent synthetic programmes through {@link UpliftProgram#build}
 * (one Spark job per scenario, see {@link ProgramSimulation}) and prints, per scenario, how often
 * the 95% interval covers the true uplift, how often it excludes 0, the mean estimate and the time.
 *
 * <pre>
 * mvn -B -q compile
 * mvn -B -q dependency:build-classpath -pl jobs -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=runtime
 * java $SPARK_JAVA17_FLAGS -cp "jobs/target/classes:$(cat /tmp/cp.txt)" \
 *     io.omnitouch.bench.UpliftBench [experiments=200] [seed=42] [all|coverage|power] 2>/dev/null
 * </pre>
 *
 * <p>Power ({@code uplift_power}'s validation): per scenario, the MDE at 80% power that {@link
 * UpliftPower} computes from an 8-week history of the scenario's stores (nobody treated, a separate
 * draw), then as many simulated rollouts with that true effect through {@link UpliftProgram}; the
 * share whose 95% interval excludes 0 should be 80% ± 5 points. uplift_program's post window is at
 * most 28 days, so the validated length is 4 post weeks.
 *
 * <p>(the flags are the root pom's {@code spark.java17.flags}).
 */
public final class UpliftBench {
  private static final int DEFAULT_REPS = 200;
  private static final long DEFAULT_SEED = 42L;
  private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
  private static final int VALIDATED_POST_WEEKS = 4;
  private static final String PLANNED = "planned";

  private UpliftBench() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_REPS;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
    String part = args.length > 2 ? args[2] : "all";
    OmnitouchConfig config =
        OmnitouchConfig.builder().master("local[2]").shufflePartitions(2).build();
    SparkSession spark = SparkSessions.create(config, "uplift-bench");
    spark.sparkContext().setLogLevel("ERROR");
    try {
      if (!part.equals("power")) {
        coverage(spark, config, reps, seed);
      }
      if (!part.equals("coverage")) {
        System.out.printf(
            Locale.ROOT,
            "uplift_power at 80%% power, %d post weeks, %d rollouts per scenario, seed %d%n",
            VALIDATED_POST_WEEKS,
            reps,
            seed);
        System.out.println("scenario                 mde_pct  detected  seconds");
        power(spark, config, 40, 10, reps, seed);
        power(spark, config, 60, 20, reps, seed);
      }
    } finally {
      spark.stop();
    }
  }

  private static void coverage(SparkSession spark, OmnitouchConfig config, int reps, long seed) {
    System.out.printf(
        Locale.ROOT,
        "uplift_program bootstrap: %d replicates, %d experiments per scenario, seed %d%n",
        config.uplift.bootstrapReplicates(),
        reps,
        seed);
    System.out.println(
        "scenario                          true  mean_est  covers_true  excludes_0  seconds");
    scenario(spark, config, "null, 15 of 40 stores", new Design(40, 15, 1, 0, 0, 0, reps), seed);
    scenario(spark, config, "null, 5 of 40 stores", new Design(40, 5, 1, 0, 0, 0, reps), seed);
    scenario(spark, config, "+25%, 15 of 40 stores", new Design(40, 15, 1, 0, 0.25, 0, reps), seed);
    scenario(
        spark,
        config,
        "+25%, 20 of 50, 2 cohorts (pooled)",
        new Design(50, 20, 2, 7, 0.25, 0, reps),
        seed);
  }

  /**
   * The MDE of {@code treated} of {@code stores} stores from an 8-week history in which nobody is
   * treated (the only adoption is of a store outside the panel, so every panel store is a
   * candidate), then {@code reps} rollouts with that effect: the share detected.
   */
  private static void power(
      SparkSession spark, OmnitouchConfig config, int stores, int treated, int reps, long seed) {
    long started = System.nanoTime();
    ProgramSimulation.Inputs history =
        ProgramSimulation.generate(
            spark, new Design(stores, treated, 1, 0, 0, 0, 1), FIRST_DAY, seed + 1);
    Dataset<Row> planned =
        spark.createDataFrame(
            List.of(RowFactory.create("outside-the-panel", PLANNED, Date.valueOf(FIRST_DAY))),
            history.programRollouts().schema());
    Row row =
        UpliftPower.build(history.paidOrders(), planned, history.stores(), history.runDate())
            .filter(
                String.format(
                    Locale.ROOT,
                    "program = '%s' AND treated_stores = %d AND post_weeks = %d",
                    PLANNED,
                    treated,
                    VALIDATED_POST_WEEKS))
            .first();
    double mdePct = row.getAs("mde_pct");
    ProgramSimulation.Inputs in =
        ProgramSimulation.generate(
            spark, new Design(stores, treated, 1, 0, mdePct / 100, 0, reps), FIRST_DAY, seed);
    List<Row> rows =
        UpliftProgram.build(
                in.paidOrders(), in.programRollouts(), in.stores(), in.runDate(), config.uplift)
            .filter("cohort_start IS NOT NULL")
            .collectAsList();
    int detected = 0;
    for (Row r : rows) {
      Double low = r.getAs("ci_low");
      Double high = r.getAs("ci_high");
      detected += low != null && (low > 0 || high < 0) ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "%-24s %7.2f  %6.1f%% (%d)  %7.1f%n",
        treated + " of " + stores + " stores",
        mdePct,
        100.0 * detected / rows.size(),
        rows.size(),
        (System.nanoTime() - started) / 1e9);
  }

  private static void scenario(
      SparkSession spark, OmnitouchConfig config, String name, Design design, long seed) {
    long started = System.nanoTime();
    ProgramSimulation.Inputs in = ProgramSimulation.generate(spark, design, FIRST_DAY, seed);
    String rowFilter = design.cohorts() == 1 ? "cohort_start IS NOT NULL" : "cohort_start IS NULL";
    List<Row> rows =
        UpliftProgram.build(
                in.paidOrders(), in.programRollouts(), in.stores(), in.runDate(), config.uplift)
            .filter(rowFilter)
            .collectAsList();
    double truth = 100 * design.effect();
    int covers = 0;
    int excludesZero = 0;
    double sum = 0;
    for (Row r : rows) {
      double low = r.getAs("ci_low");
      double high = r.getAs("ci_high");
      covers += low <= truth && truth <= high ? 1 : 0;
      excludesZero += low > 0 || high < 0 ? 1 : 0;
      sum += r.<Double>getAs("uplift_pct");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-33s %5.1f  %8.2f  %6.1f%% (%d)  %6.1f%%  %7.1f%n",
        name,
        truth,
        sum / rows.size(),
        100.0 * covers / rows.size(),
        rows.size(),
        100.0 * excludesZero / rows.size(),
        seconds);
  }
}
