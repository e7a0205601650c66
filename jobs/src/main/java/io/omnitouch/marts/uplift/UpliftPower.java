package io.omnitouch.marts.uplift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code uplift_power} (marts.md, Uplift planning): as of dt (the run date), one row per program ×
 * treated_stores (5, 10, 20, 40, 80) × post_weeks (2, 4, 8): mde_pct, the smallest true uplift
 * (percent of the counterfactual mean) a rollout of that size and length would detect with 80%
 * power at α = 0.05 two-sided, against the stores that have not adopted the programme, from their
 * store-day revenue of the last 8 weeks.
 *
 * <p>Method (the design {@code uplift_program} analyses: the DiD of a cohort's mean store-day
 * revenue over its 4 pre weeks and its post weeks, against the remaining non-adopters). History:
 * the candidate stores (no adoption of the programme by dt, open before the history starts; stores
 * without sales count 0 a day) and their mean revenue per store-day y_iw in each of the last 8
 * whole weeks ending on dt (weeks before the first order date in the warehouse are left out; fewer
 * than 2 weeks or 3 candidates give null). Estimated from it: μ, the mean of y (the counterfactual
 * store-day revenue); σ², the week-to-week noise of a store's weekly mean, the residual variance of
 * y after store and week effects ({@code Σ e² / ((S − 1)(W − 1))}); V, the between-store variance
 * of the stores' mean levels. With n treated stores drawn from the S candidates, S − n controls, 4
 * pre and w post weeks and independent weeks, the DiD under no effect has variance {@code SE0² = σ²
 * (1/4 + 1/w)(1/n + 1/(S − n))}; a relative effect δ multiplies each treated store's level, which
 * adds {@code δ² V / n}. The interval detects δ with 80% power when {@code δμ = (z_0.975 + z_0.8) ×
 * SE(δ)}, so {@code δ = z SE0 / sqrt(μ² − z² V / n)} with z = 2.8016; mde_pct = 100 δ. Null when S
 * − n < 2 (too few controls left) or the denominator is not positive (no size detects it).
 * Validated by simulation in {@code omnitouch bench uplift}: at the MDE, the share of simulated
 * rollouts whose {@code uplift_program} interval excludes 0 (printed there).
 */
public final class UpliftPower extends Mart {
  public static final String NAME = "uplift_power";
  public static final int[] TREATED_STORES = {5, 10, 20, 40, 80};
  public static final int[] POST_WEEKS = {2, 4, 8};
  public static final int HISTORY_WEEKS = 8;
  static final int PRE_WEEKS = UpliftProgram.PRE_DAYS / StoreWeeks.DAYS_PER_WEEK;
  static final double ALPHA = 0.05;
  static final double POWER = 0.8;
  private static final int MIN_WEEKS = 2;
  private static final int MIN_CONTROLS = 2;
  private static final double PERCENT = 100.0;

  /** z_{1−α/2} + z_{power}. */
  static final double Z =
      new NormalDistribution().inverseCumulativeProbability(1 - ALPHA / 2)
          + new NormalDistribution().inverseCumulativeProbability(POWER);

