package io.omnitouch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.ingest.TerritoryPeriods.Period;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** valid_to is exclusive and empty means open: back-to-back periods are fine, overlaps are not. */
class TerritoryPeriodsTest {
  static Period p(String d, String from, String to) {
    return new Period(d, LocalDate.parse(from), to == null ? null : LocalDate.parse(to));
  }

  @Test
  void backToBackPeriodsDoNotOverlap() {
    assertEquals(
        List.of(),
        TerritoryPeriods.overlaps(
            List.of(
                p("D1", "2026-11-01", null),
                p("D1", "2026-01-01", "2026-11-01"),
                p("D2", "2026-01-01", null))));
  }

  @Test
  void everyDistributorWithAnOverlapIsNamed() {
    assertEquals(
        List.of(
            "D1 (2026-01-01..open and 2026-11-01..open)",
            "D3 (2026-01-01..2026-11-02 and 2026-11-01..2026-12-01)"),
        TerritoryPeriods.overlaps(
            List.of(
                p("D3", "2026-11-01", "2026-12-01"),
                p("D1", "2026-01-01", null),
                p("D2", "2026-01-01", "2026-02-01"),
                p("D3", "2026-01-01", "2026-11-02"),
                p("D1", "2026-11-01", null))));
  }
}
