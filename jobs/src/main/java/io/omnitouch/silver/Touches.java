package io.omnitouch.silver;

import io.omnitouch.schema.Schemas;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code silver/touches}: a moment a known user met a channel (marts.md, Touches). {@code scan}:
 * consumer scans; {@code guide}: add_friend, chat, coupon_send and link_click with a user_id;
 * {@code community}: join, link_click, group_buy_open, group_buy_join and red_packet_claim. The
 * store is the scanning store, the guide's store, or the group's store.
 */
public final class Touches {
  public static final String TABLE = "silver/touches";
  static final List<String> GUIDE_TOUCHES =
      List.of("add_friend", "chat", "coupon_send", "link_click");
  static final List<String> COMMUNITY_TOUCHES =
      List.of("join", "link_click", "group_buy_open", "group_buy_join", "red_packet_claim");

  private Touches() {}

  public static Dataset<Row> build(
      Dataset<Row> scans, Dataset<Row> guideEvents, Dataset<Row> groupEvents, Dataset<Row> groups) {
    Dataset<Row> scanTouches =
        scans
            .filter(
                functions
                    .col("scan_type")
                    .equalTo("consumer")
                    .and(functions.col("user_id").isNotNull()))
            .select(
                functions.col("user_id"),
                functions.col("event_time").as("touch_time"),
                functions.lit("scan").as("channel"),
                functions.col("scan_id").as("source_id"),
                functions.col("scan_type").as("event_type"),
                functions.col("store_id"),
                functions.lit(null).cast("string").as("guide_id"),
                functions.lit(null).cast("string").as("group_id"),
                functions.col("campaign_id"));
    Dataset<Row> guideTouches =
        guideEvents
            .filter(
                functions
                    .col("event_type")
                    .isin(GUIDE_TOUCHES.toArray())
                    .and(functions.col("user_id").isNotNull()))
            .select(
                functions.col("user_id"),
                functions.col("event_time").as("touch_time"),
                functions.lit("guide").as("channel"),
                functions.col("event_id").as("source_id"),
                functions.col("event_type"),
                functions.col("store_id"),
                functions.col("guide_id"),
                functions.lit(null).cast("string").as("group_id"),
                functions.lit(null).cast("string").as("campaign_id"));
    Dataset<Row> groupStore = groups.select(functions.col("group_id"), functions.col("store_id"));
    Dataset<Row> communityTouches =
        groupEvents
            .filter(
                functions
                    .col("event_type")
                    .isin(COMMUNITY_TOUCHES.toArray())
                    .and(functions.col("user_id").isNotNull()))
            .join(
                groupStore, groupEvents.col("group_id").equalTo(groupStore.col("group_id")), "left")
            .select(
                groupEvents.col("user_id"),
                groupEvents.col("event_time").as("touch_time"),
                functions.lit("community").as("channel"),
                groupEvents.col("event_id").as("source_id"),
                groupEvents.col("event_type"),
                groupStore.col("store_id"),
                functions.lit(null).cast("string").as("guide_id"),
                groupEvents.col("group_id"),
                functions.lit(null).cast("string").as("campaign_id"));
    Dataset<Row> all = scanTouches.unionByName(guideTouches).unionByName(communityTouches);
    return Schemas.conform(
        all.withColumn("touch_date", functions.to_date(functions.col("touch_time"))), TABLE);
  }
}
