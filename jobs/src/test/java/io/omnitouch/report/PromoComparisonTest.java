package io.omnitouch.report;

import static io.omnitouch.report.ReportFixtures.d;
import static io.omnitouch.report.ReportFixtures.mart;
import static io.omnitouch.report.ReportFixtures.money;
import static io.omnitouch.report.ReportFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.PromoComparison.Promo;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A promo day against the same promo day of the year before (bundled calendar: 双11 = Nov 1–11, 618
 * = Jun 1–18), only when the calendar and the warehouse have both days.
 */
class PromoComparisonTest {
  static final LocalDate SINGLES_DAY = LocalDate.parse("2026-11-11");

  static ReportFixtures fixtures() {
    ReportFixtures f = new ReportFixtures();
    f.salesDaily =
        mart(
            "sales_daily",
            "dt, store_id, sku, revenue",
            row(d("2026-11-11"), "S1", "P1", money("1200.00")),
            row(d("2026-11-11"), "S2", "P1", money("300.00")),
            row(d("2025-11-11"), "S1", "P1", money("1000.00")),
            row(d("2026-11-12"), "S1", "P1", money("500.00")),
            row(d("2025-11-12"), "S1", "P1", money("400.00")),
            row(d("2026-11-05"), "S1", "P1", money("700.00")),
            row(d("2025-11-05"), "S1", "P1", money("350.00")),
            row(d("2026-06-18"), "S1", "P1", money("800.00"))); // no 2025-06-18 in the warehouse
    return f;
  }

  @Test
  void aPromoDayIsComparedWithTheSamePromoDayOfTheYearBefore() {
    Promo p =
        ReportModelBuilder.build(fixtures().inputs(), SINGLES_DAY, Calendar.bundled()).promo();

    assertEquals(
        new Promo("双11", SINGLES_DAY, 1500.0, LocalDate.parse("2025-11-11"), "双11", 1000.0), p);
    assertEquals(0.5, p.change(), 1e-12);
    assertEquals(
        "<p class=\"note\" id=\"promo-compare\">双11 同比:今日支付金额 ¥1,500,去年同一促销日"
            + " 2025-11-11(双11)为 ¥1,000,▲ 50.0%</p>",
        PromoComparison.render(p, Messages.of(Lang.zh)));
    assertEquals(
        "<p class=\"note\" id=\"promo-compare\">双11 year on year: paid revenue ¥1,500 today,"
            + " ¥1,000 on the same promo day last year, 2025-11-11 (双11): ▲ 50.0%</p>",
        PromoComparison.render(p, Messages.of(Lang.en)));
  }

  @Test
  void noLineOffPromoWithoutLastYearsDayOrWithoutACalendar() {
    ReportFixtures f = fixtures();
    Calendar bundled = Calendar.bundled();
    // 11-12 is no promo day, though both years have sales.
    assertNull(
        ReportModelBuilder.build(f.inputs(), LocalDate.parse("2026-11-12"), bundled).promo());
    // 618 of 2026 has sales, 2025-06-18 has none in the warehouse.
    assertNull(
        ReportModelBuilder.build(f.inputs(), LocalDate.parse("2026-06-18"), bundled).promo());
    assertNull(ReportModelBuilder.build(f.inputs(), SINGLES_DAY).promo(), "no calendar");
    // calendar.csv takes 2025-11-05 out of 双11: that day is no longer the same promo day.
    Calendar moved =
        Calendar.of(
            Calendar.defaults(),
            List.of(new Calendar.Day(LocalDate.parse("2025-11-05"), "workday", null, null)));
    LocalDate fifth = LocalDate.parse("2026-11-05");
    assertNull(ReportModelBuilder.build(f.inputs(), fifth, moved).promo());
    assertEquals(
        350.0, ReportModelBuilder.build(f.inputs(), fifth, bundled).promo().lastYearRevenue());
    assertEquals(
        "",
        PromoComparison.render(null, Messages.of(Lang.zh)),
        "no promo comparison: nothing on the page");
  }
}
