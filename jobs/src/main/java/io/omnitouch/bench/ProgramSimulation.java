package io.omnitouch.bench;

import io.omnitouch.marts.uplift.UpliftProgram;
import io.omnitouch.schema.Schemas;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Synthetic store panels with a known programme effect, in the silver shapes {@code UpliftProgram}
 * reads (paid_orders, program_rollouts, stores): the simulation evidence of issue 5 (tests and
 * {@link UpliftBench}).
 *
 * <p>Model: store i has a level L_i (log-normal around {@link #MEAN_LEVEL} yuan a day); its revenue
 * on day t is {@code L_i × season(t) × trend(t) × noise} with a weekly season, a slow common trend
 * and multiplicative day noise; a day is closed (no sales, counted 0) with probability {@link
 * #CLOSED_DAY}; treated stores earn {@code × (1 + effect)} from their start date on, and {@code
 * preTrend} adds a treated-only drift before it (a violated parallel-trends assumption).
 *
 * <p>Experiments are laid in separate blocks of days: experiment k uses days {@code k × blockDays
 * ..}, its own programme name and its own random treated stores, and every store's revenue is drawn
 * afresh in every block. Since each cohort only looks at its own pre and post windows, one {@code
 * build} call runs many independent experiments (the null-coverage test runs 30 in one Spark job).
 */
public final class ProgramSimulation {
  public static final double MEAN_LEVEL = 1000.0;
  public static final double LEVEL_SPREAD = 0.4;
  public static final double DAY_NOISE = 0.3;
  public static final double CLOSED_DAY = 0.05;
  public static final double WEEKLY_AMPLITUDE = 0.15;
  public static final double TREND_PER_DAY = 0.002;

  /**
   * @param stores stores in the universe
   * @param treated treated stores per experiment (the rest are its controls)
   * @param cohorts cohorts per experiment: treated stores are split evenly, cohort c starts {@code
   *     cohortGapDays × c} days after the first
   * @param effect true relative effect in the post window (0.25 = +25%)
   * @param preTrend treated-only drift per pre day (0 = parallel trends)
   */
  public record Design(
      int stores,
      int treated,
      int cohorts,
      int cohortGapDays,
      double effect,
      double preTrend,
      int experiments) {
    /** Days each experiment owns: the pre and post windows of its last cohort. */
    public int blockDays() {
      return UpliftProgram.PRE_DAYS + UpliftProgram.POST_DAYS + cohortGapDays * (cohorts - 1);
    }
  }

  /** Silver-shaped inputs and the run date that closes every experiment's post window. */
  public record Inputs(
      Dataset<Row> paidOrders,
      Dataset<Row> programRollouts,
      Dataset<Row> stores,
      LocalDate runDate,
      List<String> programs) {}

  private ProgramSimulation() {}

  public static String program(int experiment) {
    return String.format(Locale.ROOT, "sim_%03d", experiment);
  }

  public static String store(int i) {
    return String.format(Locale.ROOT, "S%04d", i);
  }

  public static Inputs generate(SparkSession spark, Design d, LocalDate firstDay, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] level = new double[d.stores()];
    for (int i = 0; i < d.stores(); i++) {
      level[i] = MEAN_LEVEL * Math.exp(LEVEL_SPREAD * gaussian(random) - LEVEL_SPREAD / 2);
    }
    List<Row> orders = new ArrayList<>();
    List<Row> rollouts = new ArrayList<>();
    List<String> programs = new ArrayList<>();
    for (int k = 0; k < d.experiments(); k++) {
      LocalDate blockStart = firstDay.plusDays((long) k * d.blockDays());
      String program = program(k);
      programs.add(program);
      int[] startOffset = new int[d.stores()];
      Arrays.fill(startOffset, -1);
      int[] order = shuffled(random, d.stores());
      for (int j = 0; j < d.treated(); j++) {
        int cohort = j * d.cohorts() / d.treated();
        startOffset[order[j]] = UpliftProgram.PRE_DAYS + cohort * d.cohortGapDays();
        rollouts.add(
            RowFactory.create(
                store(order[j]),
                program,
                Date.valueOf(blockStart.plusDays(startOffset[order[j]]))));
      }
      for (int t = 0; t < d.blockDays(); t++) {
        LocalDate day = blockStart.plusDays(t);
        double season = 1 + WEEKLY_AMPLITUDE * Math.sin(2 * Math.PI * t / 7.0);
        double trend = 1 + TREND_PER_DAY * t;
        for (int i = 0; i < d.stores(); i++) {
          double noise = Math.max(0, 1 + DAY_NOISE * gaussian(random));
          boolean closed = random.nextDouble() < CLOSED_DAY;
          if (closed) {
            continue;
          }
          double value = level[i] * season * trend * noise;
          if (startOffset[i] >= 0) {
            value *=
                t >= startOffset[i]
                    ? 1 + d.effect()
                    : 1 + d.preTrend() * (t - (startOffset[i] - UpliftProgram.PRE_DAYS));
          }
          orders.add(order(store(i), day, k, t, value));
        }
      }
    }
    List<Row> stores = new ArrayList<>();
    for (int i = 0; i < d.stores(); i++) {
      stores.add(RowFactory.create(store(i), "store " + i, "330106", null, null, null));
    }
    LocalDate runDate = firstDay.plusDays((long) d.experiments() * d.blockDays() - 1);
    return new Inputs(
        spark.createDataFrame(orders, Schemas.struct("silver/paid_orders")),
        spark.createDataFrame(rollouts, Schemas.referenceStruct("reference/program_rollouts")),
        spark.createDataFrame(stores, Schemas.referenceStruct("reference/stores")),
        runDate,
        programs);
  }

  private static Row order(String store, LocalDate day, int block, int t, double value) {
    BigDecimal amount = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    return RowFactory.create(
        store + "-" + block + "-" + t,
        Date.valueOf(day),
        Timestamp.valueOf(day.atTime(12, 0)),
        null,
        "store",
        store,
        null,
        null,
        null,
        "330106",
        amount,
        1L,
        1);
  }

  private static int[] shuffled(SplittableRandom random, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** Standard normal draw (Box-Muller), so the panel depends only on the seed. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
