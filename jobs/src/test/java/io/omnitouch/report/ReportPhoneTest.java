package io.omnitouch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.ReportModel.CampaignUplift;
import io.omnitouch.report.ReportModel.CaseRow;
import io.omnitouch.report.ReportModel.ChannelShare;
import io.omnitouch.report.ReportModel.ConversionPoint;
import io.omnitouch.report.ReportModel.ConversionSeries;
import io.omnitouch.report.ReportModel.DayValue;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The report reads on a phone: a busy report (every section filled, long names, wide tables) in
 * headless Chromium at 390 x 844 (a phone, viewport meta applied) and at 1280 px, in both
 * languages: the page never scrolls sideways and no visible text renders under 12 px (SVG text
 * measured after its viewBox scaling). Needs only Chromium (no warehouse); screenshots go to {@code
 * target/report-phone/}. Runs in bin/test's end-to-end step.
 */
@Tag("e2e")
class ReportPhoneTest {
  static final int PHONE_WIDTH = 390;
  static final int PHONE_HEIGHT = 844;
  static final int DESKTOP_WIDTH = 1280;
  static final double MIN_TEXT_PX = 12;
  static final LocalDate D = LocalDate.parse("2026-11-11");

  @Test
  @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
  void atPhoneAndDesktopWidthThePageNeverScrollsSidewaysAndNoTextIsUnder12Px() throws Exception {
    Path chromium = Chromium.find();
    assumeTrue(
        chromium != null,
        "no Chromium at " + Chromium.CANDIDATES + ": install it with bin/setup-system");
    Path out = Path.of("target", "report-phone").toAbsolutePath();
    Files.createDirectories(out);
    List<String> measured = new ArrayList<>();
    try (Chromium browser =
        Chromium.launch(
            chromium, Files.createTempDirectory("omnitouch-phone"), PHONE_WIDTH, PHONE_HEIGHT)) {
      for (Lang lang : Lang.values()) {
        Path page = out.resolve("busy-" + lang + ".html");
        Files.writeString(
            page, HtmlRenderer.render(busyModel(), Messages.of(lang)), StandardCharsets.UTF_8);
        for (int width : new int[] {PHONE_WIDTH, DESKTOP_WIDTH}) {
          boolean phone = width == PHONE_WIDTH;
          browser.viewport(width, PHONE_HEIGHT, phone);
          browser.open(Chromium.fileUrl(page));
          int overflow = browser.horizontalOverflow();
          JsonNode smallest = browser.smallestText();
          measured.add(
              String.format(
                  Locale.ROOT,
                  "%s %d px: horizontal overflow %d px, smallest text %.2f px (%s)",
                  lang,
                  width,
                  overflow,
                  smallest.path("px").asDouble(),
                  smallest.path("where").asText()));
          assertEquals(0, overflow, lang + " at " + width + " px scrolls sideways");
          assertTrue(
              smallest.path("px").asDouble() >= MIN_TEXT_PX - 0.01,
              lang + " at " + width + " px: " + smallest);
          if (phone) {
            assertEquals(
                0,
                browser
                    .evaluate(
                        "[...document.querySelectorAll('.chart-wide')]"
                            + ".filter(e => e.getClientRects().length > 0).length")
                    .asInt(),
                "the wide charts are hidden on a phone");
            assertTrue(
                browser
                    .evaluate("document.querySelector('#compared-days').innerText")
                    .asText()
                    .contains("2026-11-04 双11"),
                "the compared days name their promo");
            assertTrue(
                browser
                    .evaluate("document.querySelector('#promo-compare').innerText")
                    .asText()
                    .contains("2025-11-11"),
                "the promo day is compared with last year's");
            for (String id : List.of("targets", "margin", "channel-control")) {
              assertTrue(
                  browser
                          .evaluate(
                              "document.querySelector('#" + id + "').getBoundingClientRect().width")
                          .asDouble()
                      <= PHONE_WIDTH,
                  id + " fits the phone");
            }
            assertTrue(
                browser
                        .evaluate(
                            "[...document.querySelectorAll('.scroll')]"
                                + ".filter(e => e.scrollWidth > e.clientWidth).length")
                        .asInt()
                    > 0,
                "a wide table scrolls inside its own box");
          }
          Chromium.writePng(
              out.resolve("busy-" + lang + "-" + width + ".png"), browser.screenshot(width, phone));
        }
      }
      assertEquals(List.of(), browser.problems(), "console errors or CSP violations");
    }
    measured.forEach(System.out::println);
  }

