package io.omnitouch.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.quality.Completeness.ControlLine;
import io.omnitouch.quality.Completeness.Finding;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The completeness verdicts, on counts written out by hand (no Spark). */
class CompletenessTest {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final double WARN = 0.2;
  private static final double FAIL = 0.5;

  private static Finding assess(
      Map<String, Long> files, List<Long> history, List<ControlLine> control, double fail) {
    return Completeness.assess("orders", D, files, history, control, List.of(), WARN, fail);
  }

  @Test
  void aFileShorterThanItsControlLineIsAWarningAndTheShortfallCountsAgainstTheControlTotal() {
    Finding f =
        assess(
            Map.of("part-0.csv", 3L, "part-1.csv", 5L),
            List.of(),
            List.of(new ControlLine("part-0.csv", 5), new ControlLine("part-1.csv", 5)),
            FAIL);
    assertEquals(Completeness.WARNING, f.status());
    assertEquals(8, f.received());
    assertEquals(10L, f.expected());
    assertEquals(0.2, f.shortfall(), 1e-9);
    assertEquals(
        "part-0.csv: 3 rows received, the control file says 5 (truncated or partial file?);"
            + " shortfall 20.0%",
        f.message());
  }

  @Test
  void filesMissingFromOrAbsentInTheControlFileAreNamedAndAHalfEmptyDeliveryFails() {
    Finding f =
        assess(
            Map.of("extra.csv", 2L),
            List.of(10L, 10L, 10L, 10L),
            List.of(new ControlLine("part-0.csv", 6)),
            FAIL);
    assertEquals(Completeness.FAILED, f.status(), f.message());
    assertEquals(
        "control file lists part-0.csv (6 rows) but it was not found; extra.csv (2 rows) is not"
            + " in the control file; shortfall 66.7%",
        f.message());
  }

  @Test
  void withoutControlFileTheMedianOfTheSameWeekdayIsExpectedAndATruncatedDayFails() {
    // Weeks with rows: 10, 11, 12 (a week without rows is no history): median 11.
    Finding truncated = assess(Map.of("part-0.csv", 3L), List.of(10L, 12L, 0L, 11L), null, FAIL);
    assertEquals(Completeness.FAILED, truncated.status());
    assertEquals(11L, truncated.expected());
    assertEquals(8.0 / 11, truncated.shortfall(), 1e-9);
    assertEquals(
        "3 rows against a median of 11 on the same weekday over 3 weeks; shortfall 72.7%",
        truncated.message());

    Finding usual = assess(Map.of("part-0.csv", 10L), List.of(10L, 12L, 0L, 11L), null, FAIL);
    assertEquals(Completeness.OK, usual.status(), "9% below the median is within the warning");

    Finding slightlyLow = assess(Map.of("a.csv", 8L), List.of(10L, 12L, 11L, 11L), null, FAIL);
    assertEquals(Completeness.WARNING, slightlyLow.status(), "27% short: warn, do not fail");

    Finding doubled = assess(Map.of("a.csv", 23L), List.of(10L, 12L, 11L, 11L), null, FAIL);
    assertEquals(Completeness.WARNING, doubled.status());
    assertEquals(
        "23 rows against a median of 11 on the same weekday over 4 weeks: more than twice the"
            + " usual volume (a file delivered twice?)",
        doubled.message());

    Finding disabled = assess(Map.of(), List.of(10L, 12L, 11L, 11L), null, 1.0);
    assertEquals(Completeness.WARNING, disabled.status(), "--completeness-fail 1 never fails");
    assertEquals(1.0, disabled.shortfall(), 1e-9);
  }

  @Test
  void tooLittleHistoryOrTooFewRowsGiveNoExpectation() {
    Finding young = assess(Map.of("a.csv", 0L), List.of(12L, 0L, 0L, 0L), null, FAIL);
    assertEquals(Completeness.OK, young.status());
    assertEquals(null, young.expected());
    assertEquals(
        "no volume expectation yet (1 weeks of same-weekday history, median 12 rows)",
        young.message());

    Finding tiny = assess(Map.of("a.csv", 1L), List.of(4L, 5L, 6L, 5L), null, FAIL);
    assertEquals(Completeness.OK, tiny.status(), "5 rows a day: a swing to 1 is noise");
  }

