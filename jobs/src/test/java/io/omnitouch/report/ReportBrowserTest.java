package io.omnitouch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnitouch.cli.SqlCommand;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.ReportModel.GroupRow;
import io.omnitouch.report.ReportModel.GuideRow;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The report the way executives meet it: the sample warehouse's report of its last date, opened in
 * headless Chromium. No console errors or CSP violations; the key numbers on the page equal the
 * marts as {@code omnitouch sql} reads them; no script in the page, and upstream names carrying
 * markup show as text without running. Runs in bin/test's end-to-end step.
 */
@Tag("e2e")
class ReportBrowserTest {
  static final String SAMPLE_ENV = "OMNITOUCH_SAMPLE_WAREHOUSE";
  static final int WIDTH = 1040;
  static final String INJECTED_SCRIPT = "<script>window.__omnitouchInjected=1;alert(1)</script>";
  static final String INJECTED_IMG = "<img src=x onerror=\"window.__omnitouchInjected=2\">";

  @Test
  @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
  void theSampleReportRendersInHeadlessChromiumWithTheMartsNumbers() throws Exception {
    String sample = System.getenv(SAMPLE_ENV);
    assumeTrue(
        sample != null && !sample.isBlank(),
        SAMPLE_ENV
            + " is not set: this test runs in bin/test's end-to-end step over the sample"
            + " warehouse");
    Path chromium = Chromium.find();
    assumeTrue(
        chromium != null,
        "no Chromium at " + Chromium.CANDIDATES + ": install it with bin/setup-system");

    Warehouse wh = new Warehouse(SharedSpark.spark(), Path.of(sample));
    LocalDate date = LocalDate.parse(sql(wh, "SELECT max(dt) FROM sales_daily").get(0).get(0));
    long t0 = System.nanoTime();
    ReportModel model = ExecutiveReport.model(wh, date);
    long t1 = System.nanoTime();
    Messages zh = Messages.of(Lang.zh);
    String html = HtmlRenderer.render(model, zh);
    long t2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "report %s: model %.1f s, render %.1f ms, %,d bytes%n",
        date,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e6,
        html.getBytes(StandardCharsets.UTF_8).length);

    Path out = Path.of("target", "report-e2e").toAbsolutePath();
    Path page = out.resolve(ExecutiveReport.fileName(date, Lang.zh));
    Path planted = out.resolve("report-planted.html");
    Files.createDirectories(out);
    Files.writeString(page, html, StandardCharsets.UTF_8);
    Files.writeString(planted, HtmlRenderer.render(plant(model), zh), StandardCharsets.UTF_8);

