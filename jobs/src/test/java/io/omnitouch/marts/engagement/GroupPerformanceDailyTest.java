package io.omnitouch.marts.engagement;

import static io.omnitouch.marts.engagement.EngagementFixtures.date;
import static io.omnitouch.marts.engagement.EngagementFixtures.path;
import static io.omnitouch.marts.engagement.EngagementFixtures.ts;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * grp1, run 11-20 restating 11-19 .. 11-20. Members: u1 (joined 11-01), u2 (joined 11-10, left
 * 11-19), u3 (11-19), u4 and u5 (11-20), u1 left and rejoined on 11-20: 2 at the end of 11-19, 4 at
 * the end of 11-20. On 11-20 u1 invited both u4 and u5: k = 2 / 1. gb1 gets a second user the next
 * day (completed); gb2's opener joins their own buy (not completed). An order of 11-20 whose last
 * touch is in grp1 credits 80.00; one through grp2 (not in the dimension) 20.00.
 */
class GroupPerformanceDailyTest {

  static Object[] event(
      String id, String time, String group, String type, String user, String inviter, String buy) {
    return row(id, ts(time), date(time.substring(0, 10)), group, type, user, inviter, buy);
  }

  @Test
  void membersFissionGroupBuysAndRevenue() {
    Dataset<Row> events =
        rows(
            "event_id STRING, event_time TIMESTAMP, event_date DATE, group_id STRING,"
                + " event_type STRING, user_id STRING, inviter_user_id STRING,"
                + " group_buy_id STRING",
            event("e1", "2026-11-01 10:00:00", "grp1", "join", "u1", null, null),
            event("e2", "2026-11-10 10:00:00", "grp1", "join", "u2", null, null),
            event("e3", "2026-11-19 10:00:00", "grp1", "leave", "u2", null, null),
            event("e4", "2026-11-19 11:00:00", "grp1", "join", "u3", "u1", null),
            event("e5", "2026-11-19 12:00:00", "grp1", "group_buy_open", "u3", null, "gb1"),
            event("e6", "2026-11-19 12:30:00", "grp1", "group_buy_open", "u3", null, "gb2"),
            event("e7", "2026-11-19 12:40:00", "grp1", "group_buy_join", "u3", null, "gb2"),
            event("e8", "2026-11-20 08:00:00", "grp1", "group_buy_join", "u1", null, "gb1"),
            event("e9", "2026-11-20 09:00:00", "grp1", "leave", "u1", null, null),
            event("e10", "2026-11-20 10:00:00", "grp1", "join", "u1", null, null),
            event("e11", "2026-11-20 11:00:00", "grp1", "join", "u4", "u1", null),
            event("e12", "2026-11-20 12:00:00", "grp1", "join", "u5", "u1", null));
    Dataset<Row> paths =
        rows(
            EngagementFixtures.PATHS,
            path("2026-11-20", "80.00", "guide:G1", "community:grp1"),
            path("2026-11-20", "20.00", "community:grp2"),
            path("2026-11-20", "55.00", "community:grp1", "scan:x"));
    Dataset<Row> groups = rows("group_id STRING, store_id STRING", row("grp1", "S1"));
    LocalDate run = LocalDate.parse("2026-11-20");
    Dataset<Row> actual =
        GroupPerformanceDaily.build(events, events, paths, groups, run.minusDays(1), run);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(date("2026-11-19"), "grp1", "S1", 2L, 1L, 1L, 1L, 1.0, 2L, 1L, 0.0),
            row(date("2026-11-20"), "grp1", "S1", 4L, 3L, 1L, 2L, 2.0, 0L, 0L, 80.0),
            row(date("2026-11-20"), "grp2", null, 0L, 0L, 0L, 0L, null, 0L, 0L, 20.0));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
