package io.omnitouch.calendar;

import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.calendar.Calendar.Day;
import io.omnitouch.cli.SqlCommand;
import io.omnitouch.run.InputContractException;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled default, the promo rule, date-by-date overrides and the {@code calendar} view. */
class CalendarTest {
  private static Day day(String date, String type, String holiday, String promo) {
    return new Day(LocalDate.parse(date), type, holiday, promo);
  }

  @Test
  void theBundledDefaultHasTheNoticesHolidaysAdjustedWorkdaysAndThePromos() {
    Calendar c = Calendar.bundled();
    assertEquals(day("2026-10-01", "holiday", "国庆节", null), c.day(LocalDate.parse("2026-10-01")));
    // National Day 2026 pays back on Saturday Oct 10 (调休).
    assertEquals(
        day("2026-10-10", "adjusted_workday", "国庆节", null), c.day(LocalDate.parse("2026-10-10")));
    assertEquals(day("2026-11-11", "workday", null, "双11"), c.day(LocalDate.parse("2026-11-11")));
    assertEquals(day("2026-11-12", "workday", null, null), c.day(LocalDate.parse("2026-11-12")));
    assertEquals(day("2026-11-01", "weekend", null, "双11"), c.day(LocalDate.parse("2026-11-01")));
    assertEquals(day("2024-06-10", "holiday", "端午", "618"), c.day(LocalDate.parse("2024-06-10")));
    assertEquals(day("2025-06-18", "workday", null, "618"), c.day(LocalDate.parse("2025-06-18")));
    assertEquals(day("2025-06-19", "workday", null, null), c.day(LocalDate.parse("2025-06-19")));
    // 2027: the statutory days of the law only (no notice yet), 除夕 included.
    assertEquals(day("2027-02-05", "holiday", "春节", null), c.day(LocalDate.parse("2027-02-05")));
    assertEquals(day("2027-02-09", "workday", null, null), c.day(LocalDate.parse("2027-02-09")));
    // Beyond the bundled years: weekday/weekend, and the promos still recur.
    assertEquals(day("2023-10-01", "weekend", null, null), c.day(LocalDate.parse("2023-10-01")));
    assertEquals(day("2030-11-11", "workday", null, "双11"), c.day(LocalDate.parse("2030-11-11")));

    List<Day> defaults = Calendar.defaults();
    for (int year = Calendar.FIRST_YEAR; year <= Calendar.LAST_YEAR; year++) {
      int y = year;
      long holidays = defaults.stream().filter(d -> d.date().getYear() == y && d.holiday()).count();
      assertTrue(holidays >= 13, year + ": at least the 13 statutory days, got " + holidays);
    }
  }

  @Test
  void labelsNameTheHolidayThePaidBackHolidayAndThePromo() {
    assertEquals("国庆节", day("2026-10-01", "holiday", "国庆节", null).label());
    assertEquals("调休 国庆节", day("2026-10-10", "adjusted_workday", "国庆节", null).label());
    assertEquals("端午 · 618", day("2024-06-10", "holiday", "端午", "618").label());
    assertEquals(null, day("2026-11-12", "workday", null, null).label());
  }

  @Test
  void anOverrideRowReplacesTheWholeDayAndWidensTheView() {
    Calendar c =
        Calendar.of(
            Calendar.defaults(),
            List.of(
                day("2026-11-11", "workday", null, null), // no 双11 promo for this brand
                day("2026-11-20", "workday", null, "品牌日"),
                day("2026-10-01", "workday", null, null),
                day("2028-01-03", "holiday", "公司假", null)));
    assertEquals(day("2026-11-11", "workday", null, null), c.day(LocalDate.parse("2026-11-11")));
    assertEquals(day("2026-11-10", "workday", null, "双11"), c.day(LocalDate.parse("2026-11-10")));
    assertEquals(day("2026-11-20", "workday", null, "品牌日"), c.day(LocalDate.parse("2026-11-20")));
    assertEquals(day("2026-10-01", "workday", null, null), c.day(LocalDate.parse("2026-10-01")));
    assertEquals(day("2026-10-02", "holiday", "国庆节", null), c.day(LocalDate.parse("2026-10-02")));
    assertEquals(LocalDate.parse("2024-01-01"), c.firstDate());
    assertEquals(LocalDate.parse("2028-12-31"), c.lastDate());
  }

  @Test
  void theCalendarViewOfSqlAppliesCalendarCsvAndAConflictingDuplicateIsRejected() {
    Warehouse wh = SharedSpark.tempWarehouse("calendar");
    wh.overwrite(
        "silver/calendar",
        SharedSpark.rows(
            Schemas.referenceStruct("reference/calendar"),
            row(Date.valueOf("2026-11-20"), "workday", null, "品牌日"),
            row(Date.valueOf("2026-10-01"), "workday", null, null)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        SqlCommand.run(
            wh,
            "SELECT date, day_type, holiday_name, promo, weekday, iso_week FROM calendar WHERE"
                + " date IN ('2026-10-01', '2026-10-02', '2026-11-11', '2026-11-20') ORDER BY"
                + " date",
            SqlCommand.Format.csv,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertEquals(0, code);
    assertEquals(
        "date,day_type,holiday_name,promo,weekday,iso_week\r\n"
            + "2026-10-01,workday,,,4,2026-W40\r\n"
            + "2026-10-02,holiday,国庆节,,5,2026-W40\r\n"
            + "2026-11-11,workday,,双11,3,2026-W46\r\n"
            + "2026-11-20,workday,,品牌日,5,2026-W47\r\n",
        out.toString(StandardCharsets.UTF_8));
    assertEquals(4 * 365 + 1, Calendar.view(wh).count(), "2024-2027, one row a date");

    wh.overwrite(
        "silver/calendar",
        SharedSpark.rows(
            Schemas.referenceStruct("reference/calendar"),
            row(Date.valueOf("2026-11-20"), "workday", null, "品牌日"),
            row(Date.valueOf("2026-11-20"), "holiday", "店庆", null)));
    InputContractException e = assertThrows(InputContractException.class, () -> Calendar.load(wh));
    assertEquals(
        "reference/calendar.csv lists 2026-11-20 twice with different values", e.getMessage());
  }
}
