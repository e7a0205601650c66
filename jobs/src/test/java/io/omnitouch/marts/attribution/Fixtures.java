package io.omnitouch.marts.attribution;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Fixture values in the business zone: the test JVM runs in UTC, Spark in Asia/Shanghai. */
final class Fixtures {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Silver touches with only the columns the marts read. */
  static final String TOUCHES =
      "user_id STRING, touch_time TIMESTAMP, touch_date DATE, channel STRING, source_id STRING,"
          + " event_type STRING, store_id STRING, guide_id STRING, group_id STRING,"
          + " campaign_id STRING";

  static final String PAID_ORDERS =
      "order_id STRING, order_date DATE, order_time TIMESTAMP, user_id STRING, value"
          + " DECIMAL(18,2)";

  private Fixtures() {}

  /** {@code yyyy-MM-dd HH:mm:ss} read as Asia/Shanghai local time. */
  static Timestamp ts(String local) {
    return Timestamp.from(
        LocalDateTime.parse(local.replace(' ', 'T')).atZone(SHANGHAI).toInstant());
  }

  static Date date(String d) {
    return Date.valueOf(d);
  }

  static BigDecimal money(String v) {
    return new BigDecimal(v);
  }

  /** A touch row: the date is the Shanghai date of the time. */
  static Object[] touch(String user, String time, String channel, String sourceId) {
    return touch(user, time, channel, sourceId, null, null, null);
  }

  static Object[] touch(
      String user,
      String time,
      String channel,
      String sourceId,
      String storeId,
      String guideId,
      String groupId) {
    return new Object[] {
      user,
      ts(time),
      date(time.substring(0, 10)),
      channel,
      sourceId,
      "evt",
      storeId,
      guideId,
      groupId,
      null
    };
  }

  static Object[] order(String id, String user, String time, String value) {
    return new Object[] {id, date(time.substring(0, 10)), ts(time), user, money(value)};
  }
}
