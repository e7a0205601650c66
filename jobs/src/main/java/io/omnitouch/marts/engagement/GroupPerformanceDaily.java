package io.omnitouch.marts.engagement;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code group_performance_daily}: one row per dt and community group that has members or activity
 * that day: members (users whose latest join/leave up to the end of dt is a join), joins, leaves,
 * invited_joins (joins with an inviter), k_factor (invited joins / distinct inviters), group buys
 * opened on dt and, of those, the completed ones (at least 2 distinct users, opener included,
 * counting joins up to the run date), and the revenue of orders dated dt whose last touch is in the
 * group. store_id is the group's store in the groups dimension. Every run restates the last 7 days
 * so that group buys completing after their opening day are counted.
 *
 * <p>Members need every join and leave up to dt: that read grows with the group events' history
 * (only two event types and four columns), unlike the attribution stage.
 */
public final class GroupPerformanceDaily extends Mart {
  public static final String NAME = "group_performance_daily";

  /** Group buys opened this many days before the run date are still recounted. */
  public static final int GROUP_BUY_RESTATE_DAYS = 7;

  static final String JOIN = "join";
  static final String LEAVE = "leave";
  static final String GROUP_BUY_OPEN = "group_buy_open";
  static final String GROUP_BUY_JOIN = "group_buy_join";
  static final String COMMUNITY_CHANNEL = "community";

  /** A group buy completes with this many distinct users, opener included. */
  static final int GROUP_BUY_MIN_USERS = 2;

  public GroupPerformanceDaily() {
    super(NAME, "engagement", "dt");
  }

  @Override
  public int restatedDays() {
    return GROUP_BUY_RESTATE_DAYS;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> all = wh.read("silver/group_events");
    Dataset<Row> membership =
        all.filter(
                col("event_date")
                    .leq(lit(Date.valueOf(to)))
                    .and(col("event_type").isin(JOIN, LEAVE)))
            .select("group_id", "user_id", "event_time", "event_date", "event_type");
    Dataset<Row> recent = all.filter(DateRange.between(col("event_date"), from, to));
    Dataset<Row> paths =
        wh.read("gold/" + AttributionPaths.NAME).filter(DateRange.between(col("dt"), from, to));
    return build(membership, recent, paths, Dimensions.read(wh, "groups"), from, to);
  }

  /**
   * Join and leave events up to {@code to} (all history), group events and order paths of {@code
   * from..to} (group-buy joins up to the run date), the groups dimension.
   */
  public static Dataset<Row> build(
      Dataset<Row> membershipEvents,
      Dataset<Row> groupEvents,
      Dataset<Row> orderPaths,
      Dataset<Row> groups,
      LocalDate from,
      LocalDate to) {
    Dataset<Row> events = groupEvents.filter(DateRange.between(col("event_date"), from, to));
    Dataset<Row> activity =
        events
            .groupBy(col("event_date").as("dt"), col("group_id"))
            .agg(
                count(when(col("event_type").equalTo(JOIN), lit(1))).as("joins"),
                count(when(col("event_type").equalTo(LEAVE), lit(1))).as("leaves"),
                count(when(invitedJoin(), lit(1))).as("invited_joins"),
                countDistinct(when(invitedJoin(), col("inviter_user_id"))).as("inviters"));
    Dataset<Row> rows =
        members(membershipEvents, from, to)
            .join(activity, new String[] {"dt", "group_id"}, "full")
            .join(groupBuys(events), new String[] {"dt", "group_id"}, "full")
            .join(lastTouchRevenue(orderPaths, from, to), new String[] {"dt", "group_id"}, "full");
    Dataset<Row> groupStores =
        groups.select(col("group_id").as("dim_group_id"), col("store_id").as("dim_store_id"));
    Dataset<Row> withStores =
        rows.join(groupStores, rows.col("group_id").equalTo(col("dim_group_id")), "left");
    Column invitedJoins = coalesce(col("invited_joins"), lit(0L));
    return withStores.select(
        col("dt"),
        col("group_id"),
        col("dim_store_id").as("store_id"),
        coalesce(col("members"), lit(0L)).as("members"),
        coalesce(col("joins"), lit(0L)).as("joins"),
        coalesce(col("leaves"), lit(0L)).as("leaves"),
        invitedJoins.as("invited_joins"),
        when(col("inviters").gt(0), invitedJoins.divide(col("inviters"))).as("k_factor"),
        coalesce(col("group_buys_opened"), lit(0L)).as("group_buys_opened"),
        coalesce(col("group_buys_completed"), lit(0L)).as("group_buys_completed"),
        coalesce(col("revenue_last_touch"), lit(0.0)).as("attributed_revenue_last_touch"));
  }

