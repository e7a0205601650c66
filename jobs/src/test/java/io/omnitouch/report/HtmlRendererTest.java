package io.omnitouch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page: escaping of every upstream name, self-containment, sections that say "no data". */
class HtmlRendererTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");
  static final String SCRIPT_STORE = "<script>alert(1)</script>";
  static final String FORMULA_STORE = "=cmd|' /C calc'!A0";
  static final String SVG_BREAKER = "</text><script>alert(2)</script>";
  static final String ATTR_BREAKER = "\"><img src=x onerror=alert(3)>";

  /** Every element the renderer may write; anything else means text leaked into markup. */
  static final Set<String> ALLOWED_TAGS =
      Set.of(
          "!doctype",
          "html",
          "head",
          "meta",
          "title",
          "style",
          "body",
          "div",
          "header",
          "h1",
          "h2",
          "h3",
          "section",
          "p",
          "table",
          "thead",
          "tbody",
          "tr",
          "th",
          "td",
          "span",
          "b",
          "ul",
          "li",
          "footer",
          "svg",
          "rect",
          "line",
          "circle",
          "path",
          "text");

  static ReportModel hostileModel() {
    return new ReportModel(
        D,
        new Kpis(
            new Metric(123456.78, 100000.0, 130000.0),
            new Metric(812.0, 800.0, null),
            new Metric(640.0, 650.0, 600.0),
            new Metric(152.04, 125.0, 150.0)),
        List.of(new DayValue(D.minusDays(1), 100000), new DayValue(D, 123456.78)),
        List.of(
            new ChannelShare("guide", 60000, 50000, 52000, 0.5, 0.42, 0.43),
            new ChannelShare(SCRIPT_STORE, 10, 10, 10, 0.0001, 0.0001, 0.0001)),
        List.of(
            new ConversionSeries(
                "guide",
                List.of(
                    new ConversionPoint(D.minusDays(8), 100, 12, 0.12, true),
                    new ConversionPoint(D, 90, 3, 0.0333, false)),
                190,
                15,
                0.12)),
        List.of(new GuideRow("G1", "小陈 \"Tony\" & co", SCRIPT_STORE, 5000, 4000, 12)),
        List.of(new GroupRow("GR1", SVG_BREAKER, FORMULA_STORE, 300, 42, 5, 1)),
        List.of(
            new ProgramUplift("guide", 24.8, 18.1, 31.6, 0.002, 52000.0, 14, 10, List.of()),
            new ProgramUplift(
                "community", 3.14, -2.04, 8.26, 0.31, 900.0, 6, 10, List.of("pre_trend", "x<y>"))),
        List.of(
            new CampaignUplift("C2", ATTR_BREAKER, 0.021, 0.004, 0.038, 0.01, 12000.0, 1.8, false)),
        List.of(new DoublingProgress("guide", 14, 5, 13, 1.7)),
        List.of(
            new StoreMultiple(SCRIPT_STORE, "guide", 2.6, 800),
            new StoreMultiple(FORMULA_STORE, "community", 2.1, 500)),
        new Diversion(
            1,
            2,
            List.of(new CaseRow(ATTR_BREAKER, "P1<", "杭州市", "2026-W47", D, 6, 7, "consumer")),
            List.of(new DistributorRow(ATTR_BREAKER, 80, 8, 0.1, 3)),
            List.of(
                new Flow("32", "江苏省", "33", SVG_BREAKER, 8), new Flow("33", "浙江省", "33", "浙江省", 2)),
            D.minusWeeks(4)),
        List.of(new RedPacketRisk("C1", SVG_BREAKER + "\u0007\uD800", 100, 25, 150, 25)),
        List.of(new SourceQuality("orders", 100L, 98L, 2L, "ok", 3, "bad <value> '=1+1'")),
        null,
        List.of(new ReportModel.CompletenessNote("orders", "warn", SCRIPT_STORE)),
        java.util.Map.of(D, ATTR_BREAKER),
        List.of(
            new UpliftWeeks.Program(
                SVG_BREAKER,
                List.of(
                    new UpliftWeeks.Week(-2, 3, -1.0, 8.0, true),
                    new UpliftWeeks.Week(-1, 0, 0.0, 0.0, false),
                    new UpliftWeeks.Week(0, 12, 4.0, 20.0, false)),
                1.8,
                null,
                null)),
        new TargetSection.Targets(
            java.time.YearMonth.of(2026, 11),
            22,
            8,
            true,
            new TargetSection.Progress("", 1_000_000, 3_000_000, 1 / 3.0, 250_000.0, 45_454.5),
            List.of(
                new TargetSection.Progress(SCRIPT_STORE, 1_000, 10_000, 0.1, 1_125.0, 45.5),
                new TargetSection.Progress(FORMULA_STORE, 2_000, 10_000, 0.2, 1_000.0, 90.9)),
            3,
            1),
        new MarginSection.Margin(
            new Metric(1_200.0, 1_000.0, 1_500.0),
            new Metric(0.0096, 0.008, 0.012),
            new Metric(45_000.0, 40_000.0, null),
            new Metric(0.38, 0.36, 0.4),
            0.05),
        new ChannelControlSection.ChannelControl(
            D.minusDays(1),
            12,
            3,
            List.of(
                new ChannelControlSection.Batch("P1<", ATTR_BREAKER, SVG_BREAKER, 400, 12, 0.03)),
            List.of(
                new ChannelControlSection.Batch(FORMULA_STORE, null, SCRIPT_STORE, 50, 45, 0.9)),
            List.of(new ChannelControlSection.PriceCity(SCRIPT_STORE, 30, 120))),
        new PromoComparison.Promo(
            "双11 <b>{1}</b>", D, 123_456.78, D.minusYears(1), ATTR_BREAKER, 100_000.0));
  }

  static ReportModel emptyModel() {
    return new ReportModel(
        D,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new Diversion(0, 0, List.of(), List.of(), List.of(), D.minusWeeks(4)),
        List.of(),
        List.of(),
        null,
        List.of(),
        java.util.Map.of(),
        List.of(),
        null,
        null,
        null,
        null);
  }

  @Test
  void upstreamNamesAreTextNeverMarkup() {
    for (Lang lang : Lang.values()) {
      String html = HtmlRenderer.render(hostileModel(), Messages.of(lang));

      assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script element");
      assertFalse(html.toLowerCase(Locale.ROOT).contains("<img"), "no img element");
      assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the store name as text");
      assertTrue(html.contains("=cmd|&#39; /C calc&#39;!A0"), "the formula as text");
      assertTrue(html.contains("&lt;/text&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), "in SVG");
      assertTrue(
          html.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"), "attribute breaker");
      assertTrue(html.contains("小陈 &quot;Tony&quot; &amp; co"));
      assertTrue(html.contains("\uFFFD\uFFFD"), "control character and lone surrogate replaced");
      assertEquals(ALLOWED_TAGS, union(ALLOWED_TAGS, tags(html)), "only the renderer's own tags");
    }
  }

  @Test
  void thePageIsSelfContainedWithAStrictContentSecurityPolicy() {
    String html = HtmlRenderer.render(hostileModel(), Messages.of(Lang.zh));
    assertTrue(
        html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
                + " style-src &#39;unsafe-inline&#39;; img-src data:\">"));
    assertTrue(html.contains("@page { size: A4;"));
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for (String external : List.of("http:", "https:", "//", "src=\"", "href=", "url(", "@import")) {
      assertFalse(withoutSvgNamespace.contains(external), "no external reference: " + external);
    }
    assertEquals(html, HtmlRenderer.render(hostileModel(), Messages.of(Lang.zh)), "deterministic");
  }

  @Test
  void headlineNumbersAndSentencesAreOnThePage() {
    String zh = HtmlRenderer.render(hostileModel(), Messages.of(Lang.zh));
    assertTrue(zh.contains("¥12.35万"), "revenue tile");
    assertTrue(zh.contains("▲ 23.5%"), "123456.78 / 100000 - 1");
    assertTrue(zh.contains("▼ 5.0%"), "123456.78 / 130000 - 1");
    assertTrue(zh.contains(">812<"), "orders");
    assertTrue(zh.contains("¥152.04"), "average order value");
    assertTrue(zh.contains("导购项目使门店日销提升 24.8%(95% 置信区间 18.1%–31.6%)"));
    assertTrue(zh.contains("社群项目对门店日销的影响尚不确定:估计 +3.1%,95% 置信区间 −2.0%–8.3% 包含 0"));
    assertTrue(zh.contains("x&lt;y&gt;"), "an unknown warning code, escaped");
    assertTrue(zh.contains("5 / 14 家门店已倍增"));
    assertTrue(zh.contains("省内跨区域串货 2 码"));

    String en = HtmlRenderer.render(hostileModel(), Messages.of(Lang.en));
    assertTrue(en.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    assertTrue(en.contains("¥123.5K"));
    assertTrue(
        en.contains("The guide programme lifted store daily sales by 24.8% (95% CI 18.1%–31.6%)"));
    assertTrue(en.contains("5 of 14 stores doubled"));
  }

  @Test
  void targetsMarginChannelControlAndPromoShowTheirFiguresWithNamesAsText() {
    String zh = HtmlRenderer.render(hostileModel(), Messages.of(Lang.zh));
    String targets = section(zh, "targets");
    assertTrue(targets.contains("2026-11 已过 22 / 30 天(时间进度 73.3%),当日之后还剩 8 天"), targets);
    assertTrue(targets.contains("id=\"targets-achieved\""), targets);
    assertTrue(targets.contains(">33.3%<"), "1,000,000 / 3,000,000");
    assertTrue(targets.contains(">¥25.00万<"), "needed per day");
    assertTrue(targets.contains("有目标的门店中 1 / 3 家达到时间进度"), targets);
    assertTrue(
        targets.contains(
            "<tr><td class=\"name\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"
                + "<td class=\"num\">10.0%</td><td class=\"num\">¥1,000</td>"
                + "<td class=\"num\">¥10,000</td>"
                + "<td class=\"num\">¥1,125</td><td class=\"num\">¥46</td></tr>"),
        targets);

    String margin = section(zh, "margin");
    // Refunds up 20% read red; the margin up 12.5% reads green; rates move in points.
    assertTrue(margin.contains("<span class=\"down\">▲ 20.0%</span>"), margin);
    assertTrue(margin.contains("<span class=\"up\">▲ 12.5%</span>"), margin);
    assertTrue(margin.contains("<span class=\"down\">▲ 0.2 个百分点</span>"), "0.96% − 0.80%");
    assertTrue(margin.contains("<span class=\"down\">▼ 2.0 个百分点</span>"), "38% − 40%");
    assertTrue(margin.contains("5.0% 的支付金额所属商品没有单位成本"), margin);

    String control = section(zh, "channel-control");
    assertTrue(control.contains("出货少于 20 码的批次不参与排名(本期 3 个)。 快照日期 2026-11-21。"), control);
    assertTrue(control.contains("P1&lt; · &quot;&gt;&lt;img src=x onerror=alert(3)&gt;"), control);
    assertTrue(control.contains("=cmd|&#39; /C calc&#39;!A0 · 无批次"), control);
    assertTrue(
        control.contains(
            "<td class=\"name\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"
                + "<td class=\"num\">25.0%</td><td class=\"num\">30</td>"
                + "<td class=\"num\">120</td>"),
        control);

    String kpi = section(zh, "kpi");
    assertTrue(
        kpi.contains(
            "双11 &lt;b&gt;{1}&lt;/b&gt; 同比:今日支付金额 ¥12.35万,去年同一促销日 2025-11-22"
                + "(&quot;&gt;&lt;img src=x onerror=alert(3)&gt;)为 ¥10.00万,▲ 23.5%"),
        kpi);

    String en = HtmlRenderer.render(hostileModel(), Messages.of(Lang.en));
    assertTrue(section(en, "targets").contains("1 of 3 stores with a target are on pace"));
    assertTrue(section(en, "margin").contains("<span class=\"down\">▲ 0.2 pp</span>"));
    assertTrue(section(en, "channel-control").contains("(3 left out). Snapshot of 2026-11-21."));
  }

  @Test
  void sectionsWithoutDataSaySoInsteadOfVanishing() {
    for (Lang lang : Lang.values()) {
      Messages m = Messages.of(lang);
      String html = HtmlRenderer.render(emptyModel(), m);
      String empty = "<p class=\"empty\">" + Html.text(m.get("noData")) + "</p>";
      for (String id :
          List.of(
              "kpi",
              "channel-mix",
              "conversion",
              "top",
              "uplift",
              "doubling",
              "diversion",
              "red-packets",
              "data-quality",
              "targets",
              "margin",
              "channel-control")) {
        String section = section(html, id);
        assertTrue(section.contains(empty), id + " says it has no data: " + section);
      }
      assertFalse(html.contains("<svg"), "no empty charts");
      assertFalse(html.contains("promo-compare"), "no promo line without a promo comparison");
    }
  }

  @Test
  void messagesFormatMoneyTheWayEachAudienceReadsIt() {
    Messages zh = Messages.of(Lang.zh);
    Messages en = Messages.of(Lang.en);
    assertEquals("¥9,999", zh.moneyCompact(9999));
    assertEquals("¥12.35万", zh.moneyCompact(123456.78));
    assertEquals("¥1.23亿", zh.moneyCompact(123_456_789));
    assertEquals("¥99,999", en.moneyCompact(99999));
    assertEquals("¥123.5K", en.moneyCompact(123456.78));
    assertEquals("¥1.23M", en.moneyCompact(1_234_567));
    assertEquals("−¥1,235", zh.money(-1234.5));
    assertEquals("12.3%", zh.pct(0.1234));
    assertEquals("−2.0", zh.percentValue(-2.04));
    assertEquals("0.0", zh.percentValue(-0.04), "no negative zero");
    assertEquals("2026-11-22 星期日", zh.date(D));
    assertEquals("2026-11-22 Sunday", en.date(D));
  }

  static String section(String html, String id) {
    int start = html.indexOf("<section class=\"card\" id=\"" + id + "\">");
    assertTrue(start >= 0, "section " + id);
    return html.substring(start, html.indexOf("</section>", start));
  }

  static Set<String> tags(String html) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("<\\s*/?\\s*([!a-zA-Z][a-zA-Z0-9]*)").matcher(html);
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }
}
