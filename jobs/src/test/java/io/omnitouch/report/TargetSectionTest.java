package io.omnitouch.report;

import static io.omnitouch.report.ReportFixtures.d;
import static io.omnitouch.report.ReportFixtures.dim;
import static io.omnitouch.report.ReportFixtures.mart;
import static io.omnitouch.report.ReportFixtures.money;
import static io.omnitouch.report.ReportFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.TargetSection.Progress;
import io.omnitouch.report.TargetSection.Targets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Month to date vs targets.csv, worked by hand. D = 2026-11-22: 22 of November's 30 days elapsed, 8
 * remain after D, so a store is on pace from 22 / 30 = 73.3% of its target.
 */
class TargetSectionTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final double EPS = 1e-9;

  static ReportFixtures fixtures() {
    ReportFixtures f = new ReportFixtures();
    f.stores = dim("stores", "store_id, name", row("S2", "<b>南京店</b>"), row("S4", "=HYPERLINK(1)"));
    f.targets =
        dim(
            "targets",
            "month, store_id, revenue_target",
            row("2026-11", null, money("30000.00")), // the brand
            row("2026-11", "S1", money("10000.00")),
            row("2026-11", "S2", money("8000.00")),
            row("2026-11", "S3", money("5000.00")),
            row("2026-11", "S4", money("3000.00")), // no sales at all
            row("2026-11", "S5", money("0.00")), // a zero target: not a store with a target
            row("2026-10", "S1", money("99999.00"))); // another month
    f.salesDaily =
        mart(
            "sales_daily",
            "dt, store_id, sku, revenue",
            row(d("2026-11-01"), "S1", "P1", money("4400.00")),
            row(d("2026-11-22"), "S1", "P1", money("4400.00")),
            row(d("2026-11-10"), "S2", "P1", money("2200.00")),
            row(d("2026-11-15"), "S3", "P1", money("2200.00")),
            row(d("2026-11-20"), null, "P1", money("1100.00")), // e-commerce: the brand's only
            row(d("2026-10-31"), "S1", "P1", money("5000.00")), // last month
            row(d("2026-11-23"), "S2", "P1", money("5000.00"))); // after the report date
    return f;
  }

  @Test
  void brandAndStoresBehindPaceWithTheDailyPaceNeededAfterTheReportDate() {
    Targets t = ReportModelBuilder.build(fixtures().inputs(), D).targets();

    assertEquals(YearMonth.of(2026, 11), t.month());
    assertEquals(22, t.elapsedDays());
    assertEquals(8, t.remainingDays());
    // Brand: 4400 + 4400 + 2200 + 2200 + 1100 = 14300 of 30000; (30000 − 14300) / 8 = 1962.5 a
    // day still needed against 14300 / 22 = 650 a day so far.
    assertProgress(new Progress("", 14300, 30000, 14300 / 30000.0, 1962.5, 650), t.brand());
    // S1 8800 / 10000 = 88% >= 73.3%: on pace. Behind, furthest first: S4 0%, S2 27.5%, S3 44%.
    assertEquals(4, t.storesWithTarget());
    assertEquals(1, t.storesOnPace());
    List<Progress> behind = t.storesBehind();
    assertEquals(3, behind.size());
    assertProgress(new Progress("=HYPERLINK(1)", 0, 3000, 0.0, 375.0, 0), behind.get(0));
    assertProgress(new Progress("<b>南京店</b>", 2200, 8000, 0.275, 725.0, 100), behind.get(1));
    assertProgress(new Progress("S3", 2200, 5000, 0.44, 350.0, 100), behind.get(2));

    String zh = TargetSection.render(t, Messages.of(Lang.zh));
    assertTrue(zh.contains("2026-11 已过 22 / 30 天(时间进度 73.3%),当日之后还剩 8 天"), zh);
    assertTrue(zh.contains("有目标的门店中 1 / 4 家达到时间进度"), zh);
    assertTrue(zh.contains("<td class=\"name\">&lt;b&gt;南京店&lt;/b&gt;</td>"), zh);
    String en = TargetSection.render(t, Messages.of(Lang.en));
    assertTrue(en.contains("1 of 4 stores with a target are on pace"), en);
    assertTrue(en.contains(">¥1,963<"), "the needed pace, 1962.5 rounded " + en);
  }

  @Test
  void onTheLastDayOfTheMonthNoPaceIsLeftToMake() {
    Targets t =
        ReportModelBuilder.build(fixtures().inputs(), LocalDate.parse("2026-11-30")).targets();
    assertEquals(30, t.elapsedDays());
    assertEquals(0, t.remainingDays());
    // The 11-23 sale of S2 is now in: 14300 + 5000 = 19300.
    assertProgress(new Progress("", 19300, 30000, 19300 / 30000.0, null, 19300 / 30.0), t.brand());
    assertNull(t.storesBehind().get(0).neededPerDay());
    assertTrue(TargetSection.render(t, Messages.of(Lang.zh)).contains("今天是本月最后一天"));
  }

  @Test
  void withoutTargetsTheSectionSaysSo() {
    ReportFixtures f = fixtures();
    Targets other = ReportModelBuilder.build(f.inputs(), LocalDate.parse("2026-12-05")).targets();
    assertTrue(other.targetsLoaded());
    assertFalse(other.hasTargets());
    assertTrue(
        TargetSection.render(other, Messages.of(Lang.en))
            .contains("<p class=\"empty\">No target for 2026-12 in targets.csv</p>"));

    f.targets = new ReportFixtures().targets; // no targets.csv: an empty dimension
    Targets none = ReportModelBuilder.build(f.inputs(), D).targets();
    assertFalse(none.targetsLoaded());
    assertNull(none.brand());
    assertTrue(
        TargetSection.render(none, Messages.of(Lang.zh))
            .contains("<p class=\"empty\">未提供月度目标(targets.csv)</p>"));
  }

  private static void assertProgress(Progress expected, Progress actual) {
    assertEquals(expected.name(), actual.name());
    assertEquals(expected.revenue(), actual.revenue(), EPS);
    assertEquals(expected.target(), actual.target(), EPS);
    assertEquals(expected.achieved(), actual.achieved(), EPS);
    if (expected.neededPerDay() == null) {
      assertNull(actual.neededPerDay());
    } else {
      assertEquals(expected.neededPerDay(), actual.neededPerDay(), EPS);
    }
    assertEquals(expected.dailyAverage(), actual.dailyAverage(), EPS);
  }
}