  private static Column invitedJoin() {
    return col("event_type").equalTo(JOIN).and(col("inviter_user_id").isNotNull());
  }

  /**
   * Members at the end of each dt of {@code from..to} with at least one member: a user's state on a
   * day is their last join/leave of that day; each change of state adds or removes one member, and
   * the members of dt are the changes up to dt summed.
   */
  static Dataset<Row> members(Dataset<Row> membershipEvents, LocalDate from, LocalDate to) {
    Dataset<Row> dailyState =
        membershipEvents
            .filter(
                col("event_date")
                    .leq(lit(Date.valueOf(to)))
                    .and(col("event_type").isin(JOIN, LEAVE)))
            .groupBy(col("group_id"), col("user_id"), col("event_date"))
            .agg(max(struct(col("event_time"), col("event_type"))).as("last"))
            .withColumn("member", col("last.event_type").equalTo(JOIN));
    Column wasMember =
        coalesce(
            lag(col("member"), 1)
                .over(Window.partitionBy("group_id", "user_id").orderBy("event_date")),
            lit(false));
    Dataset<Row> changes =
        dailyState
            .withColumn(
                "delta",
                when(col("member").and(wasMember.unary_$bang()), lit(1L))
                    .when(col("member").unary_$bang().and(wasMember), lit(-1L))
                    .otherwise(lit(0L)))
            .groupBy("group_id", "event_date")
            .agg(sum("delta").as("delta"));
    Dataset<Row> changesUpToEachDate =
        changes.withColumn(
            "dt",
            explode(
                sequence(
                    greatest(col("event_date"), lit(Date.valueOf(from))), lit(Date.valueOf(to)))));
    return changesUpToEachDate
        .groupBy("dt", "group_id")
        .agg(sum("delta").as("members"))
        .filter(col("members").gt(0));
  }

  /** Group buys opened on dt, and those of them with at least two distinct users. */
  static Dataset<Row> groupBuys(Dataset<Row> events) {
    Dataset<Row> opened =
        events
            .filter(col("event_type").equalTo(GROUP_BUY_OPEN))
            .groupBy("group_buy_id")
            .agg(min(struct(col("event_date"), col("group_id"))).as("open"));
    Dataset<Row> participants =
        events
            .filter(col("event_type").isin(GROUP_BUY_OPEN, GROUP_BUY_JOIN))
            .groupBy(col("group_buy_id").as("buy"))
            .agg(countDistinct("user_id").as("users"));
    return opened
        .join(participants, opened.col("group_buy_id").equalTo(col("buy")), "left")
        .groupBy(col("open.event_date").as("dt"), col("open.group_id").as("group_id"))
        .agg(
            count(lit(1)).as("group_buys_opened"),
            count(when(col("users").geq(GROUP_BUY_MIN_USERS), lit(1))).as("group_buys_completed"));
  }

  /** Per order date and group: value of the orders whose last touch is a community touch in it. */
  static Dataset<Row> lastTouchRevenue(Dataset<Row> orderPaths, LocalDate from, LocalDate to) {
    Column last = element_at(col("touches"), -1);
    return orderPaths
        .filter(DateRange.between(col("order_date"), from, to).and(col("touch_count").gt(0)))
        .select(col("order_date"), col("value"), last.as("last"))
        .filter(
            col("last.channel").equalTo(COMMUNITY_CHANNEL).and(col("last.group_id").isNotNull()))
        .groupBy(col("order_date").as("dt"), col("last.group_id").as("group_id"))
        .agg(sum(col("value").cast("double")).as("revenue_last_touch"));
  }
}
