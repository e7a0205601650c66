package io.omnitouch.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The two timestamp shapes the logs carry almost always, parsed without {@code DateTimeFormatter}
 * (the largest per-row cost of ingest): {@code yyyy-MM-dd HH:mm:ss} in the business zone and {@code
 * yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}. Anything else, and any value these shapes hold but that
 * is not a valid date or time, returns null so the caller's formatter decides: the result and the
 * rejection rules stay exactly those of the formatter.
 */
final class FastTimestamps {
  private static final int LOCAL_LENGTH = 19;
  private static final int MAX_FRACTION_DIGITS = 9;
  private static final int NANOS_PER_SECOND = 1_000_000_000;
  private static final int OFFSET_LENGTH = 6;

  private FastTimestamps() {}

  /** The instant of {@code v}, or null when {@code v} is not in one of the two plain shapes. */
  static Instant parse(String v, ZoneId zone) {
    int n = v.length();
    if (n < LOCAL_LENGTH || !dateAndTime(v)) {
      return null;
    }
    char sep = v.charAt(10);
    try {
      if (sep == ' ' && n == LOCAL_LENGTH) {
        return local(v, 0).atZone(zone).toInstant();
      }
      if (sep != 'T') {
        return null;
      }
      int i = LOCAL_LENGTH;
      int nanos = 0;
      if (i < n && v.charAt(i) == '.') {
        int digits = 0;
        i++;
        while (i < n && isDigit(v.charAt(i))) {
          if (++digits > MAX_FRACTION_DIGITS) {
            return null;
          }
          nanos = nanos * 10 + (v.charAt(i) - '0');
          i++;
        }
        if (digits == 0) {
          return null;
        }
        for (int d = digits; d < MAX_FRACTION_DIGITS; d++) {
          nanos *= 10;
        }
      }
      ZoneOffset offset = offset(v, i);
      if (offset == null) {
        return null;
      }
      return local(v, nanos).toInstant(offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code Z} or {@code ±HH:MM} from {@code i} to the end; null otherwise. */
  private static ZoneOffset offset(String v, int i) {
    int rest = v.length() - i;
    if (rest == 1 && v.charAt(i) == 'Z') {
      return ZoneOffset.UTC;
    }
    if (rest != OFFSET_LENGTH || v.charAt(i + 3) != ':') {
      return null;
    }
    char sign = v.charAt(i);
    if ((sign != '+' && sign != '-')
        || !isDigit(v.charAt(i + 1))
        || !isDigit(v.charAt(i + 2))
        || !isDigit(v.charAt(i + 4))
        || !isDigit(v.charAt(i + 5))) {
      return null;
    }
    int hours = num(v, i + 1);
    int minutes = num(v, i + 4);
    return sign == '+'
        ? ZoneOffset.ofHoursMinutes(hours, minutes)
        : ZoneOffset.ofHoursMinutes(-hours, -minutes);
  }

  private static LocalDateTime local(String v, int nanos) {
    int year =
        (v.charAt(0) - '0') * 1000
            + (v.charAt(1) - '0') * 100
            + (v.charAt(2) - '0') * 10
            + (v.charAt(3) - '0');
    return LocalDateTime.of(
        year, num(v, 5), num(v, 8), num(v, 11), num(v, 14), num(v, 17), nanos % NANOS_PER_SECOND);
  }

  /** {@code dddd-dd-dd?dd:dd:dd} in the first 19 characters. */
  private static boolean dateAndTime(String v) {
    for (int i = 0; i < LOCAL_LENGTH; i++) {
      char ch = v.charAt(i);
      boolean ok =
          switch (i) {
            case 4, 7 -> ch == '-';
            case 13, 16 -> ch == ':';
            case 10 -> true;
            default -> isDigit(ch);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int num(String v, int at) {
    return (v.charAt(at) - '0') * 10 + (v.charAt(at + 1) - '0');
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }
}