  @Test
  void aStoreActiveOnThreeOfTheLastSevenDaysAndSilentTodayIsWarned() {
    Map<String, Set<LocalDate>> active =
        Map.of(
            "S1", Set.of(D.minusDays(1), D.minusDays(2), D.minusDays(7)),
            "S2", Set.of(D.minusDays(1), D.minusDays(2)),
            "S3", Set.of(D.minusDays(1), D.minusDays(2), D.minusDays(3), D),
            "S4", Set.of(D.minusDays(8), D.minusDays(9), D.minusDays(1)));
    List<String> silent = Completeness.silentStores(active, D);
    assertEquals(List.of("S1"), silent);

    Finding f = Completeness.assess("orders", D, Map.of(), List.of(), null, silent, WARN, FAIL);
    assertEquals(Completeness.WARNING, f.status());
    assertEquals(
        "no volume expectation yet (0 weeks of same-weekday history, median 0 rows); 1 store(s)"
            + " silent today after activity on at least 3 of the last 7 days: S1",
        f.message());
  }

  @Test
  void aHolidayOrPromoDayWarnsWhereAnOrdinaryDayFails() {
    List<Long> usual = List.of(20L, 20L, 20L, 20L);
    Map<String, Long> dropped = Map.of("a.csv", 6L);
    Calendar calendar = Calendar.bundled();
    Finding holiday =
        Completeness.assess(
            "orders",
            LocalDate.parse("2026-10-01"),
            calendar.day(LocalDate.parse("2026-10-01")),
            dropped,
            usual,
            null,
            List.of(),
            WARN,
            FAIL);
    assertEquals(Completeness.WARNING, holiday.status());
    assertEquals(
        "6 rows against a median of 20 on the same weekday over 4 weeks; shortfall 70.0%; 国庆节:"
            + " a holiday or promo day warns instead of failing",
        holiday.message());
    LocalDate singlesDay = LocalDate.parse("2026-11-11");
    Finding promo =
        Completeness.assess(
            "orders",
            singlesDay,
            calendar.day(singlesDay),
            dropped,
            usual,
            null,
            List.of(),
            WARN,
            FAIL);
    assertEquals(Completeness.WARNING, promo.status(), promo.message());
    LocalDate workday = LocalDate.parse("2026-11-12");
    Finding ordinary =
        Completeness.assess(
            "orders", workday, calendar.day(workday), dropped, usual, null, List.of(), WARN, FAIL);
    assertEquals(Completeness.FAILED, ordinary.status());
    Finding adjusted =
        Completeness.assess(
            "orders",
            LocalDate.parse("2026-10-10"),
            calendar.day(LocalDate.parse("2026-10-10")),
            dropped,
            usual,
            null,
            List.of(),
            WARN,
            FAIL);
    assertEquals(Completeness.FAILED, adjusted.status(), "a 调休 workday is a workday");
  }

  @Test
  void holidayAndPromoDatesAreLeftOutOfTheBaseline() {
    Calendar calendar = Calendar.bundled();
    // A Sunday after 双11: Nov 8 and Nov 1 are promo days.
    assertEquals(
        List.of("2026-11-15", "2026-10-25", "2026-10-18", "2026-10-11"),
        Completeness.baselineDates(LocalDate.parse("2026-11-22"), calendar).stream()
            .map(LocalDate::toString)
            .toList());
    // The Thursday after 国庆节: Oct 1 is left out.
    assertEquals(
        List.of("2026-09-24", "2026-09-17", "2026-09-10", "2026-09-03"),
        Completeness.baselineDates(LocalDate.parse("2026-10-08"), calendar).stream()
            .map(LocalDate::toString)
            .toList());
  }
}