    long b0 = System.nanoTime();
    try (Chromium browser =
        Chromium.launch(chromium, Files.createTempDirectory("omnitouch-chromium"), WIDTH, 900)) {
      browser.open(Chromium.fileUrl(page));
      String text = browser.evaluate("document.body.innerText").asText();
      byte[] png = browser.screenshot(WIDTH);
      Chromium.writePng(out.resolve("report-sample.png"), png);

      // On a phone (390 x 844) and a desktop (1280 px): no sideways page scroll, no text under
      // 12 px; the screenshots are docs/report-phone.png and docs/report-desktop.png.
      for (int width : new int[] {ReportPhoneTest.PHONE_WIDTH, ReportPhoneTest.DESKTOP_WIDTH}) {
        boolean phone = width == ReportPhoneTest.PHONE_WIDTH;
        browser.viewport(width, ReportPhoneTest.PHONE_HEIGHT, phone);
        browser.open(Chromium.fileUrl(page));
        JsonNode smallest = browser.smallestText();
        int overflow = browser.horizontalOverflow();
        System.out.printf(
            Locale.ROOT,
            "sample report at %d px: horizontal overflow %d px, smallest text %s%n",
            width,
            overflow,
            smallest);
        assertEquals(0, overflow, "the page scrolls sideways at " + width + " px");
        assertTrue(
            smallest.path("px").asDouble() >= ReportPhoneTest.MIN_TEXT_PX - 0.01,
            width + " px: " + smallest);
        Chromium.writePng(
            out.resolve(phone ? "report-phone.png" : "report-desktop.png"),
            browser.screenshot(width, phone));
      }

      assertEquals(List.of(), browser.problems(), "console errors, exceptions or CSP violations");
      assertEquals(0, browser.evaluate("document.scripts.length").asInt(), "no script element");
      assertEquals(0, browser.evaluate("document.images.length").asInt(), "no image element");
      assertTrue(png.length > 20_000, "a real screenshot, not a blank page: " + png.length);
      assertTrue(text.contains(zh.get("title")), "the page rendered: " + head(text));

      // Key numbers, each read again from the marts through `omnitouch sql`.
      String d = "DATE'" + date + "'";
      double revenue =
          Double.parseDouble(
              sql(wh, "SELECT CAST(sum(revenue) AS DOUBLE) FROM sales_daily WHERE dt = " + d)
                  .get(0)
                  .get(0));
      assertEquals(zh.moneyCompact(revenue), tile(browser, "revenue"), "paid revenue");
      long orders =
          Long.parseLong(
              sql(
                      wh,
                      "SELECT count(DISTINCT order_id) FROM attribution_orders WHERE model ="
                          + " 'last_touch' AND order_date = "
                          + d)
                  .get(0)
                  .get(0));
      assertEquals(zh.count(orders), tile(browser, "orders"), "paid orders");
      assertEquals(zh.money2(revenue / orders), tile(browser, "aov"), "average order value");
      String confirmed =
          sql(
                  wh,
                  "SELECT count(*) FROM diversion_cases WHERE status = 'confirmed' AND"
                      + " to_date(confirmed_at) BETWEEN date_sub("
                      + d
                      + ", 6) AND "
                      + d)
              .get(0)
              .get(0);
      assertEquals(
          zh.count(Long.parseLong(confirmed)),
          browser.evaluate("document.querySelector('#diversion-week b').innerText").asText(),
          "confirmed 串货 cases in the last 7 days");
      List<List<String>> programs =
          sql(
              wh,
              "SELECT program, uplift_pct, ci_low, ci_high FROM uplift_program WHERE cohort_start"
                  + " IS NULL AND uplift_pct IS NOT NULL AND ci_low IS NOT NULL AND dt = "
                  + d);
      for (List<String> p : programs) {
        ReportModel.ProgramUplift u =
            new ReportModel.ProgramUplift(
                p.get(0),
                Double.parseDouble(p.get(1)),
                Double.parseDouble(p.get(2)),
                Double.parseDouble(p.get(3)),
                null,
                null,
                0,
                0,
                List.of());
        assertTrue(text.contains(zh.upliftSentence(u)), "uplift sentence " + zh.upliftSentence(u));
      }
      List<List<String>> atRisk =
          sql(
              wh,
              "SELECT CAST(sum(flagged_reward_amount) AS DOUBLE) FROM campaign_fraud_daily WHERE dt"
                  + " BETWEEN date_sub("
                  + d
                  + ", 6) AND "
                  + d
                  + " GROUP BY campaign_id ORDER BY 1 DESC LIMIT 1");
      if (!atRisk.isEmpty()) {
        String money = zh.money2(Double.parseDouble(atRisk.get(0).get(0)));
        assertTrue(text.contains(money), "red-packet money at risk " + money);
      }

      // Names carrying markup are shown as text and never run.
      browser.open(Chromium.fileUrl(planted));
      String plantedText = browser.evaluate("document.body.innerText").asText();
      assertTrue(plantedText.contains(INJECTED_SCRIPT), "script tag shown as text");
      assertTrue(plantedText.contains(INJECTED_IMG), "img tag shown as text");
      assertEquals("undefined", browser.evaluate("typeof window.__omnitouchInjected").asText());
      assertEquals(List.of(), browser.dialogs(), "no alert() ran");
      assertEquals(0, browser.evaluate("document.scripts.length").asInt());
      assertEquals(0, browser.evaluate("document.images.length").asInt());
      assertEquals(List.of(), browser.problems(), "no console errors on the planted page");
    }
    System.out.printf(
        Locale.ROOT, "browser checks: %.1f s (%s)%n", (System.nanoTime() - b0) / 1e9, out);
  }

  /** The model with a guide's store and a group named like an attack. */
  static ReportModel plant(ReportModel m) {
    List<GuideRow> guides = new ArrayList<>(m.topGuides());
    guides.add(0, new GuideRow("G-x", INJECTED_SCRIPT, INJECTED_SCRIPT, 1, 1, 1));
    List<GroupRow> groups = new ArrayList<>(m.topGroups());
    groups.add(0, new GroupRow("GR-x", INJECTED_IMG, INJECTED_IMG, 1, 1, 1, 1));
    return new ReportModel(
        m.date(),
        m.kpis(),
        m.revenueTrend(),
        m.channelMix(),
        m.conversion(),
        guides,
        groups,
        m.programs(),
        m.campaigns(),
        m.doubling(),
        m.topDoublers(),
        m.diversion(),
        m.redPackets(),
        m.dataQuality(),
        m.customers(),
        m.completeness(),
        m.dayLabels(),
        m.upliftWeeks(),
        m.targets(),
        m.margin(),
        m.channelControl(),
        m.promo());
  }

  private static String tile(Chromium browser, String id) throws Exception {
    JsonNode v = browser.evaluate("document.querySelector('#kpi-" + id + " .value').innerText");
    return v.asText();
  }

  /** Rows of a query run the way {@code omnitouch sql --format csv} runs it (header dropped). */
  static List<List<String>> sql(Warehouse wh, String query) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SqlCommand.run(
            wh,
            query,
            SqlCommand.Format.csv,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    List<List<String>> rows = new ArrayList<>();
    List<CSVRecord> records =
        CSVFormat.RFC4180
            .parse(new StringReader(out.toString(StandardCharsets.UTF_8)))
            .getRecords();
    for (CSVRecord r : records.subList(1, records.size())) {
      rows.add(r.toList());
    }
    return rows;
  }

  private static String head(String s) {
    return s.length() > 300 ? s.substring(0, 300) : s;
  }
}
