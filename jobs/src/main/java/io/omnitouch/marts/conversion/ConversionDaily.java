package io.omnitouch.marts.conversion;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * {@code conversion_daily}: for channel c and day d, the reached users are the distinct users with
 * at least one c-touch on d; a reached user converts when they have a paid order with {@code
 * order_time} in {@code [first c-touch on d, that touch + 7 days]}. One row per dt, channel and
 * store_id (a user counts at every store where they had a c-touch on d; null when the touch has no
 * store) plus one row per dt and channel with store_id {@code ALL} (distinct users, so store rows
 * do not add up to it): reached_users, converted_users, conversion_rate, revenue (value of the paid
 * orders inside converted users' windows) and matured (run date >= d + 7). Every run restates the
 * cohorts from run date - 7 to the run date, so cohort d is final, and matured, from the run of d +
 * 7.
 */
public final class ConversionDaily extends Mart {
  public static final String NAME = "conversion_daily";

  /** A reached user converts within 7 days of their first touch of the day. */
  public static final int WINDOW_DAYS = 7;

  /** store_id of the channel-total row. */
  public static final String ALL_STORES = "ALL";

  public ConversionDaily() {
    super(NAME, "conversion", "dt");
  }

  @Override
  public int restatedDays() {
    return WINDOW_DAYS;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> touches =
        wh.read("silver/touches").filter(DateRange.between(col("touch_date"), from, to));
    Dataset<Row> orders =
        wh.read("silver/paid_orders")
            .filter(DateRange.between(col("order_date"), from, to.plusDays(WINDOW_DAYS)));
    return build(touches, orders, from, to, ctx.runDate());
  }

  /** Touches of the cohort days {@code from..to}, paid orders up to {@code to + 7}. */
  public static Dataset<Row> build(
      Dataset<Row> touches,
      Dataset<Row> paidOrders,
      LocalDate from,
      LocalDate to,
      LocalDate runDate) {
    Dataset<Row> cohortTouches =
        touches
            .filter(DateRange.between(col("touch_date"), from, to).and(col("user_id").isNotNull()))
            .select(
                col("touch_date").as("dt"),
                col("channel"),
                col("user_id"),
                col("store_id"),
                col("touch_time"));
    Dataset<Row> reached =
        cohortTouches.groupBy("dt", "channel", "user_id").agg(min("touch_time").as("first_touch"));
    Dataset<Row> userOutcome = outcomes(reached, paidOrders);
    Dataset<Row> reachedAtStore =
        cohortTouches.select("dt", "channel", "user_id", "store_id").distinct();
    Dataset<Row> perStore =
        summarise(
            reachedAtStore
                .join(userOutcome, new String[] {"dt", "channel", "user_id"}, "inner")
                .groupBy("dt", "channel", "store_id"));
    Dataset<Row> allStores =
        summarise(userOutcome.groupBy("dt", "channel")).withColumn("store_id", lit(ALL_STORES));
    Column matured = lit(Date.valueOf(runDate)).geq(date_add(col("dt"), WINDOW_DAYS));
    return perStore
        .unionByName(allStores)
        .select(
            col("dt"),
            col("channel"),
            col("store_id"),
            col("reached_users"),
            col("converted_users"),
            col("converted_users").divide(col("reached_users")).as("conversion_rate"),
            col("revenue").cast("decimal(18,2)").as("revenue"),
            matured.as("matured"));
  }

  /** Per reached user: converted or not, and the value of their orders inside the window. */
  static Dataset<Row> outcomes(Dataset<Row> reached, Dataset<Row> paidOrders) {
    Dataset<Row> buyers =
        paidOrders
            .filter(col("user_id").isNotNull())
            .select(col("user_id").as("buyer"), col("order_time"), col("value"));
    Column windowEnd =
        col("first_touch").plus(expr(String.format(Locale.ROOT, "INTERVAL '%d' DAY", WINDOW_DAYS)));
    Column inWindow =
        col("user_id")
            .equalTo(col("buyer"))
            .and(col("order_time").geq(col("first_touch")))
            .and(col("order_time").leq(windowEnd));
    return reached
        .join(buyers, inWindow, "left")
        .groupBy("dt", "channel", "user_id")
        .agg(
            count("buyer").gt(0).as("converted"),
            coalesce(sum("value"), lit(0).cast("decimal(18,2)")).as("revenue"));
  }

  /** Reached and converted users (distinct) and the revenue of their windows. */
  private static Dataset<Row> summarise(RelationalGroupedDataset cohort) {
    return cohort.agg(
        countDistinct("user_id").as("reached_users"),
        countDistinct(when(col("converted"), col("user_id"))).as("converted_users"),
        sum("revenue").as("revenue"));
  }
}
