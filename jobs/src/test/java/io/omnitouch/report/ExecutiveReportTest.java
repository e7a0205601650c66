package io.omnitouch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The report's I/O edge: a warehouse without marts, file names, and the nightly run's hook. */
class ExecutiveReportTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");

  @Test
  void aWarehouseWithoutMartsGivesAReportThatSaysSoInBothLanguages() throws Exception {
    Warehouse wh = SharedSpark.tempWarehouse("report-empty");
    ReportModel model = ExecutiveReport.model(wh, D);
    assertNull(model.kpis());

    List<String> files =
        ExecutiveReport.write(
            SharedSpark.spark(), model, ExecutiveReport.defaultDir(wh), List.of(Lang.values()));

    Path dir = Path.of(wh.root(), "reports");
    assertEquals(
        List.of(
            dir.resolve("report-2026-11-22-zh.html").toString(),
            dir.resolve("report-2026-11-22-en.html").toString()),
        files.stream().map(f -> Path.of(java.net.URI.create(f).getPath()).toString()).toList());
    String zh = Files.readString(dir.resolve("report-2026-11-22-zh.html"), StandardCharsets.UTF_8);
    assertEquals(
        13,
        count(zh, "本节暂无数据"),
        "every section (two lists in top, margin and channel control included) says no data");
    assertTrue(zh.contains("未提供月度目标(targets.csv)"), "no targets file: the card says so");
    String en = Files.readString(dir.resolve("report-2026-11-22-en.html"), StandardCharsets.UTF_8);
    assertTrue(en.contains("No data for this section"));
    try (var listing = Files.list(dir)) {
      assertEquals(2, listing.count(), "no temporary file left behind");
    }
  }

  @Test
  void theNightlyRunsReportStageWritesTheReportOfItsDate() throws Exception {
    Warehouse wh = SharedSpark.tempWarehouse("report-nightly");
    OmnitouchConfig config = SharedSpark.config(Path.of("unused-input"), Path.of(wh.root()));
    // A run of the report stage alone still looks at what the day's bronze files brought.
    for (String source : List.of("scans", "orders", "guide_events", "group_events")) {
      SharedSpark.spark()
          .createDataFrame(List.of(), StructType.fromDDL("dt DATE, event_date DATE"))
          .write()
          .format("delta")
          .save(wh.path("bronze/" + source));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new NightlyRun(
            SharedSpark.spark(),
            config,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            ExecutiveReport::nightly)
        .run(D, D, "run-report", NightlyRun.stages(List.of(NightlyRun.REPORT)));
    assertTrue(Files.exists(Path.of(wh.root(), "reports", "report-2026-11-22-zh.html")));
    assertTrue(Files.exists(Path.of(wh.root(), "reports", "report-2026-11-22-en.html")));
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
