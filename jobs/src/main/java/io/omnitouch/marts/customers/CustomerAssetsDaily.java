package io.omnitouch.marts.customers;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.PaidOrders;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code customer_assets_daily}: one row per dt (order date) × channel (the order channel, plus
 * {@code ALL}). A buyer is a known user (user_id not null) with a paid order; anonymous orders
 * count in no buyer figure. A buyer is <em>new</em> on d when they have no paid order dated d − 365
 * … d − 1, otherwise <em>returning</em>; a returning buyer is <em>reactivated</em> (回流) when their
 * latest paid order before d is dated d − 91 or earlier. The status is the buyer's, across
 * channels. buyers (distinct buyers with a paid order that day), new_buyers, returning_buyers,
 * reactivated_buyers, orders (their paid orders), revenue (those orders' value), new_buyer_revenue,
 * returning_buyer_revenue, avg_order_value (revenue / orders, 客单价 per order), revenue_per_buyer
 * (revenue / buyers), history_days (days of order history in the warehouse before dt, capped at
 * 365: "new" is only exact at 365). On {@code ALL} rows also active_customers_365d (distinct buyers
 * with a paid order dated d − 364 … d) and churned_customers (流失: buyers with a paid order dated d
 * − 364 … d − 91 and none dated d − 90 … d); null on channel rows. Classification reads every paid
 * order loaded so far; a run restates every date from the earliest order date it changed.
 *
 * <p>history_days = dt − the earliest paid order date of a known buyer in the warehouse, between 0
 * and 365. Every date of the range has an {@code ALL} row (zero buyers on a day without sales);
 * channel rows exist where that channel sold to a known buyer. Money figures are rounded to fen.
 */
public final class CustomerAssetsDaily extends Mart {
  public static final String NAME = "customer_assets_daily";
  public static final String ALL = "ALL";

  /** active: latest order d − 364 … d. */
  static final int ACTIVE_DAYS = 365;

  /** history_days is capped here: "new" is exact with 365 days of history. */
  static final int HISTORY_CAP_DAYS = 365;

  /** 流失: latest order d − 364 … d − 91. */
  static final int CHURN_GAP_DAYS = 91;

  public CustomerAssetsDaily() {
    super(NAME, "customers", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    BuyerTimeline timeline = BuyerTimeline.read(ctx, from, to);
    Dataset<Row> orders =
        ctx.warehouse()
            .read(PaidOrders.TABLE)
            .filter(DateRange.between(col("order_date"), from, to));
    return build(orders, timeline.base(), timeline.recent(), from, to);
  }

  /**
   * @param paidOrders silver paid orders of {@code from … to}
   * @param base {@code silver/customer_state} as of a date before {@code from}
   * @param recent {@code silver/buyer_days} after the base's as_of up to {@code to}
   */
  public static Dataset<Row> build(
      Dataset<Row> paidOrders,
      Dataset<Row> base,
      Dataset<Row> recent,
      LocalDate from,
      LocalDate to) {
    Dataset<Row> timeline = BuyerTimeline.dates(base, recent);
    Dataset<Row> status =
        timeline
            .filter(col("recent").and(DateRange.between(col("order_date"), from, to)))
            .select(
                col("user_id").as("s_user"),
                col("order_date").as("s_date"),
                BuyerTimeline.isNew().as("_new"),
                BuyerTimeline.isReactivated().as("_reactivated"));
    Dataset<Row> buyerOrders =
        paidOrders
            .filter(col("user_id").isNotNull())
            .filter(DateRange.between(col("order_date"), from, to))
            .join(
                status,
                col("user_id").equalTo(col("s_user")).and(col("order_date").equalTo(col("s_date"))),
                "inner");
    Dataset<Row> perChannel =
        buyerOrders
            .groupBy(col("order_date").as("dt"), col("channel"))
            .agg(figures()[0], tail(figures()))
            .withColumn("active_customers_365d", lit(null).cast("bigint"))
            .withColumn("churned_customers", lit(null).cast("bigint"));
    Dataset<Row> allDaily =
        buyerOrders.groupBy(col("order_date").as("dt")).agg(figures()[0], tail(figures()));
    Dataset<Row> allRows =
        days(paidOrders, from, to)
            .join(allDaily, "dt", "left")
            .join(activeAndChurned(timeline, from, to), "dt", "left")
            .withColumn("channel", lit(ALL))
            .withColumn("active_customers_365d", coalesce(col("active_customers_365d"), lit(0L)))
            .withColumn("churned_customers", coalesce(col("churned_customers"), lit(0L)));
    Column earliest = min(col("first_order_date"));
    Dataset<Row> historyStart =
        base.select(col("first_order_date"))
            .unionByName(recent.select(col("order_date").as("first_order_date")))
            .agg(earliest.as("history_start"));
    Dataset<Row> rows = perChannel.unionByName(allRows);
    return finish(rows.crossJoin(historyStart));
  }

  private static Column[] figures() {
    Column zero = lit(0).cast("decimal(18,2)");
    return new Column[] {
      countDistinct(col("user_id")).as("buyers"),
      countDistinct(when(col("_new"), col("user_id"))).as("new_buyers"),
      countDistinct(when(not(col("_new")), col("user_id"))).as("returning_buyers"),
      countDistinct(when(col("_reactivated"), col("user_id"))).as("reactivated_buyers"),
      count(lit(1)).as("orders"),
      sum(col("value")).as("revenue"),
      coalesce(sum(when(col("_new"), col("value"))), zero).as("new_buyer_revenue"),
      coalesce(sum(when(not(col("_new")), col("value"))), zero).as("returning_buyer_revenue")
    };
  }

  private static Column[] tail(Column[] cs) {
    return java.util.Arrays.copyOfRange(cs, 1, cs.length);
  }

  /** Every date from..to, so a day without known buyers still has its ALL row. */
  private static Dataset<Row> days(Dataset<Row> any, LocalDate from, LocalDate to) {
    return any.sparkSession()
        .range(1)
        .select(explode(sequence(lit(Date.valueOf(from)), lit(Date.valueOf(to)))).as("dt"));
  }

  /**
   * Per date: buyers whose latest paid order as of that date is within 365 days (active) and within
   * d − 364 … d − 91 (流失). Each timeline date v holds as a buyer's latest order from v until the
   * day before their next one; those intervals, clipped to from..to and grouped by (start, end, v),
   * are expanded to their days: the work is the buyers of the window plus a few hundred groups,
   * whatever the history.
   */
  static Dataset<Row> activeAndChurned(Dataset<Row> timeline, LocalDate from, LocalDate to) {
    Column fromDate = lit(Date.valueOf(from));
    Column toDate = lit(Date.valueOf(to));
    Column end = coalesce(date_sub(col("next_order_date"), 1), toDate);
    Dataset<Row> intervals =
        timeline
            .filter(datediff(fromDate, col("order_date")).lt(ACTIVE_DAYS))
            .select(
                greatest(col("order_date"), fromDate).as("a"),
                least(end, toDate).as("b"),
                col("order_date").as("v"))
            .filter(col("a").leq(col("b")))
            .groupBy("a", "b", "v")
            .agg(count(lit(1)).as("n"));
    Dataset<Row> perDay =
        intervals.select(explode(sequence(col("a"), col("b"))).as("dt"), col("v"), col("n"));
    Column age = datediff(col("dt"), col("v"));
    return perDay
        .groupBy("dt")
        .agg(
            coalesce(sum(when(age.lt(ACTIVE_DAYS), col("n"))), lit(0L)).as("active_customers_365d"),
            coalesce(sum(when(age.geq(CHURN_GAP_DAYS).and(age.lt(ACTIVE_DAYS)), col("n"))), lit(0L))
                .as("churned_customers"));
  }

  private static Dataset<Row> finish(Dataset<Row> rows) {
    Column zero = lit(0).cast("decimal(18,2)");
    Column revenue = coalesce(col("revenue"), zero);
    Column orders = coalesce(col("orders"), lit(0L));
    Column buyers = coalesce(col("buyers"), lit(0L));
    Column history =
        least(
            lit(HISTORY_CAP_DAYS),
            greatest(lit(0), coalesce(datediff(col("dt"), col("history_start")), lit(0))));
    return rows.select(
        col("dt"),
        col("channel"),
        buyers.as("buyers"),
        coalesce(col("new_buyers"), lit(0L)).as("new_buyers"),
        coalesce(col("returning_buyers"), lit(0L)).as("returning_buyers"),
        coalesce(col("reactivated_buyers"), lit(0L)).as("reactivated_buyers"),
        orders.as("orders"),
        revenue.cast("decimal(18,2)").as("revenue"),
        coalesce(col("new_buyer_revenue"), zero).cast("decimal(18,2)").as("new_buyer_revenue"),
        coalesce(col("returning_buyer_revenue"), zero)
            .cast("decimal(18,2)")
            .as("returning_buyer_revenue"),
        when(orders.gt(0), round(revenue.divide(orders), 2))
            .cast("decimal(18,2)")
            .as("avg_order_value"),
        when(buyers.gt(0), round(revenue.divide(buyers), 2))
            .cast("decimal(18,2)")
            .as("revenue_per_buyer"),
        history.cast("int").as("history_days"),
        col("active_customers_365d"),
        col("churned_customers"));
  }
}
