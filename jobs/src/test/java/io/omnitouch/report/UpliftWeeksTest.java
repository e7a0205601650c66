package io.omnitouch.report;

import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.report.Messages.Lang;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The week-by-week uplift card: what it reads, and its words in both languages. */
class UpliftWeeksTest {
  static final LocalDate D = LocalDate.parse("2026-03-31");
  static final Date DT = Date.valueOf(D);
  static final Date S = Date.valueOf("2026-03-10");

  @Test
  void readsThePooledWeeksAndTheBreakdownOfTheDate() {
    String cols = "dt, program, cohort_start, event_week, att, ci_low, ci_high, warnings";
    var study =
        ReportFixtures.mart(
            "uplift_event_study",
            cols,
            row(DT, "guide", null, -2, 4.0, 1.0, 7.0, "pre_trend"),
            row(DT, "guide", null, -1, 0.0, 0.0, 0.0, null),
            row(DT, "guide", null, 0, 12.0, 5.0, 19.0, null),
            row(DT, "guide", S, 0, 99.0, 1.0, 200.0, null), // a cohort row: not drawn
            row(Date.valueOf(D.minusDays(1)), "guide", null, 1, 50.0, 1.0, 99.0, null));
    var program =
        ReportFixtures.mart(
            "uplift_program",
            "dt, program, cohort_start, sensitivity_breakdown",
            row(DT, "guide", null, 1.84),
            row(DT, "guide", S, 3.0));
    List<UpliftWeeks.Program> programs = UpliftWeeks.build(study, program, D);
    assertEquals(1, programs.size());
    UpliftWeeks.Program p = programs.get(0);
    assertEquals(List.of(-2, -1, 0), p.weeks().stream().map(UpliftWeeks.Week::week).toList());
    assertTrue(p.weeks().get(0).preTrend());
    assertEquals(1.84, p.breakdown());
    assertEquals(S.toLocalDate().minusDays(28), p.windowStart());
    assertEquals(D, p.windowEnd()); // the post window is cut at the report date
  }

  @Test
  void theCardSaysTheBreakdownInPlainWordsWarnsAndNamesAHoliday() {
    UpliftWeeks.Program p =
        new UpliftWeeks.Program(
            "guide",
            List.of(
                new UpliftWeeks.Week(-2, 4, 1.0, 7.0, true),
                new UpliftWeeks.Week(-1, 0, 0.0, 0.0, false),
                new UpliftWeeks.Week(0, 12, 5.0, 19.0, false)),
            1.84,
            D.minusDays(49),
            D);
    UpliftWeeks.HolidayNamer qingming =
        (from, to, lang) ->
            from.isBefore(LocalDate.parse("2026-04-05")) && !to.isBefore(D)
                ? List.of(lang == Lang.zh ? "清明" : "Qingming <festival>")
                : List.of();
    String en = UpliftWeeks.section(List.of(p), Messages.of(Lang.en), qingming);
    assertTrue(
        en.contains(
            "The verdict holds unless trends diverged more than 1.8× the worst pre-period week"),
        en);
    assertTrue(en.contains("already stray from 0"), en);
    assertTrue(en.contains("Qingming &lt;festival&gt;"), "escaped holiday name: " + en);
    assertTrue(en.contains("<path"), "the band is drawn");
    String zh =
        UpliftWeeks.section(List.of(p), Messages.of(Lang.zh), UpliftWeeks.HolidayNamer.NONE);
    assertTrue(zh.contains("最差一周的 1.8 倍"), zh);
    assertFalse(zh.contains("节假日"), "no holiday without a calendar");
    assertEquals("", UpliftWeeks.section(List.of(), Messages.of(Lang.en), qingming));
    UpliftWeeks.Program noBreakdown = new UpliftWeeks.Program("guide", p.weeks(), null, null, null);
    assertNull(noBreakdown.breakdown());
    assertFalse(
        UpliftWeeks.section(List.of(noBreakdown), Messages.of(Lang.en), qingming)
            .contains("verdict holds"));
  }
}
