package io.omnitouch.marts.engagement;

import static io.omnitouch.testing.SharedSpark.row;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Order paths written out by hand (as attribution_paths stores them). */
final class EngagementFixtures {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static final String PATHS =
      "order_date DATE, value DECIMAL(18,2), touch_count INT, touches"
          + " ARRAY<STRUCT<touch_time: TIMESTAMP, channel: STRING, source_id: STRING,"
          + " store_id: STRING, guide_id: STRING, group_id: STRING>>";

  private EngagementFixtures() {}

  static Timestamp ts(String local) {
    return Timestamp.from(
        LocalDateTime.parse(local.replace(' ', 'T')).atZone(SHANGHAI).toInstant());
  }

  static Date date(String d) {
    return Date.valueOf(d);
  }

  /** A touch of a path: {@code channel:id}, id being the guide or group. */
  static Row pathTouch(String channelAndId) {
    String[] p = channelAndId.split(":");
    String guide = p[0].equals("guide") ? p[1] : null;
    String group = p[0].equals("community") ? p[1] : null;
    return RowFactory.create(ts("2026-11-19 10:00:00"), p[0], channelAndId, null, guide, group);
  }

  static Object[] path(String date, String value, String... touches) {
    List<Row> list = new ArrayList<>();
    for (String t : touches) {
      list.add(pathTouch(t));
    }
    return row(date(date), new BigDecimal(value), touches.length, list);
  }
}
