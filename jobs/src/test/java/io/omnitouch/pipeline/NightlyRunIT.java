package io.omnitouch.pipeline;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.run.InputContractException;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** Ingest + silver through Delta, on inline input trees that make each rule visible. */
class NightlyRunIT {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final Map<String, String> ENV = Map.of("OMNITOUCH_PII_KEY", "test-key");
  private static final String PHONE = "13800138000";
  private static final String SCAN_HEADER =
      "scan_id,code,sku,scan_type,event_time,distributor_id,store_id,user_id,region_code,campaign_id,reward_amount\n";
  private static final String ORDER_HEADER =
      "order_id,line_no,order_time,updated_time,status,user_id,channel,store_id,sku,quantity,unit_price,paid_amount,buyer_phone\n";

  private static InputTree badInput() {
    return InputTree.create("bad")
        .minimalReference()
        .file(
            "scans/dt=2026-11-22/part-0.csv",
            SCAN_HEADER
                + "SC1,C1,P1,factory_out,2026-11-01T08:00:00+08:00,D1,,,,,\n"
                + "SC2,C1,P1,consumer,2026-11-22 10:00:00,,,U1,330106,C1,1.50\n"
                + "SC2,C1,P1,consumer,2026-11-22 10:00:00,,,U1,330106,C1,1.50\n"
                + "SC3,C2,P1,consumer,2026-11-22 10:00:00,,,U2,330106,C1,-1\n"
                + "SC4,C2,P1,consumer,2026-11-22 10:00:00,,,,330106,,\n"
                + "SC5,C2,P1,teleport,2026-11-22 10:00:00,,,U2,330106,,\n"
                + "SC6,C2,P1,consumer,yesterday,,,U2,330106,,\n"
                + "SC7,C2,P1,consumer,2026-11-22 10:00:00,,,U2\n"
                + "SC8,C3,P1,consumer,2026-11-20 23:30:00,,,U3,330106,,\n")
        .file("scans/dt=2026-11-22/header-only.csv", SCAN_HEADER)
        .file(
            "orders/dt=2026-11-22/part-0.csv",
            ORDER_HEADER
                + "O1,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,U1,guide,S1,P1,2,10.00,18.00,+86 "
                + PHONE
                + "\n"
                + "O1,2,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,U1,guide,S1,P1,1,10.00,9.00,"
                + PHONE
                + "\n"
                + "O1,2,2026-11-22 12:00:00,2026-11-22 13:00:00,refunded,U1,guide,S1,P1,1,10.00,9.00,"
                + PHONE
                + "\n"
                + "O2,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,,store,S1,P1,0,10.00,9.00,"
                + PHONE
                + "\n"
                + "O3,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,,store,S1,P1,1,10.00,9.001,\n")
        .file(
            "guide_events/dt=2026-11-22/part-0.csv",
            "event_id,event_time,guide_id,store_id,event_type,user_id\n"
                + "E1,2026-11-21T09:00:00+08:00,G1,S1,chat,U1\n"
                + "E2,2026-11-22T09:00:00+08:00,G1,S1,chat,\n")
        .file(
            "group_events/dt=2026-11-22/part-0.csv",
            "event_id,event_time,group_id,event_type,user_id,mood\nX1,2026-11-22T09:00:00+08:00,GR1,join,U1,happy\n");
  }

  private static OmnitouchConfig config(InputTree in, Warehouse wh, double limit) {
    return SharedSpark.config(in.root(), Path.of(wh.root())).toBuilder()
        .quarantineLimit(limit)
        .build();
  }

