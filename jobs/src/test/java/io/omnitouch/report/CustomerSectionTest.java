package io.omnitouch.report;

import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.report.CustomerSection.CustomerAssets;
import io.omnitouch.report.CustomerSection.Segment;
import io.omnitouch.report.Messages.Lang;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The customer-asset section from hand-made mart rows: buyers with day and week deltas, actives and
 * 流失, the pooled 30-day repurchase rate of the newest matured week of cohorts (a younger cohort and
 * a channel row left out), RFM segment sizes with revenue shares; rendered in both languages.
 */
class CustomerSectionTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");

  static Date d(int daysBefore) {
    return Date.valueOf(D.minusDays(daysBefore));
  }

  @Test
  void buyersCohortsAndSegments() {
    String assetCols =
        "dt, channel, buyers, new_buyers, returning_buyers, reactivated_buyers, history_days,"
            + " active_customers_365d, churned_customers";
    Dataset<Row> assets =
        ReportFixtures.mart(
            "customer_assets_daily",
            assetCols,
            row(d(0), "ALL", 120L, 30L, 90L, 6L, 56, 900L, 40L),
            row(d(1), "ALL", 100L, 20L, 80L, 4L, 55, 890L, 38L),
            row(d(7), "ALL", 150L, 60L, 90L, 6L, 49, 800L, 20L),
            row(d(0), "guide", 70L, 10L, 60L, 3L, 56, null, null));
    String cohortCols = "dt, channel, new_buyers, repurchased_30d";
    Dataset<Row> cohorts =
        ReportFixtures.mart(
            "customer_repurchase_cohorts",
            cohortCols,
            row(d(30), "ALL", 10L, 3L),
            row(d(36), "ALL", 30L, 6L),
            row(d(37), "ALL", 1000L, 1000L), // older than the newest matured week
            row(d(29), "ALL", 1000L, 0L), // not matured
            row(d(30), "guide", 10L, 3L));
    Dataset<Row> rfm =
        ReportFixtures.mart(
            "customer_rfm",
            "dt, user_id, segment, revenue_365d",
            row(d(0), "a", "champion", new BigDecimal("600.00")),
            row(d(0), "b", "new", new BigDecimal("100.00")),
            row(d(0), "c", "lapsed", new BigDecimal("300.00")),
            row(d(1), "z", "lapsed", new BigDecimal("999.00")));
    CustomerAssets c = CustomerSection.build(assets, cohorts, rfm, D);

    assertEquals(120.0, c.buyers().value());
    assertEquals(0.2, c.buyers().vsPreviousDay(), 1e-12);
    assertEquals(-0.2, c.buyers().vsLastWeek(), 1e-12);
    assertEquals(0.5, c.newBuyers().vsPreviousDay(), 1e-12);
    assertEquals(0.5, c.reactivatedBuyers().vsPreviousDay(), 1e-12);
    assertEquals(900L, c.activeCustomers365d());
    assertEquals(40L, c.churnedCustomers());
    assertEquals(D.minusDays(36), c.cohortFrom());
    assertEquals(D.minusDays(30), c.cohortTo());
    assertEquals(40L, c.cohortBuyers());
    assertEquals(0.225, c.repurchaseRate30d(), 1e-12); // (3 + 6) / (10 + 30)
    assertEquals(
        List.of(
            new Segment("champion", 1, 600.0, 0.6),
            new Segment("new", 1, 100.0, 0.1),
            new Segment("active", 0, 0.0, 0.0),
            new Segment("lapsing", 0, 0.0, 0.0),
            new Segment("lapsed", 1, 300.0, 0.3)),
        c.segments());

    String zh = CustomerSection.render(c, Messages.of(Lang.zh));
    assertTrue(zh.contains("新客 30 天复购率 22.5%(9 / 40)"), zh);
    assertTrue(zh.contains("仓库仅有 56 天订单历史"), zh);
    assertTrue(zh.contains("<td>高价值</td><td class=\"num\">1</td>"), zh);
    String en = CustomerSection.render(c, Messages.of(Lang.en));
    assertTrue(en.contains("30-day repurchase rate 22.5% (9 of 40)"), en);
    assertTrue(en.contains("id=\"customers-churned\"><b>40</b>"), en);
  }
}
