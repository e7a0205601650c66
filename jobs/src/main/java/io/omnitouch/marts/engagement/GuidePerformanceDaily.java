package io.omnitouch.marts.engagement;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.marts.attribution.AttributionPaths;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code guide_performance_daily}: one row per dt and guide with activity or attributed revenue
 * that day: customers_added (distinct users of the guide's add_friend events), chats, shares
 * (share_product and share_content events), link_clicks, the revenue of orders dated dt credited to
 * the guide's touches by last touch and by linear (as in {@code attribution_orders}, split by the
 * touch's guide), and added_customer_conversion_rate_30d: of the customers added on dt, the share
 * with a paid order within 30 days of being added. Every run restates the last 30 days, so the rate
 * is final ({@code added_customer_conversion_matured}) from the run of dt + 30. store_id is the
 * guide's store in the guides dimension, else the one on the guide's events.
 */
public final class GuidePerformanceDaily extends Mart {
  public static final String NAME = "guide_performance_daily";

  /** An added customer converts with a paid order within 30 days. */
  public static final int CONVERSION_DAYS = 30;

  static final String ADD_FRIEND = "add_friend";
  static final String CHAT = "chat";
  static final List<String> SHARES = List.of("share_product", "share_content");
  static final String LINK_CLICK = "link_click";
  static final String GUIDE_CHANNEL = "guide";

  public GuidePerformanceDaily() {
    super(NAME, "engagement", "dt");
  }

  @Override
  public int restatedDays() {
    return CONVERSION_DAYS;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> events =
        wh.read("silver/guide_events").filter(DateRange.between(col("event_date"), from, to));
    Dataset<Row> paths =
        wh.read("gold/" + AttributionPaths.NAME).filter(DateRange.between(col("dt"), from, to));
    Dataset<Row> orders =
        wh.read("silver/paid_orders")
            .filter(DateRange.between(col("order_date"), from, to.plusDays(CONVERSION_DAYS)));
    return build(events, paths, orders, Dimensions.read(wh, "guides"), from, to, ctx.runDate());
  }

  /**
   * Guide events and order paths of {@code from..to}, paid orders up to {@code to + 30}, the guides
   * dimension.
   */
  public static Dataset<Row> build(
      Dataset<Row> guideEvents,
      Dataset<Row> orderPaths,
      Dataset<Row> paidOrders,
      Dataset<Row> guides,
      LocalDate from,
      LocalDate to,
      LocalDate runDate) {
    Dataset<Row> events = guideEvents.filter(DateRange.between(col("event_date"), from, to));
    Dataset<Row> activity =
        events
            .groupBy(col("event_date").as("dt"), col("guide_id"))
            .agg(
                countDistinct(when(col("event_type").equalTo(ADD_FRIEND), col("user_id")))
                    .as("customers_added"),
                count(when(col("event_type").equalTo(CHAT), lit(1))).as("chats"),
                count(when(col("event_type").isin(SHARES.toArray()), lit(1))).as("shares"),
                count(when(col("event_type").equalTo(LINK_CLICK), lit(1))).as("link_clicks"),
                min("store_id").as("event_store_id"));
    Dataset<Row> rows =
        activity
            .join(addedConversion(events, paidOrders), new String[] {"dt", "guide_id"}, "left")
            .join(attributedRevenue(orderPaths, from, to), new String[] {"dt", "guide_id"}, "full");
    Dataset<Row> guideStores =
        guides.select(col("guide_id").as("dim_guide_id"), col("store_id").as("dim_store_id"));
    Dataset<Row> withStores =
        rows.join(guideStores, rows.col("guide_id").equalTo(col("dim_guide_id")), "left");
    Column matured = lit(Date.valueOf(runDate)).geq(date_add(col("dt"), CONVERSION_DAYS));
    return withStores.select(
        col("dt"),
        col("guide_id"),
        coalesce(col("dim_store_id"), col("event_store_id")).as("store_id"),
        coalesce(col("customers_added"), lit(0L)).as("customers_added"),
        coalesce(col("chats"), lit(0L)).as("chats"),
        coalesce(col("shares"), lit(0L)).as("shares"),
        coalesce(col("link_clicks"), lit(0L)).as("link_clicks"),
        coalesce(col("revenue_last_touch"), lit(0.0)).as("attributed_revenue_last_touch"),
        coalesce(col("revenue_linear"), lit(0.0)).as("attributed_revenue_linear"),
        col("converted_added").divide(col("added")).as("added_customer_conversion_rate_30d"),
        matured.as("added_customer_conversion_matured"));
  }

  /** Per dt and guide: customers added and how many of them bought within 30 days. */
  static Dataset<Row> addedConversion(Dataset<Row> events, Dataset<Row> paidOrders) {
    Dataset<Row> added =
        events
            .filter(col("event_type").equalTo(ADD_FRIEND).and(col("user_id").isNotNull()))
            .groupBy(col("event_date").as("dt"), col("guide_id"), col("user_id"))
            .agg(min("event_time").as("added_at"));
    Dataset<Row> buyers =
        paidOrders
            .filter(col("user_id").isNotNull())
            .select(col("user_id").as("buyer"), col("order_time"));
    Column within =
        col("user_id")
            .equalTo(col("buyer"))
            .and(col("order_time").geq(col("added_at")))
            .and(
                col("order_time")
                    .leq(
                        col("added_at")
                            .plus(
                                expr(
                                    String.format(
                                        Locale.ROOT, "INTERVAL '%d' DAY", CONVERSION_DAYS)))));
    return added
        .join(buyers, within, "left")
        .groupBy("dt", "guide_id")
        .agg(
            countDistinct("user_id").as("added"),
            countDistinct(when(col("buyer").isNotNull(), col("user_id"))).as("converted_added"));
  }

  /**
   * Per order date and guide: order value credited to the guide's touches, last touch and linear
   * (each touch 1/n).
   */
  static Dataset<Row> attributedRevenue(Dataset<Row> orderPaths, LocalDate from, LocalDate to) {
    Dataset<Row> touches =
        orderPaths
            .filter(DateRange.between(col("order_date"), from, to).and(col("touch_count").gt(0)))
            .select(
                col("order_date"),
                col("touch_count"),
                col("value").cast("double").as("value"),
                posexplode(col("touches")).as(new String[] {"pos", "t"}))
            .filter(col("t.channel").equalTo(GUIDE_CHANNEL).and(col("t.guide_id").isNotNull()));
    Column isLast = col("pos").equalTo(col("touch_count").minus(1));
    return touches
        .groupBy(col("order_date").as("dt"), col("t.guide_id").as("guide_id"))
        .agg(
            sum(when(isLast, col("value")).otherwise(0.0)).as("revenue_last_touch"),
            sum(col("value").divide(col("touch_count"))).as("revenue_linear"));
  }
}
