package io.omnitouch.marts.uplift;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code store_doubling_daily}: one row per dt (the run date), store and programme the store had
 * adopted by dt — the 倍增 progress (marts.md, Uplift).
 *
 * <p>baseline = the store's own mean daily revenue in the 28 days before its rollout of that
 * programme; revenue_7d_mean = its mean daily revenue over dt − 6 .. dt; multiple = revenue_7d_mean
 * / baseline; {@code doubled} (multiple ≥ 2) shows at a glance who reached the target. Revenue is
 * the paid orders credited to the store by order date; a day without sales counts as 0.
 *
 * <p>Readings of the contract: days before the first order date in the warehouse and days before
 * the store's open_date are not days without sales, so they are left out of both means ({@code
 * baseline_days} says how many days the baseline has; 0 makes baseline and multiple null); a
 * baseline of 0 leaves the multiple null rather than infinite.
 */
public final class StoreDoublingDaily extends Mart {
  public static final String NAME = "store_doubling_daily";

  /** Days before the rollout start that make the baseline (the contract's 28). */
  public static final int BASELINE_DAYS = 28;

  /** Days of the trailing mean, dt included. */
  public static final int TRAILING_DAYS = 7;

  /** The 倍增 target: double the baseline. */
  public static final double DOUBLING_TARGET = 2.0;

  public StoreDoublingDaily() {
    super(NAME, UpliftInputs.GROUP, "dt");
  }

  /** Estimated as of the run date (a backfill estimates as of its last date). */
  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    int baselineDays = ctx.config().uplift.doublingBaselineDays();
    int trailingDays = ctx.config().uplift.doublingTrailingDays();
    return UpliftInputs.asOfEachDate(
        ctx, from, to, (o, r, s, d) -> build(o, r, s, d, baselineDays, trailingDays));
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
    return build(paidOrders, programRollouts, stores, runDate, BASELINE_DAYS, TRAILING_DAYS);
  }

  /** As {@link #build(Dataset, Dataset, Dataset, LocalDate)} with other window lengths (config). */
  public static Dataset<Row> build(
      Dataset<Row> paidOrders,
      Dataset<Row> programRollouts,
      Dataset<Row> stores,
      LocalDate runDate,
      int baselineDays,
      int trailingDays) {
    Column asOf = lit(Date.valueOf(runDate));
    Dataset<Row> adopted =
        programRollouts
            .filter(col("start_date").leq(asOf))
            .select("store_id", "program", "start_date")
            .join(StoreRevenue.universe(stores, programRollouts), new String[] {"store_id"}, "left")
            .crossJoin(StoreRevenue.dataStart(paidOrders, runDate));
    Dataset<Row> windows = windows(adopted, asOf, baselineDays, trailingDays);
    Dataset<Row> sums = windowSums(windows, StoreRevenue.daily(paidOrders, runDate));
    Column baseline =
        when(col("baseline_days").gt(0), col("baseline_sum").divide(col("baseline_days")));
    Column trailing =
        when(col("trailing_days").gt(0), col("trailing_sum").divide(col("trailing_days")));
    Dataset<Row> progress =
        sums.withColumn("baseline", baseline)
            .withColumn("revenue_7d_mean", trailing)
            .withColumn(
                "multiple",
                when(col("baseline").gt(0), col("revenue_7d_mean").divide(col("baseline"))));
    return progress.select(
        asOf.as("dt"),
        col("store_id"),
        col("program"),
        col("baseline"),
        col("revenue_7d_mean"),
        col("multiple"),
        col("start_date"),
        col("baseline_days"),
        datediff(asOf, col("start_date")).as("days_since_start"),
        col("multiple").geq(DOUBLING_TARGET).as("doubled"));
  }

  /**
   * The two windows of each adoption, clipped to the known days (first order date, open date): the
   * baseline {@code [base_start, start_date)} and the trailing {@code [trail_start, dt]}.
   */
  private static Dataset<Row> windows(
      Dataset<Row> adopted, Column asOf, int baselineDays, int trailingDays) {
    Column known = greatest(col("data_start"), col("open_date"));
    return adopted
        .withColumn("base_start", greatest(date_sub(col("start_date"), baselineDays), known))
        .withColumn(
            "baseline_days", greatest(lit(0), datediff(col("start_date"), col("base_start"))))
        .withColumn("trail_start", greatest(date_sub(asOf, trailingDays - 1), known))
        .withColumn("trailing_days", greatest(lit(0), datediff(asOf, col("trail_start")).plus(1)));
  }

  private static Dataset<Row> windowSums(Dataset<Row> windows, Dataset<Row> daily) {
    Column date = daily.col("date");
    Column inBaseline = date.geq(col("base_start")).and(date.lt(col("start_date")));
    Column inTrailing = date.geq(col("trail_start"));
    Column relevant =
        windows.col("store_id").equalTo(daily.col("store_id")).and(inBaseline.or(inTrailing));
    return windows
        .join(daily, relevant, "left")
        .groupBy(
            windows.col("store_id"),
            col("program"),
            col("start_date"),
            col("baseline_days"),
            col("trailing_days"))
        .agg(
            coalesce(sum(when(inBaseline, col("revenue"))), lit(0.0)).as("baseline_sum"),
            coalesce(sum(when(inTrailing, col("revenue"))), lit(0.0)).as("trailing_sum"));
  }
}