  public UpliftPower() {
    super(NAME, UpliftInputs.GROUP, "dt");
  }

  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    return UpliftInputs.asOfEachDate(ctx, from, to, (o, r, s, d) -> build(o, r, s, d));
  }

  /** The statistics of a candidate pool's history that the MDE needs. */
  public record History(
      int stores, int weeks, double mean, double noiseVariance, double levelVariance) {
    /** From store × week means (rows: stores, columns: weeks); null with too little history. */
    public static History of(double[][] y) {
      int s = y.length;
      int w = s == 0 ? 0 : y[0].length;
      if (s < MIN_CONTROLS + 1 || w < MIN_WEEKS) {
        return null;
      }
      double[] storeMean = new double[s];
      double[] weekMean = new double[w];
      double grand = 0;
      for (int i = 0; i < s; i++) {
        for (int j = 0; j < w; j++) {
          storeMean[i] += y[i][j] / w;
          weekMean[j] += y[i][j] / s;
          grand += y[i][j] / (s * (double) w);
        }
      }
      double ss = 0;
      for (int i = 0; i < s; i++) {
        for (int j = 0; j < w; j++) {
          double e = y[i][j] - storeMean[i] - weekMean[j] + grand;
          ss += e * e;
        }
      }
      double levels = 0;
      for (double m : storeMean) {
        levels += (m - grand) * (m - grand);
      }
      return new History(s, w, grand, ss / ((s - 1.0) * (w - 1.0)), levels / (s - 1.0));
    }

    /** The MDE in percent for n treated stores and w post weeks; null when not detectable. */
    public Double mdePct(int treated, int postWeeks) {
      int controls = stores - treated;
      if (controls < MIN_CONTROLS || mean <= 0) {
        return null;
      }
      double se0 =
          Math.sqrt(
              noiseVariance
                  * (1.0 / PRE_WEEKS + 1.0 / postWeeks)
                  * (1.0 / treated + 1.0 / controls));
      double denominator = mean * mean - Z * Z * levelVariance / treated;
      if (denominator <= 0) {
        return null;
      }
      return PERCENT * Z * se0 / Math.sqrt(denominator);
    }
  }

  /**
   * @param paidOrders silver/paid_orders
   * @param programRollouts silver/program_rollouts (store_id, program, start_date)
   * @param stores silver/stores (store_id, open_date)
   */
  public static Dataset<Row> build(
      Dataset<Row> paidOrders,
      Dataset<Row> programRollouts,
      Dataset<Row> stores,
      LocalDate runDate) {
    LocalDate historyStart = runDate.minusDays(HISTORY_WEEKS * 7L - 1);
    Row first = StoreRevenue.dataStart(paidOrders, runDate).first();
    LocalDate dataStart = first.isNullAt(0) ? runDate.plusDays(1) : first.getDate(0).toLocalDate();
    // The first whole week on or after the first order date.
    int firstWeek =
        (int) Math.max(0, -Math.floorDiv(-ChronoUnit.DAYS.between(historyStart, dataStart), 7));
    LocalDate usedStart = historyStart.plusDays(7L * firstWeek);
    int weeks = HISTORY_WEEKS - firstWeek;

    Map<String, double[]> sums = new HashMap<>();
    if (weeks > 0) {
      for (Row r :
          StoreRevenue.daily(paidOrders, runDate)
              .filter(col("date").geq(lit(Date.valueOf(usedStart))))
              .withColumn(
                  "week",
                  floor(datediff(col("date"), lit(Date.valueOf(usedStart))).divide(7)).cast("int"))
              .groupBy("store_id", "week")
              .agg(sum("revenue").as("revenue"))
              .collectAsList()) {
        sums.computeIfAbsent(r.getAs("store_id"), k -> new double[weeks])[
                r.<Integer>getAs("week")] =
            r.<Double>getAs("revenue") / 7;
      }
    }
    Map<String, Set<String>> adopters = new HashMap<>();
    Set<String> programs = new TreeSet<>();
    for (Row r : programRollouts.select("program", "store_id", "start_date").collectAsList()) {
      programs.add(r.getAs("program"));
      if (!r.<Date>getAs("start_date").toLocalDate().isAfter(runDate)) {
        adopters.computeIfAbsent(r.getAs("program"), k -> new HashSet<>()).add(r.getAs("store_id"));
      }
    }
    List<String> openStores = new ArrayList<>();
    for (Row r : StoreRevenue.universe(stores, programRollouts).collectAsList()) {
      Date open = r.getAs("open_date");
      if (open == null || !open.toLocalDate().isAfter(usedStart)) {
        openStores.add(r.getAs("store_id"));
      }
    }
    openStores.sort(String::compareTo);

    List<Row> out = new ArrayList<>();
    for (String program : programs) {
      Set<String> adopted = adopters.getOrDefault(program, Set.of());
      double[][] y =
          openStores.stream()
              .filter(s -> !adopted.contains(s))
              .map(s -> sums.getOrDefault(s, new double[Math.max(weeks, 0)]))
              .toArray(double[][]::new);
      History h = weeks > 0 ? History.of(y) : null;
      for (int n : TREATED_STORES) {
        for (int w : POST_WEEKS) {
          out.add(
              RowFactory.create(
                  Date.valueOf(runDate),
                  program,
                  n,
                  w,
                  h == null ? null : h.mdePct(n, w),
                  y.length,
                  Math.max(weeks, 0),
                  h == null ? null : h.mean()));
        }
      }
    }
    return paidOrders.sparkSession().createDataFrame(out, Schemas.struct("marts/" + NAME));
  }
}
