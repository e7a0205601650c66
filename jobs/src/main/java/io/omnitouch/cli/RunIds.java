package io.omnitouch.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** Run ids: readable, unique, sortable by start time. */
final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private RunIds() {}

  static String generate(LocalDate from, LocalDate to) {
    String dates = from.equals(to) ? from.toString() : from + "_" + to;
    return dates
        + "-"
        + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP)
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
