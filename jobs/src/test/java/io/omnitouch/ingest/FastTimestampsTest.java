package io.omnitouch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast timestamp path gives the formatter's instant for the shapes it takes, and leaves every
 * other text (odd shapes, invalid dates the formatter clamps or rejects) to the formatter.
 */
class FastTimestampsTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Test
  void plainShapesGiveTheFormattersInstant() {
    List<String> offsets =
        List.of(
            "2026-11-22T10:15:30+08:00",
            "2026-11-22T02:15:30Z",
            "2026-11-22T02:15:30.1Z",
            "2026-11-22T02:15:30.123456789Z",
            "2026-11-21T20:45:30.5-05:30",
            "2024-02-29T23:59:59+00:00");
    for (String v : offsets) {
      assertEquals(OffsetDateTime.parse(v).toInstant(), FastTimestamps.parse(v, SHANGHAI), v);
    }
    for (String v : List.of("2026-11-22 10:15:30", "2026-01-01 00:00:00", "2024-02-29 12:00:00")) {
      assertEquals(
          LocalDateTime.parse(v, LOCAL).atZone(SHANGHAI).toInstant(),
          FastTimestamps.parse(v, SHANGHAI),
          v);
    }
  }

  @Test
  void otherTextIsLeftToTheFormatter() {
    List<String> others =
        List.of(
            "2026-02-30 10:00:00", // the formatter clamps the day: not ours to decide
            "2026-11-22 24:00:00",
            "2026-13-01 10:00:00",
            "2026-11-22T10:15+08:00",
            "2026-11-22T10:15:30",
            "2026-11-22t10:15:30Z",
            "2026-11-22T10:15:30.Z",
            "2026-11-22T10:15:30.1234567890Z",
            "2026-11-22T10:15:30+19:00",
            "2026-11-22T10:15:30+0800",
            "2026-11-22 10:15:30 ",
            "26-11-22 10:15:30",
            "");
    for (String v : others) {
      assertNull(FastTimestamps.parse(v, SHANGHAI), v);
    }
  }

  @Test
  void randomInstantsRoundTrip() {
    Random r = new Random(7);
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    for (int i = 0; i < 2000; i++) {
      Instant t = Instant.ofEpochSecond(1_600_000_000L + r.nextInt(400_000_000), r.nextInt(1000));
      String withOffset = iso.format(t.atZone(SHANGHAI));
      assertEquals(
          OffsetDateTime.parse(withOffset).toInstant(),
          FastTimestamps.parse(withOffset, SHANGHAI),
          withOffset);
      String local = LOCAL.format(t.atZone(SHANGHAI));
      assertEquals(
          LocalDateTime.parse(local, LOCAL).atZone(SHANGHAI).toInstant(),
          FastTimestamps.parse(local, SHANGHAI),
          local);
    }
  }
}
