package io.omnitouch.report;

import static io.omnitouch.report.ReportFixtures.d;
import static io.omnitouch.report.ReportFixtures.dim;
import static io.omnitouch.report.ReportFixtures.mart;
import static io.omnitouch.report.ReportFixtures.money;
import static io.omnitouch.report.ReportFixtures.row;
import static io.omnitouch.report.ReportFixtures.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.ReportModel.CaseRow;
import io.omnitouch.report.ReportModel.ChannelShare;
import io.omnitouch.report.ReportModel.ConversionPoint;
import io.omnitouch.report.ReportModel.ConversionSeries;
import io.omnitouch.report.ReportModel.DistributorRow;
import io.omnitouch.report.ReportModel.Diversion;
import io.omnitouch.report.ReportModel.DoublingProgress;
import io.omnitouch.report.ReportModel.Flow;
import io.omnitouch.report.ReportModel.GroupRow;
import io.omnitouch.report.ReportModel.GuideRow;
import io.omnitouch.report.ReportModel.Kpis;
import io.omnitouch.report.ReportModel.Metric;
import io.omnitouch.report.ReportModel.ProgramUplift;
import io.omnitouch.report.ReportModel.RedPacketRisk;
import io.omnitouch.report.ReportModel.SourceQuality;
import io.omnitouch.report.ReportModel.StoreMultiple;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the model: tiny inline mart rows, numbers worked out by hand in the comments. The
 * report date D = 2026-11-22 (a Sunday); D-1 = 11-21; D-7 = 11-15.
 */
class ReportModelBuilderTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final double EPS = 1e-9;

  @Test
  void kpisCompareWithThePreviousDayAndTheSameWeekdayLastWeek() {
    ReportFixtures f = new ReportFixtures();
    f.salesDaily =
        mart(
            "sales_daily",
            "dt, store_id, sku, revenue",
            row(d("2026-11-22"), "S1", "P1", money("100.00")),
            row(d("2026-11-22"), "S2", "P1", money("50.00")),
            row(d("2026-11-21"), "S1", "P1", money("120.00")),
            row(d("2026-11-15"), "S1", "P1", money("100.00")),
            row(d("2026-11-08"), "S1", "P1", money("999.00")));
    f.attributionOrders =
        mart(
            "attribution_orders",
            "order_id, order_date, user_id, model, channel, credit",
            // D: 3 orders, buyers U1 and U2 (U1 twice); O1's Markov rows must not count again.
            row("O1", d("2026-11-22"), "U1", "last_touch", "guide", 1.0),
            row("O1", d("2026-11-22"), "U1", "markov", "guide", 0.5),
            row("O1", d("2026-11-22"), "U1", "markov", "scan", 0.5),
            row("O2", d("2026-11-22"), "U2", "last_touch", "scan", 1.0),
            row("O3", d("2026-11-22"), "U1", "last_touch", "direct", 1.0),
            // D-1: 2 orders, one anonymous: 1 buyer.
            row("O4", d("2026-11-21"), "U3", "last_touch", "guide", 1.0),
            row("O5", d("2026-11-21"), null, "last_touch", "direct", 1.0),
            // D-7: 2 orders, 2 buyers.
            row("O6", d("2026-11-15"), "U4", "last_touch", "guide", 1.0),
            row("O7", d("2026-11-15"), "U5", "last_touch", "guide", 1.0));

    ReportModel model = ReportModelBuilder.build(f.inputs(), D);

    Kpis k = model.kpis();
    assertMetric(new Metric(150.0, 120.0, 100.0), k.revenue());
    assertMetric(new Metric(3.0, 2.0, 2.0), k.orders());
    assertMetric(new Metric(2.0, 1.0, 2.0), k.buyers());
    assertMetric(new Metric(50.0, 60.0, 50.0), k.averageOrderValue()); // 150/3, 120/2, 100/2
    assertEquals(0.25, k.revenue().vsPreviousDay(), EPS); // 150 / 120 - 1
    assertEquals(0.5, k.revenue().vsLastWeek(), EPS); // 150 / 100 - 1
    assertEquals(1.0, k.buyers().vsPreviousDay(), EPS);
    assertEquals(0.0, k.buyers().vsLastWeek(), EPS);
    assertEquals(-1.0 / 6, k.averageOrderValue().vsPreviousDay(), EPS); // 50 / 60 - 1

    // The 14-day trend holds the days with sales (11-08 is outside D-13 .. D).
    assertEquals(
        List.of(
            new ReportModel.DayValue(LocalDate.parse("2026-11-15"), 100.0),
            new ReportModel.DayValue(LocalDate.parse("2026-11-21"), 120.0),
            new ReportModel.DayValue(D, 150.0)),
        model.revenueTrend());

    Messages zh = Messages.of(Lang.zh);
    assertEquals("▲ 25.0%", zh.change(k.revenue().vsPreviousDay()));
    assertEquals("▼ 16.7%", zh.change(k.averageOrderValue().vsPreviousDay()));
    assertEquals("0.0%", zh.change(k.buyers().vsLastWeek()));
  }

  @Test
  void aDayWithoutSalesHasNoKpisAndAMissingComparisonIsNull() {
    ReportFixtures f = new ReportFixtures();
    f.salesDaily = mart("sales_daily", "dt, revenue", row(d("2026-11-21"), money("10.00")));
    assertNull(ReportModelBuilder.build(f.inputs(), D).kpis());

    f.salesDaily = mart("sales_daily", "dt, revenue", row(d("2026-11-22"), money("10.00")));
    Metric revenue = ReportModelBuilder.build(f.inputs(), D).kpis().revenue();
    assertEquals(10.0, revenue.value(), EPS);
    assertNull(revenue.previousDay());
    assertNull(revenue.vsPreviousDay());
    assertNull(revenue.vsLastWeek());
  }

  @Test
  void channelMixPutsLastTouchAndDataDrivenSharesSideBySide() {
    ReportFixtures f = new ReportFixtures();
    f.attributionChannelDaily =
        mart(
            "attribution_channel_daily",
            "dt, model, channel, revenue",
            row(d("2026-11-22"), "last_touch", "guide", 100.0),
            row(d("2026-11-22"), "last_touch", "scan", 50.0),
            row(d("2026-11-22"), "markov", "guide", 60.0),
            row(d("2026-11-22"), "markov", "scan", 90.0),
            row(d("2026-11-22"), "shapley", "guide", 75.0),
            row(d("2026-11-22"), "shapley", "scan", 75.0),
            row(d("2026-11-22"), "linear", "guide", 150.0),
            row(d("2026-11-21"), "last_touch", "community", 500.0));

    List<ChannelShare> mix = ReportModelBuilder.build(f.inputs(), D).channelMix();

    assertEquals(
        List.of(
            new ChannelShare("guide", 100, 60, 75, 100.0 / 150, 60.0 / 150, 0.5),
            new ChannelShare("scan", 50, 90, 75, 50.0 / 150, 90.0 / 150, 0.5)),
        mix);
  }

  @Test
  void conversionPoolsOnlyMaturedCohortsOverFourteenDays() {
    ReportFixtures f = new ReportFixtures();
    f.conversionDaily =
        mart(
            "conversion_daily",
            "dt, channel, store_id, reached_users, converted_users, matured",
            row(d("2026-11-09"), "guide", "ALL", 10L, 2L, true),
            row(d("2026-11-14"), "guide", "ALL", 30L, 9L, true),
            row(d("2026-11-21"), "guide", "ALL", 5L, 0L, false),
            row(d("2026-11-21"), "guide", "S1", 5L, 0L, false), // a store row: not a total
            row(d("2026-11-08"), "guide", "ALL", 100L, 100L, true), // before D-13
            row(d("2026-11-22"), "scan", "ALL", 4L, 1L, false));

    List<ConversionSeries> series = ReportModelBuilder.build(f.inputs(), D).conversion();

    assertEquals(2, series.size());
    ConversionSeries guide = series.get(0);
    assertEquals("guide", guide.channel());
    assertEquals(45, guide.reachedUsers());
    assertEquals(11, guide.convertedUsers());
    assertEquals(11.0 / 40, guide.maturedRate(), EPS); // (2 + 9) / (10 + 30)
    assertEquals(
        List.of(
            new ConversionPoint(LocalDate.parse("2026-11-09"), 10, 2, 0.2, true),
            new ConversionPoint(LocalDate.parse("2026-11-14"), 30, 9, 0.3, true),
            new ConversionPoint(LocalDate.parse("2026-11-21"), 5, 0, 0.0, false)),
        guide.points());
    assertNull(series.get(1).maturedRate(), "scan has no matured cohort yet");
  }

  @Test
  void topGuidesAndGroupsRankTheLastSevenDaysWithTheirNames() {
    ReportFixtures f = new ReportFixtures();
    f.stores =
        dim(
            "stores",
            "store_id, name",
            row("S1", "<script>alert(1)</script>"),
            row("S2", "=cmd|' /C calc'!A0"));
    f.guides = dim("guides", "guide_id, store_id, name", row("G1", "S1", "小王"));
    f.groups = dim("groups", "group_id, store_id, name", row("GR1", "S1", "西湖群"));
    f.guidePerformanceDaily =
        mart(
            "guide_performance_daily",
            "dt, guide_id, store_id, customers_added, attributed_revenue_last_touch,"
                + " attributed_revenue_linear",
            row(d("2026-11-22"), "G1", "S1", 2L, 100.0, 80.0),
            row(d("2026-11-16"), "G1", "S1", 1L, 50.0, 40.0),
            row(d("2026-11-15"), "G1", "S1", 9L, 900.0, 900.0), // D-7: outside the week
            row(d("2026-11-20"), "G2", "S2", 5L, 120.0, 130.0),
            row(d("2026-11-20"), "G3", "S2", 0L, 0.0, 0.0)); // no activity: not ranked
    f.groupPerformanceDaily =
        mart(
            "group_performance_daily",
            "dt, group_id, store_id, members, joins, group_buys_completed,"
                + " attributed_revenue_last_touch",
            row(d("2026-11-21"), "GR1", "S1", 40L, 3L, 1L, 10.0),
            row(d("2026-11-22"), "GR1", "S1", 42L, 2L, 0L, 20.0),
            row(d("2026-11-22"), "GR2", "S2", 7L, 7L, 2L, 0.0));

    ReportModel model = ReportModelBuilder.build(f.inputs(), D);

    assertEquals(
        List.of(
            new GuideRow("G1", "小王", "<script>alert(1)</script>", 150, 120, 3),
            new GuideRow("G2", "G2", "=cmd|' /C calc'!A0", 120, 130, 5)),
        model.topGuides());
    assertEquals(
        List.of(
            new GroupRow("GR1", "西湖群", "<script>alert(1)</script>", 30, 42, 5, 1),
            new GroupRow("GR2", "GR2", "=cmd|' /C calc'!A0", 0, 7, 7, 2)),
        model.topGroups());
  }

  @Test
  void programmeUpliftGivesOnePlainSentenceEachHonestWhenTheIntervalIncludesZero() {
    ReportFixtures f = new ReportFixtures();
    String cols =
        "dt, program, cohort_start, treated_stores, control_stores, uplift_pct, ci_low, ci_high,"
            + " p_value, incremental_revenue, warnings";
    f.upliftProgram =
        mart(
            "uplift_program",
            cols,
            row(d("2026-11-22"), "community", null, 6, 10, 3.14, -2.04, 8.26, 0.31, 900.0, null),
            row(d("2026-11-22"), "guide", null, 14, 10, 24.8, 18.1, 31.6, 0.002, 52000.0, null),
            row(
                d("2026-11-22"),
                "mini_program",
                null,
                4,
                10,
                -5.2,
                -8.1,
                -2.0,
                0.01,
                -300.0,
                "pre_trend,small_cohort"),
            row(d("2026-11-22"), "scan", null, 0, 10, null, null, null, null, null, null),
            // a cohort row and another date: not shown
            row(d("2026-11-22"), "guide", d("2026-10-26"), 8, 10, 30.0, 20.0, 40.0, 0.0, 1.0, null),
            row(d("2026-11-21"), "guide", null, 14, 10, 99.0, 90.0, 110.0, 0.0, 1.0, null));

    List<ProgramUplift> programs = ReportModelBuilder.build(f.inputs(), D).programs();

    assertEquals(
        List.of("guide", "community", "mini_program", "scan"),
        programs.stream().map(ProgramUplift::program).toList());
    ProgramUplift guide = programs.get(0);
    assertEquals(24.8, guide.upliftPct(), EPS);
    assertEquals(52000.0, guide.incrementalRevenue(), EPS);
    assertEquals(14, guide.treatedStores());
    assertTrue(guide.significant());
    assertEquals(List.of("pre_trend", "small_cohort"), programs.get(2).warnings());

    Messages zh = Messages.of(Lang.zh);
    assertEquals("导购项目使门店日销提升 24.8%(95% 置信区间 18.1%–31.6%)", zh.upliftSentence(guide));
    assertEquals(
        "社群项目对门店日销的影响尚不确定:估计 +3.1%,95% 置信区间 −2.0%–8.3% 包含 0", zh.upliftSentence(programs.get(1)));
    assertEquals("小程序项目使门店日销下降 5.2%(95% 置信区间 −8.1%–−2.0%)", zh.upliftSentence(programs.get(2)));
    assertEquals("一物一码项目暂无法估计增量(数据不足)", zh.upliftSentence(programs.get(3)));
    assertEquals("上线前趋势不平行,估计可能有偏", zh.warning("pre_trend"));

    Messages en = Messages.of(Lang.en);
    assertEquals(
        "The guide programme lifted store daily sales by 24.8% (95% CI 18.1%–31.6%)",
        en.upliftSentence(guide));
    assertEquals(
        "The community programme's effect on store daily sales is not established: estimate"
            + " +3.1%, 95% CI −2.0%–8.3% includes 0",
        en.upliftSentence(programs.get(1)));
  }

  @Test
  void doublingCountsStoresAtTwiceTheirBaseline() {
    ReportFixtures f = new ReportFixtures();
    f.stores = dim("stores", "store_id, name", row("S1", "西湖店"));
    f.storeDoublingDaily =
        mart(
            "store_doubling_daily",
            "dt, store_id, program, baseline, multiple, doubled",
            row(d("2026-11-22"), "S1", "guide", 100.0, 2.5, true),
            row(d("2026-11-22"), "S2", "guide", 200.0, 1.5, false),
            row(d("2026-11-22"), "S3", "guide", null, null, null), // no baseline yet
            row(d("2026-11-22"), "S1", "community", 100.0, 1.9, false),
            row(d("2026-11-21"), "S2", "guide", 200.0, 9.0, true));

    ReportModel model = ReportModelBuilder.build(f.inputs(), D);

    assertEquals(
        List.of(
            new DoublingProgress("guide", 3, 1, 2, 2.0), // median of 1.5 and 2.5
            new DoublingProgress("community", 1, 0, 1, 1.9)),
        model.doubling());
    assertEquals(
        List.of(
            new StoreMultiple("西湖店", "guide", 2.5, 100),
            new StoreMultiple("西湖店", "community", 1.9, 100),
            new StoreMultiple("S2", "guide", 1.5, 200)),
        model.topDoublers());
  }

  @Test
  void diversionCountsCasesConfirmedOnTheBusinessDateAndSumsFourWeeksOfFlows() {
    ReportFixtures f = new ReportFixtures();
    f.distributors = dim("distributors", "distributor_id, name", row("D2", "江苏 <b>批发</b>"));
    f.regions =
        dim(
            "regions",
            "region_code, name",
            row("320000", "江苏省"),
            row("330000", "浙江省"),
            row("330100", "杭州市"));
    String cols =
        "case_id, distributor_id, sku, city_code, week, codes, scans, evidence, status,"
            + " confirmed_at";
    f.diversionCases =
        mart(
            "diversion_cases",
            cols,
            // 00:30 in Shanghai on D is still D (16:30 UTC the day before).
            row(
                "c1",
                "D2",
                "P1",
                "3301",
                "2026-W47",
                6L,
                7L,
                "consumer",
                "confirmed",
                ts("2026-11-22T00:30:00+08:00")),
            row(
                "c2",
                "D2",
                "P2",
                "3301",
                "2026-W47",
                3L,
                3L,
                "channel",
                "confirmed",
                ts("2026-11-19T10:00:00+08:00")),
            row(
                "c3",
                "D2",
                "P1",
                "3301",
                "2026-W46",
                9L,
                9L,
                "channel",
                "confirmed",
                ts("2026-11-15T23:59:00+08:00")), // D-7: outside the week
            row("c4", "D2", "P3", "3301", "2026-W47", 1L, 1L, "consumer", "suspected", null),
            row(
                "c5",
                "D2",
                "P3",
                "3301",
                "2026-W47",
                8L,
                8L,
                "channel",
                "confirmed",
                ts("2026-11-23T00:10:00+08:00"))); // after D
    f.distributorScorecard =
        mart(
            "distributor_scorecard",
            "dt, distributor_id, codes_scanned, diverted_codes, diversion_rate, confirmed_cases",
            row(d("2026-11-22"), "D1", 50L, 0L, 0.0, 0L),
            row(d("2026-11-22"), "D2", 80L, 8L, 0.1, 3L),
            row(d("2026-11-21"), "D3", 10L, 10L, 1.0, 1L));
    f.diversionFlowsWeekly =
        mart(
            "diversion_flows_weekly",
            "week, from_province, to_province, codes, week_start",
            row("2026-W44", "32", "33", 5L, d("2026-10-26")),
            row("2026-W47", "32", "33", 3L, d("2026-11-16")),
            row("2026-W47", "33", "33", 2L, d("2026-11-16")),
            row("2026-W43", "32", "33", 100L, d("2026-10-19"))); // 5 weeks back: outside

    Diversion div = ReportModelBuilder.build(f.inputs(), D).diversion();

    assertEquals(1, div.newConfirmedCases());
    assertEquals(2, div.confirmedLast7Days());
    assertEquals(
        List.of(
            new CaseRow("江苏 <b>批发</b>", "P1", "杭州市", "2026-W47", D, 6, 7, "consumer"),
            new CaseRow(
                "江苏 <b>批发</b>",
                "P2",
                "杭州市",
                "2026-W47",
                LocalDate.parse("2026-11-19"),
                3,
                3,
                "channel")),
        div.recentCases());
    assertEquals(
        List.of(new DistributorRow("江苏 <b>批发</b>", 80, 8, 0.1, 3)), div.worstDistributors());
    assertEquals(LocalDate.parse("2026-10-26"), div.flowsFrom());
    assertEquals(
        List.of(new Flow("32", "江苏省", "33", "浙江省", 8), new Flow("33", "浙江省", "33", "浙江省", 2)),
        div.flows());
  }

  @Test
  void redPacketMoneyAtRiskPerCampaignForTheDayAndTheWeek() {
    ReportFixtures f = new ReportFixtures();
    f.campaigns = dim("campaigns", "campaign_id, name", row("C1", "扫码赢红包"));
    f.campaignFraudDaily =
        mart(
            "campaign_fraud_daily",
            "dt, campaign_id, reward_amount, flagged_reward_amount",
            row(d("2026-11-22"), "C1", money("100.00"), money("25.00")),
            row(d("2026-11-19"), "C1", money("50.00"), money("0.00")),
            row(d("2026-11-15"), "C1", money("999.00"), money("999.00")),
            row(d("2026-11-20"), "C2", money("10.00"), money("10.00")));

    List<RedPacketRisk> risks = ReportModelBuilder.build(f.inputs(), D).redPackets();

    assertEquals(
        List.of(
            new RedPacketRisk("C1", "扫码赢红包", 100, 25, 150, 25),
            new RedPacketRisk("C2", "C2", 0, 0, 10, 10)),
        risks);
    assertEquals(0.25, risks.get(0).flaggedShare(), EPS);
    assertEquals(25.0 / 150, risks.get(0).flaggedShare7d(), EPS);
    assertNull(risks.get(1).flaggedShare());
  }

  @Test
  void dataQualityShowsTheLatestRunOfTheDateAndTheDaysQuarantine() {
    ReportFixtures f = new ReportFixtures();
    String cols = "run_id, dt, stage, finished_at, rows_in, rows_out, rows_rejected, status";
    f.runMetrics =
        mart(
            "run_metrics",
            cols,
            row(
                "r1",
                d("2026-11-22"),
                "ingest:orders",
                ts("2026-11-23T02:00:00+08:00"),
                100L,
                98L,
                2L,
                "ok"),
            row(
                "r1",
                d("2026-11-22"),
                "ingest:scans",
                ts("2026-11-23T02:00:00+08:00"),
                50L,
                50L,
                0L,
                "ok"),
            row(
                "r1",
                d("2026-11-22"),
                "ingest:reference:stores",
                ts("2026-11-23T02:00:00+08:00"),
                3L,
                3L,
                0L,
                "ok"),
            row(
                "r1",
                d("2026-11-22"),
                "ingest:reference:regions",
                ts("2026-11-23T02:00:00+08:00"),
                10L,
                9L,
                1L,
                "ok"),
            row(
                "r1",
                d("2026-11-22"),
                "silver",
                ts("2026-11-23T02:00:00+08:00"),
                null,
                500L,
                null,
                "ok"),
            // an earlier run of the same date: replaced by r1
            row(
                "r0",
                d("2026-11-22"),
                "ingest:orders",
                ts("2026-11-23T01:00:00+08:00"),
                999L,
                999L,
                0L,
                "ok"),
            row(
                "r1",
                d("2026-11-21"),
                "ingest:guide_events",
                ts("2026-11-22T02:00:00+08:00"),
                7L,
                7L,
                0L,
                "ok"));
    f.quarantine =
        ReportFixtures.quarantine(
            "source, dt, file, line, reason",
            row("orders", d("2026-11-22"), "orders/dt=2026-11-22/a.csv", 2L, "quantity below 1: 0"),
            row("orders", d("2026-11-22"), "orders/dt=2026-11-22/a.csv", 5L, "quantity below 1: 0"),
            row("orders", d("2026-11-22"), "orders/dt=2026-11-22/a.csv", 9L, "bad status 'x'"),
            row("regions", d("2026-11-22"), "reference/regions.csv", 4L, "bad lat"),
            row("group_events", d("2026-11-22"), "group_events/dt=2026-11-22/a.csv", 3L, "bad"),
            row("scans", d("2026-11-21"), "scans/dt=2026-11-21/a.csv", 2L, "old"));

    List<SourceQuality> rows = ReportModelBuilder.build(f.inputs(), D).dataQuality();

    assertEquals(
        List.of(
            new SourceQuality("orders", 100L, 98L, 2L, "ok", 3, "quantity below 1: 0"),
            new SourceQuality("scans", 50L, 50L, 0L, "ok", 0, null),
            new SourceQuality("group_events", null, null, null, null, 1, "bad"),
            new SourceQuality("reference", 13L, 12L, 1L, "ok", 1, "bad lat")),
        rows);
    assertEquals(0.02, rows.get(0).rejectedShare(), EPS);
  }

  @Test
  void completenessFindingsOfTheLatestRunAndTheCalendarOfTheComparedDaysAreInTheModel() {
    ReportFixtures f = new ReportFixtures();
    String cols = "run_id, dt, stage, finished_at, status, message";
    f.runMetrics =
        mart(
            "run_metrics",
            cols,
            row(
                "r1",
                d("2026-11-22"),
                "completeness:orders",
                ts("2026-11-23T02:00:00+08:00"),
                "warning",
                "1 store(s) silent today after activity on at least 3 of the last 7" + " days: S7"),
            row(
                "r1",
                d("2026-11-22"),
                "completeness:scans",
                ts("2026-11-23T02:00:00+08:00"),
                "ok",
                "matches the control file (1 files)"),
            // an earlier run of the same date: replaced by r1
            row(
                "r0",
                d("2026-11-22"),
                "completeness:orders",
                ts("2026-11-23T01:00:00+08:00"),
                "failed",
                "shortfall 90.0%"));
    ReportModel model =
        ReportModelBuilder.build(
            f.inputs(),
            D,
            io.omnitouch.calendar.Calendar.of(
                io.omnitouch.calendar.Calendar.defaults(),
                List.of(
                    new io.omnitouch.calendar.Calendar.Day(
                        LocalDate.parse("2026-11-21"), "weekend", null, "品牌日"))));
    assertEquals(
        List.of(
            new ReportModel.CompletenessNote(
                "orders",
                "warning",
                "1 store(s) silent today after activity on at least 3 of the last 7 days: S7")),
        model.completeness());
    // D = Sunday 2026-11-22: the day before is a brand event, a week before is ordinary.
    assertEquals(java.util.Map.of(LocalDate.parse("2026-11-21"), "品牌日"), model.dayLabels());
    assertEquals(
        "双11",
        ReportModelBuilder.dayLabels(
                io.omnitouch.calendar.Calendar.bundled(), LocalDate.parse("2026-11-12"))
            .get(LocalDate.parse("2026-11-11")));
  }

  @Test
  void emptyMartsGiveAnEmptyModelNotAnError() {
    ReportModel model = ReportModelBuilder.build(new ReportFixtures().inputs(), D);
    assertNull(model.kpis());
    assertTrue(model.revenueTrend().isEmpty());
    assertTrue(model.channelMix().isEmpty());
    assertTrue(model.conversion().isEmpty());
    assertTrue(model.topGuides().isEmpty());
    assertTrue(model.topGroups().isEmpty());
    assertTrue(model.programs().isEmpty());
    assertTrue(model.campaigns().isEmpty());
    assertTrue(model.doubling().isEmpty());
    assertEquals(
        new Diversion(0, 0, List.of(), List.of(), List.of(), LocalDate.parse("2026-10-26")),
        model.diversion());
    assertTrue(model.redPackets().isEmpty());
    assertTrue(model.dataQuality().isEmpty());
    assertEquals(
        new TargetSection.Targets(
            java.time.YearMonth.of(2026, 11), 22, 8, false, null, List.of(), 0, 0),
        model.targets());
    assertNull(model.margin());
    assertNull(model.channelControl());
    assertNull(model.promo());
  }

  private static void assertMetric(Metric expected, Metric actual) {
    assertEquals(expected.value(), actual.value(), EPS);
    assertEquals(expected.previousDay(), actual.previousDay(), EPS);
    assertEquals(expected.lastWeek(), actual.lastWeek(), EPS);
  }
}
