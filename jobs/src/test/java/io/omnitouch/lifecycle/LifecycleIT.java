package io.omnitouch.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.ProbeMart;
import io.omnitouch.testing.SharedSpark;
import io.omnitouch.testing.WarehouseSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The warehouse lifecycle on one small night of data with a mart and its export: {@code maintain}
 * compacts and keeps what readers may need, refuses a dangerous retention, then {@code forget}
 * pseudonymises one user everywhere (totals unchanged, consistent with silver), and maintenance
 * with zero retention (test only) leaves the id in no data file of the warehouse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LifecycleIT {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final String FORGOTTEN = "oUnionForgetMe01";
  private static final String NEIGHBOUR = "oUnionForgetMe012"; // the same prefix: must stay
  private static final String OTHER = "oUnionStays02";
  private static final Pattern TOKEN = Pattern.compile(Forget.tokenPattern(FORGOTTEN));
  private static final ObjectMapper JSON = new ObjectMapper();

  private Warehouse wh;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
  private long paidOrdersBeforeForget;

  private static InputTree night() {
    String f = FORGOTTEN;
    String n = NEIGHBOUR;
    return InputTree.create("lifecycle")
        .minimalReference()
        .file(
            "reference/campaign_assignments.csv",
            "campaign_id,user_id,arm\nC1," + f + ",treatment\nC1," + n + ",control\n")
        .file(
            "scans/dt=2026-11-22/part-0.csv",
            "scan_id,code,sku,scan_type,event_time,distributor_id,store_id,user_id,region_code,"
                + "campaign_id,reward_amount\n"
                + "SC1,C1,P1,factory_out,2026-11-01T08:00:00+08:00,D1,,,,,\n"
                + "SC2,C1,P1,consumer,2026-11-22 10:00:00,,S1,"
                + f
                + ",330106,C1,1.50\n"
                + "SC3,C2,P1,consumer,2026-11-22 11:00:00,,S1,"
                + n
                + ",330106,C1,1.00\n")
        .file(
            "orders/dt=2026-11-22/part-0.csv",
            "order_id,line_no,order_time,updated_time,status,user_id,channel,store_id,sku,"
                + "quantity,unit_price,paid_amount,buyer_phone\n"
                + "O1,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,"
                + f
                + ",guide,S1,P1,2,10.00,18.00,13800138000\n"
                + "O2,1,2026-11-22 13:00:00,2026-11-22 13:00:00,paid,"
                + n
                + ",store,S1,P1,1,10.00,10.00,13900139000\n"
                + "O3,1,2026-11-22 14:00:00,2026-11-22 14:00:00,paid,"
                + f
                + ",mini_program,S1,P1,x,10.00,10.00,\n")
        .file(
            "guide_events/dt=2026-11-22/part-0.csv",
            "event_id,event_time,guide_id,store_id,event_type,user_id\n"
                + "E1,2026-11-22T09:00:00+08:00,G1,S1,add_friend,"
                + f
                + "\nE2,2026-11-22T09:30:00+08:00,G1,S1,chat,"
                + n
                + "\n")
        .file(
            "group_events/dt=2026-11-22/part-0.csv",
            "event_id,event_time,group_id,event_type,user_id,inviter_user_id\n"
                + "X1,2026-11-22T09:00:00+08:00,GR1,join,"
                + OTHER
                + ","
                + f
                + "\nX2,2026-11-22T09:10:00+08:00,GR1,join,"
                + f
                + ",\n");
  }

  @BeforeAll
  void aNightWithAMartAndItsExport() {
    wh = SharedSpark.tempWarehouse("lifecycle");
    InputTree in = night();
    OmnitouchConfig config =
        SharedSpark.config(in.root(), Path.of(wh.root())).toBuilder()
            .quarantineLimit(0.9) // O3's bad quantity is quarantined on purpose
            .build();
    new NightlyRun(
            SharedSpark.spark(),
            config,
            Map.of("OMNITOUCH_PII_KEY", "test-key"),
            out,
            NightlyRun.ReportStage.NONE)
        .run(D, D, "night-1", NightlyRun.stages(List.of("ingest", "silver")));
    // What MartRunner does for a mart: one replaceWhere commit, then the export swap.
    wh.replaceWhere(
        "gold/probe_sales",
        ProbeMart.build(wh.read("silver/paid_orders")),
        Warehouse.dateRange("dt", D, D),
        "dt");
    new Exports(wh).publishDates("probe_sales", wh.read("gold/probe_sales"), "dt", D, D);
  }

  private RunMetrics metrics() {
    return new RunMetrics(wh);
  }

  @Test
  @Order(1)
  void maintainCompactsSmallFilesAndKeepsWhatRunningReadersNeed() {
    Map<String, List<String>> before =
        WarehouseSnapshot.of(SharedSpark.spark(), Path.of(wh.root()));
    long metricsVersion = version("gold/run_metrics");
    long metricsFiles = wh.delta("gold/run_metrics").detail().first().getAs("numFiles");
    assertTrue(metricsFiles > 1, "each stage appends its metrics: small files to compact");
    List<Row> metricsRows = wh.read("gold/run_metrics").collectAsList();

    List<Maintenance.TableResult> results =
        new Maintenance(wh, out).run(168, "maintain-1", D, metrics());

    assertEquals(new WarehouseTables(wh).deltaTables().size(), results.size());
    Row optimize =
        wh.delta("gold/run_metrics")
            .history()
            .filter("operation = 'OPTIMIZE'")
            .select("operationMetrics")
            .first();
    Map<String, String> m = optimize.getJavaMap(0);
    assertEquals(String.valueOf(metricsFiles), m.get("numRemovedFiles"));
    assertEquals("1", m.get("numAddedFiles"));
    Maintenance.TableResult runMetrics =
        results.stream().filter(r -> r.table().equals("gold/run_metrics")).findFirst().get();
    assertEquals(
        runMetrics.filesBefore() + 1,
        runMetrics.filesAfter(),
        "168 h retention: the replaced small files stay for readers of older versions");
    assertEquals(
        metricsRows,
        SharedSpark.spark()
            .read()
            .format("delta")
            .option("versionAsOf", metricsVersion)
            .load(wh.path("gold/run_metrics"))
            .collectAsList(),
        "a reader of the version before maintenance still reads it");
    assertEquals(
        before,
        WarehouseSnapshot.of(SharedSpark.spark(), Path.of(wh.root())),
        "maintenance changes no row of any table or export");

    long version = version("gold/probe_sales");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Maintenance(wh, out).run(0, "maintain-2", D, metrics()));
    assertTrue(
        e.getMessage().startsWith("--retention-hours 0 is below Delta's 168 h"), e.getMessage());
    assertEquals(version, version("gold/probe_sales"), "refused before touching anything");
  }

  @Test
  @Order(2)
  void forgetPseudonymisesTheUserEverywhereAndKeepsEveryTotal() throws IOException {
    Dataset<Row> totals =
        wh.read("gold/probe_sales")
            .groupBy("dt")
            .agg(
                functions.sum("revenue"),
                functions.sum("orders"),
                functions.countDistinct("user_id"));
    List<Row> totalsBefore = totals.collectAsList();
    long neighbourTouches = wh.read("silver/touches").filter(userIs(NEIGHBOUR)).count();
    paidOrdersBeforeForget = version("silver/paid_orders");

    Forget.Result r = new Forget(wh, out).forget(FORGOTTEN, "forget-1", D, metrics());

    assertTrue(r.tombstone().matches("forgotten-[0-9a-f-]{36}"), r.tombstone());
    Map<String, Long> expected = new TreeMap<>();
    expected.put("bronze/group_events", 2L); // as member (X2) and as inviter (X1)
    expected.put("bronze/guide_events", 1L);
    expected.put("bronze/orders", 1L);
    expected.put("bronze/scans", 1L);
    expected.put("gold/probe_sales", 1L);
    expected.put("quarantine", 1L); // O3's raw text
    expected.put("silver/buyer_days", 1L); // the buyer-day of the forgotten user's order
    expected.put("silver/campaign_assignments", 1L);
    expected.put("silver/code_registry", 1L); // first consumer of the scanned code (a struct field)
    expected.put("silver/group_events", 2L);
    expected.put("silver/guide_events", 1L);
    expected.put("silver/order_lines", 1L);
    expected.put("silver/paid_orders", 1L);
    expected.put("silver/scans", 1L);
    expected.put("silver/touches", 3L); // scan SC2, guide E1, community X2
    assertEquals(expected, new TreeMap<>(r.rowsPerTable()));
    assertEquals(1, r.exportPartitions());

    assertEquals(List.of(), holders(FORGOTTEN), "no current table version or export holds the id");
    assertEquals(totalsBefore, totals.collectAsList(), "revenue, orders and distinct users kept");
    assertEquals(neighbourTouches, wh.read("silver/touches").filter(userIs(NEIGHBOUR)).count());
    String t = r.tombstone();
    assertEquals(3, wh.read("silver/touches").filter(userIs(t)).count());
    assertEquals(1, wh.read("silver/group_events").filter("inviter_user_id = '" + t + "'").count());
    assertEquals(
        List.of("null"),
        wh
            .read("silver/order_lines")
            .filter(userIs(t))
            .select("buyer_phone_key")
            .collectAsList()
            .stream()
            .map(x -> String.valueOf(x.get(0)))
            .toList(),
        "the user's keyed phone is removed");
    assertEquals(
        1,
        wh.read("silver/order_lines")
            .filter(userIs(NEIGHBOUR).and(functions.col("buyer_phone_key").isNotNull()))
            .count());
    assertEquals(
        "O3,1,2026-11-22 14:00:00,2026-11-22 14:00:00,paid,"
            + t
            + ",mini_program,S1,P1,x,10.00,10.00,",
        wh.read("quarantine").filter("source = 'orders'").select("raw").first().getString(0));
    Dataset<Row> gold = wh.read("gold/probe_sales");
    Dataset<Row> restated = ProbeMart.build(wh.read("silver/paid_orders"));
    SharedSpark.assertDataFrameEquals(
        SharedSpark.spark().createDataFrame(restated.javaRDD(), gold.schema()),
        gold); // a restatement from the pseudonymised silver gives the same mart
    assertEquals(
        1,
        SharedSpark.spark()
            .read()
            .format("delta")
            .option("versionAsOf", paidOrdersBeforeForget)
            .load(wh.path("silver/paid_orders"))
            .filter(userIs(FORGOTTEN))
            .count(),
        "until maintenance, time travel still reaches the old version");
    assertEquals(List.of(), deltaLogOutsideStats(), "the id is never a literal in a commit");
  }

  @Test
  @Order(3)
  void afterMaintenanceWithZeroRetentionNoDataFileHoldsTheId() throws IOException {
    // Debris of a crashed export swap, from before the request: maintenance removes it too.
    Path debris = Path.of(wh.root(), "exports", "probe_sales", ".dt=" + D + ".old-crashed");
    SharedSpark.spark()
        .createDataFrame(
            List.of(org.apache.spark.sql.RowFactory.create(FORGOTTEN)),
            DataTypes.createStructType(
                List.of(DataTypes.createStructField("user_id", DataTypes.StringType, true))))
        .write()
        .parquet(debris.toString());
    assertFalse(filesHolding(FORGOTTEN).isEmpty(), "the old files still hold the id");

    String check = Maintenance.RETENTION_CHECK;
    SharedSpark.spark().conf().set(check, "false");
    try {
      new Maintenance(wh, out).run(0, "maintain-3", D, metrics());
    } finally {
      SharedSpark.spark().conf().unset(check);
    }

    assertEquals(List.of(), filesHolding(FORGOTTEN), "no data file under the warehouse");
    assertFalse(Files.exists(debris));
    assertThrows(
        Exception.class,
        () ->
            SharedSpark.spark()
                .read()
                .format("delta")
                .option("versionAsOf", paidOrdersBeforeForget)
                .load(wh.path("silver/paid_orders"))
                .collectAsList(),
        "the pre-forget version is gone");
    assertEquals(
        List.of(), deltaLogOutsideStats(), "the log still holds it in old statistics only");
  }

  private long version(String table) {
    return wh.delta(table).history(1).select("version").first().getLong(0);
  }

  private static Column userIs(String id) {
    return functions.col("user_id").equalTo(id);
  }

  /** Table or export columns of the current versions that hold the id as a token. */
  private List<String> holders(String id) {
    List<String> hits = new ArrayList<>();
    WarehouseTables tables = new WarehouseTables(wh);
    Map<String, Dataset<Row>> all = new TreeMap<>();
    tables.deltaTables().forEach(t -> all.put(t, wh.read(t)));
    tables
        .exports()
        .keySet()
        .forEach(
            m ->
                all.put(
                    "exports/" + m,
                    SharedSpark.spark().read().parquet(wh.root() + "/exports/" + m)));
    all.forEach(
        (name, df) -> {
          if (df.filter(anyColumnHolds(df, id)).isEmpty()) {
            return;
          }
          for (StructField f : df.schema().fields()) {
            if (!df.filter(holds(f, id)).isEmpty()) {
              hits.add(name + "." + f.name());
            }
          }
        });
    return hits;
  }

  private static Column holds(StructField f, String id) {
    return functions.coalesce(
        functions.col(f.name()).cast("string").rlike(Forget.tokenPattern(id)),
        functions.lit(false));
  }

  private static Column anyColumnHolds(Dataset<Row> df, String id) {
    Column any = functions.lit(false);
    for (StructField f : df.schema().fields()) {
      any = any.or(holds(f, id));
    }
    return any;
  }

  /**
   * Physical files under the warehouse, outside {@code _delta_log}, that hold the id: Parquet files
   * read as data (compression could hide bytes), every other file as bytes.
   */
  private List<String> filesHolding(String id) throws IOException {
    List<String> hits = new ArrayList<>();
    Map<Path, List<String>> parquetByFolder = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of(wh.root()))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (p.toString().contains("/_delta_log/")) {
          continue;
        }
        String name = p.getFileName().toString();
        if (name.endsWith(".parquet")) {
          Path table = p.getParent();
          while (table.getFileName().toString().contains("=")) {
            table = table.getParent();
          }
          parquetByFolder.computeIfAbsent(table, k -> new ArrayList<>()).add(p.toString());
        } else if (!name.endsWith(".crc")
            && TOKEN.matcher(Files.readString(p, StandardCharsets.ISO_8859_1)).find()) {
          hits.add(p.toString());
        }
      }
    }
    for (Map.Entry<Path, List<String>> e : parquetByFolder.entrySet()) {
      Dataset<Row> df =
          SharedSpark.spark()
              .read()
              .option("mergeSchema", "true")
              .parquet(e.getValue().toArray(String[]::new));
      if (!df.filter(anyColumnHolds(df, id)).isEmpty()) {
        hits.add(e.getKey().toString());
      }
    }
    return hits;
  }

  /**
   * Lines of the Delta logs that hold the id once the per-file statistics (min/max values) of add
   * and remove actions are left out: the id must not be anywhere else (commit predicates, schema).
   */
  private List<String> deltaLogOutsideStats() throws IOException {
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of(wh.root()))) {
      for (Path p :
          files
              .filter(x -> x.toString().contains("/_delta_log/") && x.toString().endsWith(".json"))
              .toList()) {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          JsonNode action = JSON.readTree(line);
          for (String kind : List.of("add", "remove")) {
            if (action.has(kind)) {
              ((ObjectNode) action.get(kind)).remove("stats");
            }
          }
          if (TOKEN.matcher(action.toString()).find()) {
            hits.add(p + ": " + line);
          }
        }
      }
    }
    return hits;
  }
}
