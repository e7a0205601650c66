package io.omnitouch.marts.engagement;

import static io.omnitouch.marts.engagement.EngagementFixtures.date;
import static io.omnitouch.marts.engagement.EngagementFixtures.path;
import static io.omnitouch.marts.engagement.EngagementFixtures.ts;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Guides on 11-19 and 11-20 (run 11-20). G1 added u1 (twice) and u2 on 11-19; u1 bought that
 * evening, u2 not: rate 1/2, not matured. A moments post is not a share. Orders of 11-20: 100.00
 * through G1, a group, then G2 (last touch G2, linear a third each to G1 and G2) and 60.00 through
 * G1 alone. G2's store comes from the guides dimension, not its events.
 */
class GuidePerformanceDailyTest {

  static Object[] event(String id, String time, String guide, String store, String type, String u) {
    return row(id, ts(time), date(time.substring(0, 10)), guide, store, type, u);
  }

  @Test
  void activityConversionAndAttributedRevenue() {
    Dataset<Row> events =
        rows(
            "event_id STRING, event_time TIMESTAMP, event_date DATE, guide_id STRING,"
                + " store_id STRING, event_type STRING, user_id STRING",
            event("e1", "2026-11-19 10:00:00", "G1", "S1", "add_friend", "u1"),
            event("e2", "2026-11-19 11:00:00", "G1", "S1", "add_friend", "u2"),
            event("e3", "2026-11-19 12:00:00", "G1", "S1", "add_friend", "u1"),
            event("e4", "2026-11-19 12:30:00", "G1", "S1", "chat", "u1"),
            event("e5", "2026-11-19 13:00:00", "G1", "S1", "share_product", null),
            event("e6", "2026-11-19 13:10:00", "G1", "S1", "share_content", null),
            event("e7", "2026-11-19 13:20:00", "G1", "S1", "moments_post", null),
            event("e8", "2026-11-19 14:00:00", "G1", "S1", "link_click", "u2"),
            event("e9", "2026-11-20 09:00:00", "G2", "S2", "chat", "u3"));
    Dataset<Row> orders =
        rows(
            "user_id STRING, order_time TIMESTAMP, value DECIMAL(18,2)",
            row("u1", ts("2026-11-19 18:00:00"), new BigDecimal("50.00")),
            row("u9", ts("2026-11-19 18:00:00"), new BigDecimal("10.00")));
    Dataset<Row> paths =
        rows(
            EngagementFixtures.PATHS,
            path("2026-11-20", "100.00", "guide:G1", "community:grp1", "guide:G2"),
            path("2026-11-20", "60.00", "guide:G1"));
    Dataset<Row> guides =
        rows("guide_id STRING, store_id STRING", row("G1", "S1"), row("G2", "S9"));
    LocalDate run = LocalDate.parse("2026-11-20");
    Dataset<Row> actual =
        GuidePerformanceDaily.build(events, paths, orders, guides, run.minusDays(1), run, run);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(date("2026-11-19"), "G1", "S1", 2L, 1L, 2L, 1L, 0.0, 0.0, 0.5, false),
            row(date("2026-11-20"), "G1", "S1", 0L, 0L, 0L, 0L, 60.0, 100.0 / 3 + 60, null, false),
            row(date("2026-11-20"), "G2", "S9", 0L, 1L, 0L, 0L, 100.0, 100.0 / 3, null, false));
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, 1e-9);
  }
}
