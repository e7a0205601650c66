package io.omnitouch.report;

import static io.omnitouch.report.ReportFixtures.d;
import static io.omnitouch.report.ReportFixtures.mart;
import static io.omnitouch.report.ReportFixtures.money;
import static io.omnitouch.report.ReportFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.report.MarginSection.Margin;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.ReportModel.Metric;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Refunds and gross margin of sales_daily, D = 2026-11-22 against D-1 and D-7, by hand. */
class MarginSectionTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final double EPS = 1e-9;

  @Test
  void refundsAndMarginWithTheKpiComparisonsRatesInPoints() {
    ReportFixtures f = new ReportFixtures();
    f.salesDaily =
        mart(
            "sales_daily",
            "dt, store_id, sku, revenue, refunded_amount, gross_margin",
            row(d("2026-11-22"), "S1", "P1", money("900.00"), money("100.00"), money("300.00")),
            row(d("2026-11-22"), "S2", "P2", money("100.00"), money("0.00"), null), // no cost
            row(d("2026-11-21"), "S1", "P1", money("760.00"), money("40.00"), money("190.00")),
            row(d("2026-11-15"), "S1", "P1", money("500.00"), money("0.00"), money("200.00")),
            row(d("2026-11-20"), "S1", "P1", money("9999.00"), money("9999.00"), money("1.00")));

    Margin g = ReportModelBuilder.build(f.inputs(), D).margin();

    assertMetric(new Metric(100.0, 40.0, 0.0), g.refunds());
    assertEquals(1.5, g.refunds().vsPreviousDay(), EPS); // 100 / 40 − 1
    assertNull(g.refunds().vsLastWeek(), "no change from 0");
    // refunds / (revenue + refunds): 100 / 1100, 40 / 800, 0 / 500
    assertMetric(new Metric(100 / 1100.0, 0.05, 0.0), g.refundRate());
    assertMetric(new Metric(300.0, 190.0, 200.0), g.grossMargin());
    assertEquals(0.5, g.grossMargin().vsLastWeek(), EPS);
    // margin / revenue of the rows with a margin: 300 / 900, 190 / 760, 200 / 500
    assertMetric(new Metric(1 / 3.0, 0.25, 0.4), g.marginRate());
    assertEquals(0.1, g.uncostedShare(), EPS); // 100 of 1000 without a unit cost

    String zh = MarginSection.render(g, Messages.of(Lang.zh));
    assertTrue(zh.contains(">9.1%<"), zh);
    assertTrue(zh.contains("<span class=\"down\">▲ 4.1 个百分点</span>"), "9.09% − 5.00%: " + zh);
    assertTrue(zh.contains("<span class=\"down\">▲ 150.0%</span>"), "more refunds read red");
    assertTrue(zh.contains("<span class=\"up\">▲ 8.3 个百分点</span>"), "33.3% − 25.0%");
    assertTrue(zh.contains("<span class=\"down\">▼ 6.7 个百分点</span>"), "33.3% − 40.0%");
    assertTrue(zh.contains("10.0% 的支付金额所属商品没有单位成本"), zh);
    String en = MarginSection.render(g, Messages.of(Lang.en));
    assertTrue(en.contains("<span class=\"up\">▲ 8.3 pp</span>"), en);
  }

  @Test
  void aDayWithoutSalesHasNoCard() {
    ReportFixtures f = new ReportFixtures();
    f.salesDaily = mart("sales_daily", "dt, revenue", row(d("2026-11-21"), money("10.00")));
    assertNull(ReportModelBuilder.build(f.inputs(), D).margin());
    assertTrue(
        MarginSection.render(null, Messages.of(Lang.en))
            .contains("<p class=\"empty\">No data for this section</p>"));
  }

  private static void assertMetric(Metric expected, Metric actual) {
    assertEquals(expected.value(), actual.value(), EPS);
    assertEquals(expected.previousDay(), actual.previousDay(), EPS);
    assertEquals(expected.lastWeek(), actual.lastWeek(), EPS);
  }
}
