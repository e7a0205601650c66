package io.omnitouch.marts.conversion;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Run of 2026-11-20 restating cohorts 11-13 .. 11-20. Cohort 11-13 is matured (11-20 >= 11-13 + 7),
 * 11-18 is not. u1's window opens at their first scan of the day (10:00) and closes 7 days later to
 * the second (the 11-20 09:59:59 order counts, their 09:00 order before the touch does not); u2
 * buys one second too late; a user reached at two stores counts at both, once in ALL.
 */
class ConversionDailyTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static Timestamp ts(String local) {
    return Timestamp.from(
        LocalDateTime.parse(local.replace(' ', 'T')).atZone(SHANGHAI).toInstant());
  }

  static Object[] touch(String user, String time, String channel, String store) {
    return row(user, ts(time), Date.valueOf(time.substring(0, 10)), channel, store);
  }

  static Object[] order(String user, String time, String value) {
    return row(user, ts(time), Date.valueOf(time.substring(0, 10)), new BigDecimal(value));
  }

  @Test
  void cohortsPerChannelAndStore() {
    Dataset<Row> touches =
        rows(
            "user_id STRING, touch_time TIMESTAMP, touch_date DATE, channel STRING,"
                + " store_id STRING",
            touch("u1", "2026-11-13 10:00:00", "scan", "S1"),
            touch("u1", "2026-11-13 15:00:00", "scan", "S2"),
            touch("u2", "2026-11-13 12:00:00", "scan", "S1"),
            touch("u3", "2026-11-13 09:00:00", "guide", "S3"),
            touch("u4", "2026-11-18 20:00:00", "scan", null),
            touch("u5", "2026-11-05 20:00:00", "scan", "S1")); // before the restated window
    Dataset<Row> orders =
        rows(
            "user_id STRING, order_time TIMESTAMP, order_date DATE, value DECIMAL(18,2)",
            order("u1", "2026-11-20 09:59:59", "100.00"),
            order("u1", "2026-11-13 09:00:00", "10.00"),
            order("u2", "2026-11-20 12:00:01", "50.00"),
            order("u3", "2026-11-14 08:00:00", "30.00"),
            order("u4", "2026-11-19 08:00:00", "20.00"),
            order(null, "2026-11-19 08:00:00", "70.00"));
    LocalDate run = LocalDate.parse("2026-11-20");
    Dataset<Row> actual = ConversionDaily.build(touches, orders, run.minusDays(7), run, run);
    Date d13 = Date.valueOf("2026-11-13");
    Date d18 = Date.valueOf("2026-11-18");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(d13, "scan", "S1", 2L, 1L, 0.5, new BigDecimal("100.00"), true),
            row(d13, "scan", "S2", 1L, 1L, 1.0, new BigDecimal("100.00"), true),
            row(d13, "scan", "ALL", 2L, 1L, 0.5, new BigDecimal("100.00"), true),
            row(d13, "guide", "S3", 1L, 1L, 1.0, new BigDecimal("30.00"), true),
            row(d13, "guide", "ALL", 1L, 1L, 1.0, new BigDecimal("30.00"), true),
            row(d18, "scan", null, 1L, 1L, 1.0, new BigDecimal("20.00"), false),
            row(d18, "scan", "ALL", 1L, 1L, 1.0, new BigDecimal("20.00"), false));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