  private static String run(OmnitouchConfig config, Map<String, String> env, String runId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new NightlyRun(
            SharedSpark.spark(),
            config,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            NightlyRun.ReportStage.NONE)
        .run(D, D, runId, NightlyRun.stages(List.of("ingest", "silver")));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Dataset<Row> quarantine(Warehouse wh) {
    return wh.read(Warehouse.QUARANTINE).select("source", "file", "line", "reason");
  }

  @Test
  void everyBadRowIsQuarantinedGoodRowsLoadAndARerunIsIdentical() throws IOException {
    Warehouse wh = SharedSpark.tempWarehouse("bad");
    InputTree in = badInput();
    String console = run(config(in, wh, 0.9), ENV, "run-1");

    String f = "scans/dt=2026-11-22/part-0.csv";
    String o = "orders/dt=2026-11-22/part-0.csv";
    Dataset<Row> expected =
        rows(
            quarantine(wh).schema(),
            row("scans", f, 5L, "negative money in reward_amount: -1"),
            row(
                "scans",
                f,
                6L,
                "missing required value: user_id (required when scan_type = consumer)"),
            row(
                "scans",
                f,
                7L,
                "bad scan_type 'teleport' (allowed: [factory_out, dealer_out, store_in, consumer])"),
            row(
                "scans",
                f,
                8L,
                "bad timestamp in event_time (want ISO-8601 with offset or yyyy-MM-dd HH:mm:ss): 'yesterday'"),
            row("scans", f, 9L, "wrong number of fields: 8 (header has 11)"),
            row("orders", o, 5L, "quantity below 1: 0"),
            row("orders", o, 6L, "money with more than 2 fraction digits in paid_amount: 9.001"),
            row(
                "guide_events",
                "guide_events/dt=2026-11-22/part-0.csv",
                3L,
                "missing required value: user_id (required when event_type = chat)"));
    SharedSpark.assertDataFrameEquals(expected, quarantine(wh));

    // Good rows load; the repeated scan id is one event; the late scan lands in its own date.
    Dataset<Row> scans = wh.read("silver/scans").select("scan_id", "event_date");
    Dataset<Row> expectedScans =
        rows(
            scans.schema(),
            row("SC1", Date.valueOf("2026-11-01")),
            row("SC2", Date.valueOf("2026-11-22")),
            row("SC8", Date.valueOf("2026-11-20")));
    SharedSpark.assertDataFrameEquals(expectedScans, scans);
    assertEquals(4, wh.read("bronze/scans").count(), "bronze keeps both deliveries of SC2");

    // Latest version wins: O1 line 2 is refunded, so O1 is worth line 1 only.
    Dataset<Row> paid = wh.read("silver/paid_orders").select("order_id", "value", "units");
    SharedSpark.assertDataFrameEquals(
        rows(paid.schema(), row("O1", new java.math.BigDecimal("18.00"), 2L)), paid);
    assertTrue(
        console.contains("unknown column ignored: group_events/dt=2026-11-22/part-0.csv: mood"),
        console);

    assertNoClearPhone(wh);

    // A rerun of the same date leaves identical tables (lineage aside).
    Map<String, List<Row>> first = snapshot(wh);
    OmnitouchConfig config = config(in, wh, 0.9);
    run(config, ENV, "run-2");
    Map<String, List<Row>> second = snapshot(wh);
    assertEquals(first.keySet(), second.keySet());
    for (String t : first.keySet()) {
      assertEquals(first.get(t), second.get(t), t);
    }
  }

  @Test
  void aFileMissingARequiredColumnIsRejectedWholeNamingFileAndColumn() {
    Warehouse wh = SharedSpark.tempWarehouse("missing");
    InputTree in =
        badInput()
            .file(
                "guide_events/dt=2026-11-22/broken.csv",
                "event_id,event_time,store_id,event_type\nE9,2026-11-22 10:00:00,S1,chat\n")
            .file("group_events/dt=2026-11-22/empty.csv", "");
    InputContractException e =
        assertThrows(InputContractException.class, () -> run(config(in, wh, 0.9), ENV, "run-1"));
    assertTrue(
        e.getMessage()
            .contains("guide_events/dt=2026-11-22/broken.csv: missing required column guide_id"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("group_events/dt=2026-11-22/empty.csv: empty file"),
        e.getMessage());
    Dataset<Row> fileRows = quarantine(wh).filter("line IS NULL");
    SharedSpark.assertDataFrameEquals(
        rows(
            fileRows.schema(),
            row(
                "guide_events",
                "guide_events/dt=2026-11-22/broken.csv",
                null,
                "missing required column guide_id"),
            row(
                "group_events",
                "group_events/dt=2026-11-22/empty.csv",
                null,
                "empty file: no header row")),
        fileRows);
    assertEquals(1, wh.read("bronze/guide_events").count(), "the good file's row is loaded");
  }

  @Test
  void aSourceOverTheQuarantineLimitFailsAfterWritingItsQuarantine() {
    Warehouse wh = SharedSpark.tempWarehouse("limit");
    InputContractException e =
        assertThrows(
            InputContractException.class, () -> run(config(badInput(), wh, 0.05), ENV, "r"));
    assertTrue(
        e.getMessage().startsWith("Source scans: 55.56% of rows quarantined (5 of 9)"),
        e.getMessage());
    assertEquals(8, wh.read(Warehouse.QUARANTINE).count());
  }

  @Test
  void withoutThePiiKeyTheRunFailsClearlyUnlessDev() {
    Warehouse wh = SharedSpark.tempWarehouse("nokey");
    OmnitouchConfig config = config(badInput(), wh, 0.9);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run(config, Map.of(), "r"));
    assertTrue(e.getMessage().contains("OMNITOUCH_PII_KEY"), e.getMessage());
    assertFalse(wh.exists("bronze/orders"), "nothing is loaded without the key");
  }

  /** Neither any table's strings nor any file's bytes under the warehouse hold the phone. */
  static void assertNoClearPhone(Warehouse wh) throws IOException {
    for (String t : tables(wh)) {
      Dataset<Row> df = wh.read(t);
      for (String c : df.columns()) {
        long hits = df.filter(functions.col(c).cast("string").contains(PHONE)).count();
        assertEquals(0, hits, t + "." + c + " holds a clear phone");
      }
    }
    try (Stream<Path> files = Files.walk(Path.of(wh.root()))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(PHONE), p + " holds a clear phone");
      }
    }
  }

  static List<String> tables(Warehouse wh) throws IOException {
    try (Stream<Path> dirs = Files.walk(Path.of(wh.root()), 2)) {
      return dirs.filter(p -> Files.isDirectory(p.resolve("_delta_log")))
          .map(p -> Path.of(wh.root()).relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** Every table's rows without lineage columns, sorted, for comparison. */
  static Map<String, List<Row>> snapshot(Warehouse wh) {
    try {
      Map<String, List<Row>> out = new java.util.TreeMap<>();
      for (String t : tables(wh)) {
        if (t.endsWith("run_metrics")) {
          continue;
        }
        Dataset<Row> df = wh.read(t);
        for (String lineage : List.of("run_id", "ingested_at")) {
          df = df.drop(lineage);
        }
        out.put(
            t,
            df.orderBy(
                    df.columns()[0],
                    java.util.Arrays.copyOfRange(df.columns(), 1, df.columns().length))
                .collectAsList());
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
