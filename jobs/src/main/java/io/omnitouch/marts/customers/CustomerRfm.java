package io.omnitouch.marts.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.BuyerDays;
import io.omnitouch.silver.CustomerState;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code customer_rfm}: a snapshot as of dt (each run writes its run date): one row per buyer with
 * a paid order dated dt − 364 … dt: user_id, first_order_date (earliest paid order in the
 * warehouse), last_order_date, recency_days (dt − last_order_date; 0 = bought on dt), orders_365d,
 * revenue_365d, segment, the first that holds: {@code champion} (recency_days ≤ 30 and orders_365d
 * ≥ 3), {@code new} (orders_365d = 1 and recency_days ≤ 30), {@code active} (recency_days ≤ 90),
 * {@code lapsing} (≤ 180), {@code lapsed} (otherwise). {@code lapsing} + {@code lapsed} of a
 * snapshot equal the {@code ALL} row's churned_customers of that date.
 */
public final class CustomerRfm extends Mart {
  public static final String NAME = "customer_rfm";
  static final int RECENT_DAYS = 30;
  static final int CHAMPION_ORDERS = 3;
  static final int ACTIVE_DAYS = 90;
  static final int LAPSING_DAYS = 180;

  public CustomerRfm() {
    super(NAME, "customers", "dt");
  }

  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    BuyerTimeline timeline = BuyerTimeline.read(ctx, to, to);
    Dataset<Row> leaving =
        ctx.warehouse()
            .read(BuyerDays.TABLE)
            .filter(
                DateRange.between(
                    col("order_date"),
                    timeline.baseAsOf().minusDays(CustomerState.WINDOW_DAYS - 1L),
                    to.minusDays(CustomerState.WINDOW_DAYS)));
    return build(timeline.base(), leaving, timeline.recent(), to);
  }

  /**
   * @param base {@code silver/customer_state} as of a date b before {@code asOf}
   * @param leaving buyer-days dated b − 364 … asOf − 365: in the base's window, not in asOf's
   * @param recent buyer-days dated b + 1 … asOf
   */
  public static Dataset<Row> build(
      Dataset<Row> base, Dataset<Row> leaving, Dataset<Row> recent, LocalDate asOf) {
    Column zero = lit(0).cast("decimal(18,2)");
    Dataset<Row> added =
        recent
            .groupBy(col("user_id").as("r_user"))
            .agg(
                min("order_date").as("r_first"),
                max("order_date").as("r_last"),
                sum("orders").as("r_orders"),
                sum("revenue").as("r_revenue"));
    Dataset<Row> left =
        leaving
            .groupBy(col("user_id").as("l_user"))
            .agg(sum("orders").as("l_orders"), sum("revenue").as("l_revenue"));
    Dataset<Row> s = base.alias("s");
    Dataset<Row> joined =
        s.join(added, col("s.user_id").equalTo(col("r_user")), "full_outer")
            .join(left, coalesce(col("s.user_id"), col("r_user")).equalTo(col("l_user")), "left");
    Column day = lit(Date.valueOf(asOf));
    Dataset<Row> buyers =
        joined.select(
            day.as("dt"),
            coalesce(col("s.user_id"), col("r_user")).as("user_id"),
            coalesce(col("s.first_order_date"), col("r_first")).as("first_order_date"),
            coalesce(col("r_last"), col("s.last_order_date")).as("last_order_date"),
            coalesce(col("s.orders_365d"), lit(0L))
                .plus(coalesce(col("r_orders"), lit(0L)))
                .minus(coalesce(col("l_orders"), lit(0L)))
                .as("orders_365d"),
            coalesce(col("s.revenue_365d"), zero)
                .plus(coalesce(col("r_revenue"), zero))
                .minus(coalesce(col("l_revenue"), zero))
                .as("revenue_365d"));
    Column recency = datediff(day, col("last_order_date"));
    Dataset<Row> inWindow =
        buyers
            .withColumn("recency_days", recency)
            .filter(col("recency_days").lt(CustomerState.WINDOW_DAYS));
    Column segment =
        when(
                col("recency_days").leq(RECENT_DAYS).and(col("orders_365d").geq(CHAMPION_ORDERS)),
                "champion")
            .when(col("orders_365d").equalTo(1).and(col("recency_days").leq(RECENT_DAYS)), "new")
            .when(col("recency_days").leq(ACTIVE_DAYS), "active")
            .when(col("recency_days").leq(LAPSING_DAYS), "lapsing")
            .otherwise("lapsed");
    return inWindow.select(
        col("dt"),
        col("user_id"),
        col("first_order_date"),
        col("last_order_date"),
        col("recency_days"),
        col("orders_365d"),
        col("revenue_365d").cast("decimal(18,2)").as("revenue_365d"),
        segment.as("segment"));
  }
}
