package io.omnitouch.marts.attribution;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * {@code attribution_paths}: one row per paid order dated {@code order_date}, with its path
 * (marts.md, Touches): the user's touches with {@code order_time - 30 days <= touch_time <
 * order_time}, in time order (ties broken by channel name, then source id), duplicates by source id
 * removed. Anonymous orders and orders without such touches have an empty path (they credit {@code
 * direct}).
 *
 * <p>The table exists so that the data-driven models can read the converting paths of a 30-day
 * window ({@link AttributionModelWeights}) without re-reading 60 days of touches: building one date
 * reads the touches of {@code from - 30 .. to} and the paid orders of {@code from .. to} only, so a
 * nightly run costs the same on day 31 as on day 600.
 */
public final class AttributionPaths extends Mart {
  public static final String NAME = "attribution_paths";

  /** The path lookback of marts.md: touches at most 30 days before the order. */
  public static final int LOOKBACK_DAYS = 30;

  /**
   * Up to this many order dates, the orders are broadcast to the touches (a nightly run: no shuffle
   * of the 30 days of touches); a longer backfill joins by shuffle.
   */
  static final int BROADCAST_MAX_ORDER_DAYS = 3;

  public AttributionPaths() {
    super(NAME, "attribution", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> orders =
        wh.read("silver/paid_orders").filter(DateRange.between(col("order_date"), from, to));
    Dataset<Row> touches =
        wh.read("silver/touches")
            .filter(DateRange.between(col("touch_date"), from.minusDays(LOOKBACK_DAYS), to));
    return build(orders, touches, from, to);
  }

  /** Paid orders and touches covering at least order dates {@code from - 30 .. to}. */
  public static Dataset<Row> build(
      Dataset<Row> paidOrders, Dataset<Row> touches, LocalDate from, LocalDate to) {
    Dataset<Row> orders =
        paidOrders
            .filter(DateRange.between(col("order_date"), from, to))
            .select("order_id", "order_date", "order_time", "user_id", "value");
    Dataset<Row> candidateTouches =
        touches
            .filter(
                DateRange.between(col("touch_date"), from.minusDays(LOOKBACK_DAYS), to)
                    .and(col("user_id").isNotNull()))
            .select(
                col("user_id").as("touch_user_id"),
                col("touch_time"),
                col("channel"),
                col("source_id"),
                col("store_id"),
                col("guide_id"),
                col("group_id"));
    Dataset<Row> touchesBeforeOrders = touchesWithinLookback(orders, candidateTouches, from, to);
    Dataset<Row> pathPerOrder =
        touchesBeforeOrders
            .groupBy("order_id")
            .agg(sort_array(collect_list(touchStruct())).as("sorted"))
            .select(
                col("order_id").as("path_order_id"),
                firstDeliveryOfEachSource("sorted").as("touches"));
    Dataset<Row> withPaths =
        orders.join(pathPerOrder, orders.col("order_id").equalTo(col("path_order_id")), "left");
    Column touchList = when(col("touches").isNull(), emptyPath()).otherwise(col("touches"));
    return withPaths
        .withColumn("touches", touchList)
        .select(
            col("order_date").as("dt"),
            col("order_id"),
            col("order_date"),
            col("order_time"),
            col("user_id"),
            col("value"),
            size(col("touches")).as("touch_count"),
            expr("array_join(transform(touches, t -> t.channel), '" + PathStat.SEPARATOR + "')")
                .as("path"),
            col("touches"));
  }

  /** Touches of the order's user in {@code [order_time - 30 days, order_time)}, one row each. */
  static Dataset<Row> touchesWithinLookback(
      Dataset<Row> orders, Dataset<Row> touches, LocalDate from, LocalDate to) {
    Dataset<Row> knownBuyers = orders.filter(col("user_id").isNotNull());
    boolean nightly = ChronoUnit.DAYS.between(from, to) < BROADCAST_MAX_ORDER_DAYS;
    Dataset<Row> buyers = nightly ? broadcast(knownBuyers) : knownBuyers;
    Column lookbackStart =
        col("order_time")
            .minus(expr(String.format(Locale.ROOT, "INTERVAL '%d' DAY", LOOKBACK_DAYS)));
    Column sameUserBefore =
        col("touch_user_id")
            .equalTo(col("user_id"))
            .and(col("touch_time").geq(lookbackStart))
            .and(col("touch_time").lt(col("order_time")));
    return touches.join(buyers, sameUserBefore, "inner");
  }

  /** One touch of a path; sorting these structs sorts by time, then channel, then source id. */
  static Column touchStruct() {
    return struct(
        col("touch_time"),
        col("channel"),
        col("source_id"),
        col("store_id"),
        col("guide_id"),
        col("group_id"));
  }

  /**
   * Keeps the first of touches sharing a source id (an event delivered twice is one touch); the
   * array is already in path order.
   */
  static Column firstDeliveryOfEachSource(String sortedTouches) {
    return expr(
        String.format(
            Locale.ROOT,
            "filter(%1$s, (t, i) -> array_position(transform(%1$s, s -> s.source_id), t.source_id)"
                + " = i + 1)",
            sortedTouches));
  }

  /** An empty path typed like a real one. */
  static Column emptyPath() {
    DataType touchesType = Schemas.struct("marts/" + NAME).apply("touches").dataType();
    return array().cast(touchesType);
  }
}