  /** Every section filled, with long names and many columns. */
  static ReportModel busyModel() {
    List<DayValue> trend = new ArrayList<>();
    for (int i = 13; i >= 0; i--) {
      trend.add(
          new DayValue(D.minusDays(i), 80_000 + 9_000 * ((i * 7) % 5) + (i == 0 ? 90_000 : 0)));
    }
    List<ConversionSeries> conversion = new ArrayList<>();
    String[] channels = {"guide", "scan", "community", "direct"};
    for (int c = 0; c < channels.length; c++) {
      List<ConversionPoint> points = new ArrayList<>();
      for (int i = 13; i >= 0; i--) {
        double rate = 0.04 + 0.02 * c + 0.003 * ((i + c) % 4);
        points.add(new ConversionPoint(D.minusDays(i), 1000, (long) (1000 * rate), rate, i > 6));
      }
      conversion.add(new ConversionSeries(channels[c], points, 14000, 700, 0.05 + 0.01 * c));
    }
    String longStore = "杭州西湖区文三路旗舰店（二期扩建）Flagship Store No.2";
    String longCampaign = "双11全渠道扫码红包·第二波（会员专享）Singles Day Red Packets";
    return new ReportModel(
        D,
        new Kpis(
            new Metric(1_234_567.89, 987_654.0, 1_100_000.0),
            new Metric(8_812.0, 7_800.0, 8_100.0),
            new Metric(6_640.0, 6_650.0, 6_000.0),
            new Metric(140.1, 126.6, 135.8)),
        trend,
        List.of(
            new ChannelShare("guide", 600000, 500000, 520000, 0.5, 0.42, 0.43),
            new ChannelShare("scan", 300000, 350000, 340000, 0.25, 0.29, 0.28),
            new ChannelShare("community", 200000, 250000, 240000, 0.17, 0.21, 0.2),
            new ChannelShare("direct", 100000, 100000, 100000, 0.08, 0.08, 0.09)),
        conversion,
        List.of(
            new GuideRow("G1", "王小明 Wang Xiaoming", longStore, 125_000, 98_000, 120),
            new GuideRow("G2", "李娜", "宁波天一广场店", 99_000, 88_000, 80)),
        List.of(
            new GroupRow("GR1", "西湖区宝妈福利群（满500人）", longStore, 30_000, 498, 52, 11),
            new GroupRow("GR2", "老客回购群", "宁波天一广场店", 20_000, 320, 12, 3)),
        List.of(
            new ProgramUplift("guide", 24.8, 18.1, 31.6, 0.002, 520000.0, 14, 10, List.of()),
            new ProgramUplift(
                "community", 3.14, -2.04, 8.26, 0.31, 9000.0, 6, 10, List.of("pre_trend")),
            new ProgramUplift("mini_program", -4.2, -9.9, 1.1, 0.12, -3000.0, 5, 10, List.of())),
        List.of(
            new CampaignUplift("C2", longCampaign, 0.021, 0.004, 0.038, 0.01, 12000.0, 1.8, false)),
        List.of(
            new DoublingProgress("guide", 14, 5, 13, 1.7),
            new DoublingProgress("community", 6, 1, 6, 1.2)),
        List.of(
            new StoreMultiple(longStore, "guide", 2.6, 800),
            new StoreMultiple("宁波天一广场店", "community", 2.1, 500)),
        new Diversion(
            2,
            5,
            List.of(
                new CaseRow("浙江省一级经销商（杭州）", "SKU-000123", "苏州市", "2026-W46", D, 16, 27, "channel"),
                new CaseRow(
                    "江苏某某商贸有限公司",
                    "SKU-000456",
                    "上海市",
                    "2026-W46",
                    D.minusDays(3),
                    6,
                    7,
                    "consumer")),
            List.of(new DistributorRow("浙江省一级经销商（杭州）", 8000, 800, 0.1, 3)),
            List.of(
                new Flow("33", "浙江省", "32", "江苏省", 180),
                new Flow("33", "浙江省", "31", "上海市", 120),
                new Flow("32", "江苏省", "15", "内蒙古自治区", 60),
                new Flow("44", "广东省", "45", "广西壮族自治区", 40),
                new Flow("33", "浙江省", "33", "浙江省", 20)),
            D.minusWeeks(4)),
        List.of(
            new RedPacketRisk("C1", longCampaign, 12_000, 3_000, 80_000, 21_000),
            new RedPacketRisk("C3", "新品扫码", 2_000, 0, 9_000, 120)),
        List.of(
            new SourceQuality(
                "orders",
                100_000L,
                99_800L,
                200L,
                "warning",
                230,
                "bad money in paid_amount: 'abc'"),
            new SourceQuality("scans", 400_000L, 400_000L, 0L, "ok", 0, null)),
        // The customer section at phone width too: four tiles, a cohort line, the RFM table.
        new CustomerSection.CustomerAssets(
            new Metric(5_210.0, 5_020.0, 4_870.0),
            new Metric(1_830.0, 1_790.0, 1_650.0),
            new Metric(3_120.0, 3_010.0, 3_000.0),
            new Metric(260.0, 220.0, 220.0),
            412_000L,
            38_500L,
            400,
            D.minusDays(60),
            D.minusDays(31),
            48_000L,
            7_900L,
            List.of(
                new CustomerSection.Segment("champion", 21_000L, 18_400_000.0, 0.41),
                new CustomerSection.Segment("new", 38_000L, 4_100_000.0, 0.09),
                new CustomerSection.Segment("active", 52_000L, 12_900_000.0, 0.29),
                new CustomerSection.Segment("lapsing", 73_000L, 5_900_000.0, 0.13),
                new CustomerSection.Segment("lapsed", 228_000L, 3_400_000.0, 0.08))),
        List.of(
            new ReportModel.CompletenessNote(
                "orders",
                "warning",
                "6 rows against a median of 20 on the same weekday over 4 weeks; shortfall 70.0%;"
                    + " 双11: a holiday or promo day warns instead of failing; 3 store(s) silent"
                    + " today after activity on at least 3 of the last 7 days: S1, S17, S23")),
        java.util.Map.of(D, "双11", D.minusDays(1), "双11", D.minusDays(7), "双11"),
        // Week-by-week uplift: four pre weeks, the reference week and eight post weeks.
        List.of(
            new UpliftWeeks.Program(
                "guide",
                java.util.stream.IntStream.rangeClosed(-4, 8)
                    .mapToObj(
                        k ->
                            new UpliftWeeks.Week(
                                k,
                                k < 0 ? 0.4 * k : 3.0 * k,
                                k == -1 ? 0.0 : (k < 0 ? 0.4 * k : 3.0 * k) - 2.5,
                                k == -1 ? 0.0 : (k < 0 ? 0.4 * k : 3.0 * k) + 2.5,
                                false))
                    .toList(),
                1.4,
                D.minusDays(120),
                D)),
        // Month to date: the brand's tiles and five stores behind pace, long names.
        new TargetSection.Targets(
            java.time.YearMonth.from(D),
            11,
            19,
            true,
            new TargetSection.Progress(
                "", 12_345_678.9, 40_000_000, 0.3086, 1_455_490.6, 1_122_334.4),
            java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(
                    i ->
                        new TargetSection.Progress(
                            longStore + " " + i,
                            100_000.0 * i,
                            2_000_000,
                            0.05 * i,
                            (2_000_000 - 100_000.0 * i) / 19,
                            100_000.0 * i / 11))
                .toList(),
            48,
            31),
        new MarginSection.Margin(
            new Metric(23_456.7, 19_876.5, 30_001.2),
            new Metric(0.0186, 0.0197, 0.0265),
            new Metric(456_789.0, 390_123.0, 420_456.0),
            new Metric(0.372, 0.395, 0.382),
            0.034),
        // Channel control: five batches each way with long batch ids and distributor names.
        new ChannelControlSection.ChannelControl(
            D,
            312,
            57,
            java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(
                    i ->
                        new ChannelControlSection.Batch(
                            "SKU-000123-500ML",
                            "B20260820-JX53-500-LONG-" + i,
                            "浙江省一级经销商（杭州）Zhejiang Tier-1 Distributor",
                            12_000L * i,
                            240L * i,
                            0.02))
                .toList(),
            java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(
                    i ->
                        new ChannelControlSection.Batch(
                            "SKU-000456-1L",
                            i == 5 ? null : "B20260901-XY12-1L-" + i,
                            "江苏某某商贸有限公司 Jiangsu Trading Co.",
                            3_000L,
                            2_700L - 10 * i,
                            0.9 - 0.003 * i))
                .toList(),
            List.of(
                new ChannelControlSection.PriceCity("内蒙古自治区呼和浩特市", 1_230, 2_400),
                new ChannelControlSection.PriceCity("苏州市", 860, 4_100),
                new ChannelControlSection.PriceCity("广西壮族自治区南宁市", 310, 1_900),
                new ChannelControlSection.PriceCity("上海市", 95, 8_800),
                new ChannelControlSection.PriceCity("杭州市", 12, 9_900))),
        new PromoComparison.Promo("双11", D, 1_234_567.89, D.minusYears(1), "双11", 1_002_003.0));
  }
}
