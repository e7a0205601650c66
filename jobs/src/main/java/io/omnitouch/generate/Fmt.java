package io.omnitouch.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How values are written. Times are epoch milliseconds inside the generator; each source writes one
 * of the timestamp forms the contract accepts, as its upstream system would, so that every form is
 * exercised: scans and group events ISO-8601 with {@code +08:00}, orders {@code yyyy-MM-dd
 * HH:mm:ss} (Asia/Shanghai local time), guide events UTC with {@code Z} and milliseconds.
 */
final class Fmt {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);
  private static final DateTimeFormatter ISO_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private Fmt() {}

  /** Epoch millis of a local Asia/Shanghai date and time of day. */
  static long at(LocalDate date, long millisOfDay) {
    return date.atStartOfDay(ZONE).toInstant().toEpochMilli() + millisOfDay;
  }

  static LocalDate dateOf(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZONE);
  }

  static String isoOffset(long millis) {
    return ISO_OFFSET.format(
        LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, OFFSET).atOffset(OFFSET));
  }

  static String local(long millis) {
    return LOCAL.format(LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, OFFSET));
  }

  static String utcMillis(long millis) {
    return UTC_MILLIS.format(
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(millis, 1000),
            (int) Math.floorMod(millis, 1000) * 1_000_000,
            ZoneOffset.UTC));
  }

  /** Yuan with exactly two fraction digits, from non-negative fen. */
  static String money(long cents) {
    if (cents < 0) {
      throw new IllegalArgumentException("negative money " + cents);
    }
    long fen = cents % 100;
    return (cents / 100) + (fen < 10 ? ".0" : ".") + fen;
  }

  static String coordinate(double degrees) {
    return String.format(Locale.ROOT, "%.6f", degrees);
  }
}
