package io.omnitouch.marts.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code customer_repurchase_cohorts}: one row per dt (the day a cohort of buyers was new: no paid
 * order dated dt − 365 … dt − 1) × channel (the channel of each new buyer's first paid order that
 * day, lowest order_time then order_id; plus {@code ALL}): new_buyers, repurchased_30d (of them,
 * buyers with a paid order dated dt + 1 … dt + 30; a second order on dt does not count),
 * repurchased_90d (dt + 1 … dt + 90), repurchase_rate_30d, repurchase_rate_90d, matured_30d (run
 * date ≥ dt + 30), matured_90d (run date ≥ dt + 90). A run restates the cohorts of the 90 days up
 * to its date. Every date of the range has an {@code ALL} row (rates null without new buyers).
 */
public final class CustomerRepurchaseCohorts extends Mart {
  public static final String NAME = "customer_repurchase_cohorts";
  static final int SHORT_DAYS = 30;
  static final int LONG_DAYS = 90;

  public CustomerRepurchaseCohorts() {
    super(NAME, "customers", "dt");
  }

  @Override
  public int restatedDays() {
    return LONG_DAYS;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    BuyerTimeline timeline = BuyerTimeline.read(ctx, from, to);
    return build(timeline.base(), timeline.recent(), from, to);
  }

  /**
   * @param base {@code silver/customer_state} as of a date before {@code from}
   * @param recent {@code silver/buyer_days} after the base's as_of up to {@code to} (the run date)
   */
  public static Dataset<Row> build(
      Dataset<Row> base, Dataset<Row> recent, LocalDate from, LocalDate to) {
    Dataset<Row> timeline = BuyerTimeline.dates(base, recent);
    Dataset<Row> recentCohorts =
        timeline
            .filter(col("recent").and(BuyerTimeline.isNew()))
            .select(
                col("user_id"),
                col("order_date").as("dt"),
                col("first_channel").as("channel"),
                col("next_order_date").as("repurchase_date"));
    // A cohort before the base's as_of: its first repurchase is in the state, or the first recent
    // date (every recent date is after the cohort day).
    Dataset<Row> firstRecent =
        recent.groupBy(col("user_id").as("r_user")).agg(min("order_date").as("first_recent"));
    Dataset<Row> baseCohorts =
        base.join(firstRecent, base.col("user_id").equalTo(col("r_user")), "left")
            .select(
                col("user_id"),
                col("cohort_date").as("dt"),
                col("cohort_channel").as("channel"),
                coalesce(col("next_order_date"), col("first_recent")).as("repurchase_date"));
    Dataset<Row> members =
        recentCohorts.unionByName(baseCohorts).filter(DateRange.between(col("dt"), from, to));
    Dataset<Row> perChannel =
        members.groupBy("dt", "channel").agg(counts()[0], counts()[1], counts()[2]);
    Dataset<Row> all =
        members
            .withColumn("channel", lit(CustomerAssetsDaily.ALL))
            .groupBy("dt", "channel")
            .agg(counts()[0], counts()[1], counts()[2]);
    Dataset<Row> allDays =
        base.sparkSession()
            .range(1)
            .select(
                explode(sequence(lit(Date.valueOf(from)), lit(Date.valueOf(to)))).as("dt"),
                lit(CustomerAssetsDaily.ALL).as("channel"));
    Dataset<Row> allRows = allDays.join(all, new String[] {"dt", "channel"}, "left");
    return finish(perChannel.unionByName(allRows), to);
  }

  private static Column[] counts() {
    Column daysToRepurchase =
        org.apache.spark.sql.functions.datediff(col("repurchase_date"), col("dt"));
    return new Column[] {
      count(lit(1)).as("new_buyers"),
      coalesce(sum(when(daysToRepurchase.leq(SHORT_DAYS), 1L)), lit(0L)).as("repurchased_30d"),
      coalesce(sum(when(daysToRepurchase.leq(LONG_DAYS), 1L)), lit(0L)).as("repurchased_90d")
    };
  }

  private static Dataset<Row> finish(Dataset<Row> rows, LocalDate to) {
    Column runDate = lit(Date.valueOf(to));
    Column buyers = coalesce(col("new_buyers"), lit(0L));
    Column r30 = coalesce(col("repurchased_30d"), lit(0L));
    Column r90 = coalesce(col("repurchased_90d"), lit(0L));
    return rows.select(
        col("dt"),
        col("channel"),
        buyers.as("new_buyers"),
        r30.as("repurchased_30d"),
        r90.as("repurchased_90d"),
        when(buyers.gt(0), r30.cast("double").divide(buyers)).as("repurchase_rate_30d"),
        when(buyers.gt(0), r90.cast("double").divide(buyers)).as("repurchase_rate_90d"),
        runDate.geq(date_add(col("dt"), SHORT_DAYS)).as("matured_30d"),
        runDate.geq(date_add(col("dt"), LONG_DAYS)).as("matured_90d"));
  }
}
