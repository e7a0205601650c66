package io.omnitouch.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.omnitouch.testing.FaultyFileSystem;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.JobProcess;
import io.omnitouch.testing.SharedSpark;
import io.omnitouch.testing.WarehouseSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults that need a real process: the packaged launcher is started as a child JVM ({@link
 * JobProcess}) over a tiny input tree, killed with {@code kill -9} at chosen points (the {@code
 * faulty://} file system pauses at the point and says so on the console, the test kills it there),
 * run twice at once, and run on full or read-only storage. After each fault a rerun must leave
 * every table and export equal to a clean run's ({@link WarehouseSnapshot}).
 *
 * <p>Tagged {@code process}: run after {@code mvn package} (bin/test's second step) with {@code mvn
 * surefire:test -pl jobs -Dgroups=process -Dtests.excludedGroups=}.
 *
 * <p>Most of the time of a case is JVM and Spark start-up and the waits for a dead run's lock to go
 * stale, so the cases run at once, each on its own warehouse (a lock is per warehouse, so they
 * never compete for one): the clean reference run, the crash series and the full-disk case start
 * together on empty warehouses; the cases that start from a clean warehouse take a copy of the
 * reference once it exists. Every case compares with the one reference snapshot. Each test method
 * waits for its case and reports its failure.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessFaultsTest {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final Duration STALE = Duration.ofSeconds(8);

  /**
   * A hung run's limit; a machine far busier than CI can raise it (-Domnitouch.runTimeoutMinutes).
   */
  private static final Duration RUN_TIMEOUT =
      Duration.ofMinutes(Long.getLong("omnitouch.runTimeoutMinutes", 20));

  /**
   * What every run of these cases builds: ingest, silver (every silver step), the probe mart the
   * crash points are in, sales_daily (the `sql` case reads it) and their exports. The other mart
   * groups would only repeat the same kind of Delta write at every crash point, for three times the
   * run time; the whole pipeline's reruns are compared in NightlyRunIT and the sample warehouse.
   */
  private static final String STAGES = "ingest,silver,sales,probe,export";

  /** The probe mart's totals of D (orders, revenue) for each input version. */
  private static final List<Object> V1 = List.of(2L, new BigDecimal("43.50"));

  private static final List<Object> V2 = List.of(3L, new BigDecimal("50.50"));

  /** How long a reader waits for its first observation after a change of state. */
  private static final Duration OBSERVED = Duration.ofMinutes(2);

  private Path work;
  private Path logs;
  private InputTree v1;
  private InputTree v2;
  private Path reference;
  private ExecutorService pool;

  /** The reference run's warehouse, done. */
  private CompletableFuture<Void> referenceRun;

  /** What a reader sees in the reference warehouse: every case compares with it. */
  private CompletableFuture<Map<String, List<String>>> cleanSnapshot;

  private final Map<String, CompletableFuture<Void>> cases = new ConcurrentHashMap<>();

  private static final String ORDERS =
      "order_id,line_no,order_time,updated_time,status,user_id,channel,store_id,sku,quantity,"
          + "unit_price,paid_amount\n"
          + "O1,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,U1,guide,S1,P1,2,10.00,18.00\n"
          + "O2,1,2026-11-22 13:00:00,2026-11-22 13:00:00,paid,U2,store,S1,P1,3,10.00,25.50\n";

  private static InputTree input(String name) {
    return InputTree.create(name)
        .minimalReference()
        .emptyLogs(D.minusDays(1).toString())
        .file(
            "scans/dt=2026-11-22/part-0.csv",
            "scan_id,code,sku,scan_type,event_time,distributor_id,store_id,user_id,region_code\n"
                + "SC1,C1,P1,factory_out,2026-11-01T08:00:00+08:00,D1,,,\n"
                + "SC2,C1,P1,consumer,2026-11-22 10:00:00,,S1,U1,330106\n")
        .file("orders/dt=2026-11-22/part-0.csv", ORDERS)
        .file(
            "guide_events/dt=2026-11-22/part-0.csv",
            "event_id,event_time,guide_id,store_id,event_type,user_id\n"
                + "E1,2026-11-22T09:00:00+08:00,G1,S1,chat,U1\n")
        .file(
            "group_events/dt=2026-11-22/part-0.csv",
            "event_id,event_time,group_id,event_type,user_id\n"
                + "X1,2026-11-22T09:00:00+08:00,GR1,join,U2\n");
  }

  @BeforeAll
  void startEveryCase() throws IOException {
    assumeTrue(
        JobProcess.jarBuilt(),
        JobProcess.jar()
            + " is missing: these tests start the packaged jar, run `mvn package`"
            + " first (bin/test does)");
    work = Files.createTempDirectory("omnitouch-process");
    logs = work.resolve("logs");
    v1 = input("v1");
    v2 =
        input("v2")
            .file(
                "orders/dt=2026-11-22/part-1.csv",
                "order_id,line_no,order_time,updated_time,status,user_id,channel,store_id,sku,"
                    + "quantity,unit_price,paid_amount\n"
                    + "O3,1,2026-11-22 15:00:00,2026-11-22 15:00:00,paid,U1,store,S1,P1,1,10.00,"
                    + "7.00\n");
    reference = work.resolve("reference");
    pool = Executors.newCachedThreadPool();
    referenceRun =
        CompletableFuture.runAsync(
            () -> {
              JobProcess ref = run("reference", reference, v1, Map.of(), "clean-run");
              assertEquals(0, ref.awaitExit(RUN_TIMEOUT), ref.describe());
            },
            pool);
    cleanSnapshot =
        referenceRun.thenApplyAsync(
            done -> {
              Map<String, List<String>> clean =
                  WarehouseSnapshot.of(SharedSpark.spark(), reference);
              assertEquals(V1, totals(reference), "the reference run's mart, computed by hand");
              assertTrue(
                  clean.containsKey("exports/probe_sales/dt=2026-11-22")
                      && clean.containsKey("exports/sales_daily/dt=2026-11-22"),
                  clean.keySet().toString());
              // export publishes the groups the run built, nothing it did not build
              assertFalse(
                  clean.keySet().stream().anyMatch(t -> t.startsWith("exports/conversion_daily")),
                  clean.keySet().toString());
              return clean;
            },
            pool);
    // On empty warehouses: they need the reference only to compare at the end.
    start("crashes", this::crashesThenTwoReruns, CompletableFuture.completedFuture(null));
    start("full disk", this::fullDiskThenAFixedRerun, CompletableFuture.completedFuture(null));
    // On the reference warehouse or a copy of it.
    start("overlap", this::runAndBackfillTogether, referenceRun);
    start("readers", this::restatementWatchedByReaders, referenceRun);
    start("read-only", this::readOnlyStorage, referenceRun);
    start("missing partition", this::missingPartition, referenceRun);
    start("sql csv", this::sqlCsv, referenceRun);
  }

  @AfterAll
  void stopThePool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private interface Case {
    void run() throws Exception;
  }

  private void start(String name, Case body, CompletableFuture<Void> after) {
    cases.put(
        name,
        after.thenRunAsync(
            () -> {
              try {
                body.run();
              } catch (RuntimeException | Error e) {
                throw e;
              } catch (Exception e) {
                throw new AssertionError(name + ": " + e, e);
              }
            },
            pool));
  }

  /** Waits for a case; its assertion error (or the reference run's) is this test's failure. */
  private void await(String name) throws Throwable {
    try {
      cases.get(name).join();
    } catch (CompletionException e) {
      throw e.getCause();
    }
  }

  private Map<String, List<String>> clean() {
    return cleanSnapshot.join();
  }

  /** A copy of the reference warehouse: a clean warehouse of D for a case to change. */
  private Path copyOfReference(String name) throws IOException {
    Path target = work.resolve(name);
    try (Stream<Path> files = Files.walk(reference)) {
      for (Path from : files.toList()) {
        Path to = target.resolve(reference.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    return target;
  }

  /** Spark settings that route the warehouse (and input) through the fault-injecting FS. */
  private static Map<String, String> faulty(Map<String, String> faults) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spark.hadoop.fs.defaultFS", "faulty:///");
    FaultyFileSystem.hadoopSettings().forEach((k, v) -> p.put("spark.hadoop." + k, v));
    p.putAll(faults);
    return p;
  }

  private JobProcess run(
      String name, Path warehouse, InputTree in, Map<String, String> props, String runId) {
    return JobProcess.start(name, logs, props, runArgs(warehouse, in, runId));
  }

  private static String[] runArgs(Path warehouse, InputTree in, String runId) {
    return new String[] {
      "run",
      "--date",
      D.toString(),
      "--input",
      in.root().toString(),
      "--warehouse",
      warehouse.toString(),
      "--master",
      "local[2]",
      "--shuffle-partitions",
      "1",
      "--stages",
      STAGES,
      "--lock-stale-seconds",
      String.valueOf(STALE.toSeconds()),
      "--run-id",
      runId
    };
  }

  /** Starts a run that pauses at {@code fault} and kills it there with kill -9. */
  private Instant crashAt(Path wh, String point, Map<String, String> fault, InputTree in) {
    JobProcess p = run("crash-" + point, wh, in, faulty(fault), "crash-" + point);
    assertTrue(
        p.awaitOutput("faulty: paused", RUN_TIMEOUT),
        "never reached " + point + "\n" + p.describe());
    assertTrue(p.alive(), p.describe());
    p.kill9();
    System.out.printf("killed %s at %s after %s%n", p.name(), point, p.elapsed());
    return Instant.now();
  }

  /** The stale threshold after the kill, so the dead run's lock can be taken over. */
  private static void waitUntilStale(Instant killedAt) {
    long left = Duration.between(Instant.now(), killedAt.plus(STALE)).toMillis();
    if (left > 0) {
      JobProcess.sleep(left);
    }
  }

  @Test
  void killedAtEveryPointThenTwoRerunsAtOnceLeaveWhatACleanRunLeaves() throws Throwable {
    await("crashes");
  }

  private void crashesThenTwoReruns() {
    Path wh = work.resolve("crashed");
    Map<String, Map<String, String>> points = new LinkedHashMap<>();
    points.put("ingest", Map.of("faulty.pause.create", ".*/bronze/orders/.*\\.parquet"));
    // Silver: all data files of paid_orders written, its commit not yet renamed into the log.
    points.put("silver", Map.of("faulty.pause.rename", ".*/silver/paid_orders/_delta_log/.*"));
    points.put("mart", Map.of("faulty.pause.create", ".*/gold/probe_sales/.*\\.parquet"));
    // Export: the partition written aside, about to be moved in.
    points.put("export", Map.of("faulty.pause.rename", ".*/exports/_staging/probe_sales-.*/dt=.*"));
    Instant killed = null;
    for (Map.Entry<String, Map<String, String>> p : points.entrySet()) {
      if (killed != null) {
        waitUntilStale(killed);
      }
      killed = crashAt(wh, p.getKey(), p.getValue(), v1);
    }
    assertTrue(Files.exists(wh.resolve("_locks/" + D + "/owner")), "kill -9 left its lock");
    assertFalse(
        Files.exists(wh.resolve("exports/probe_sales/dt=" + D)),
        "killed between writing the export aside and moving it in");

    waitUntilStale(killed);
    JobProcess a = run("rerun-a", wh, v1, faulty(Map.of()), "rerun-a");
    JobProcess b = run("rerun-b", wh, v1, faulty(Map.of()), "rerun-b");
    int codeA = a.awaitExit(RUN_TIMEOUT);
    int codeB = b.awaitExit(RUN_TIMEOUT);
    JobProcess winner = codeA == 0 ? a : b;
    JobProcess loser = codeA == 0 ? b : a;
    assertEquals(List.of(0, 3), sorted(codeA, codeB), a.describe() + b.describe());
    assertTrue(
        winner.out().contains("taking over the stale lock of " + D + " left by run crash-export"),
        winner.describe());
    assertTrue(
        loser.err().contains("Another run holds the lock of " + D + ": run " + winner.name()),
        loser.describe());
    assertSameWarehouse(clean(), wh, "");
    assertFalse(Files.exists(wh.resolve("_locks/" + D)), "released");
  }

  @Test
  void aRunAndAnOverlappingBackfillStartedTogether() throws Throwable {
    await("overlap");
  }

  /** On a warehouse that already holds D, as a rerun finds it. */
  private void runAndBackfillTogether() throws IOException {
    Path wh = copyOfReference("overlap");
    JobProcess nightly = run("nightly", wh, v1, Map.of(), "nightly");
    JobProcess backfill =
        JobProcess.start(
            "backfill",
            logs,
            Map.of(),
            "backfill",
            "--from",
            D.minusDays(1).toString(),
            "--to",
            D.toString(),
            "--input",
            v1.root().toString(),
            "--warehouse",
            wh.toString(),
            "--master",
            "local[2]",
            "--shuffle-partitions",
            "1",
            "--stages",
            STAGES,
            "--run-id",
            "backfill");
    int n = nightly.awaitExit(RUN_TIMEOUT);
    int b = backfill.awaitExit(RUN_TIMEOUT);
    assertEquals(List.of(0, 3), sorted(n, b), nightly.describe() + backfill.describe());
    JobProcess winner = n == 0 ? nightly : backfill;
    JobProcess loser = n == 0 ? backfill : nightly;
    assertTrue(
        loser.err().contains("Another run holds the lock of " + D + ": run " + winner.name()),
        loser.describe());
    assertSameWarehouse(clean(), wh, winner.name() + " won");
  }

  @Test
  void readersSeeThePreviousVersionOrTheNewOneNeverAMix() throws Throwable {
    await("readers");
  }

  private void restatementWatchedByReaders() throws Exception {
    Path wh = copyOfReference("restated");
    List<String> delta = Collections.synchronizedList(new ArrayList<>());
    List<String> export = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread deltaReader = reader(reading, delta, () -> label(totals(wh)));
    Thread exportReader = reader(reading, export, () -> label(exportTotals(wh)));
    deltaReader.start();
    exportReader.start();
    try {
      // A restatement with one more order, killed while it writes the mart.
      Instant killed =
          crashAt(
              wh,
              "restatement",
              Map.of("faulty.pause.create", ".*/gold/probe_sales/.*\\.parquet"),
              v2);
      awaitNewObservations(delta, export);
      assertEquals(List.of("v1"), distinct(delta), "mid-write, readers see the previous version");
      assertEquals(List.of("v1"), distinct(export));

      // The rerun, paused for a few seconds just before it swaps the export partition.
      waitUntilStale(killed);
      Map<String, String> pause = new HashMap<>();
      pause.put("faulty.pause.rename", ".*/exports/probe_sales/dt=2026-11-22");
      pause.put("faulty.pause.millis", "5000");
      JobProcess rerun = run("restatement-rerun", wh, v2, faulty(pause), "restatement-rerun");
      assertEquals(0, rerun.awaitExit(RUN_TIMEOUT), rerun.describe());
      awaitNewObservations(delta, export);
    } finally {
      reading.set(false);
      deltaReader.join();
      exportReader.join();
    }
    assertEquals(List.of("v1", "v2"), distinct(delta), "delta observations: " + delta);
    assertEquals(List.of("v1", "v2"), distinct(export), "export observations: " + export);
    assertEquals(V2, totals(wh));
  }

  @Test
  void fullOrReadOnlyStorageFailsClearlyAndAFixedRerunRecovers() throws Throwable {
    await("read-only");
    await("full disk");
  }

  /** A clean warehouse (a copy of the reference: what a reader sees is the clean snapshot). */
  private void readOnlyStorage() throws IOException {
    Path wh = copyOfReference("read-only");
    JobProcess readOnly =
        run("read-only", wh, v2, faulty(Map.of("faulty.readonly", wh + "/.*")), "read-only");
    assertEquals(1, readOnly.awaitExit(RUN_TIMEOUT), readOnly.describe());
    assertTrue(
        readOnly
            .err()
            .contains("omnitouch: storage refused a write or read (Read-only file system"),
        readOnly.describe());
    assertSameWarehouse(clean(), wh, "nothing changed");
  }

  /**
   * The disk fills up while the mart is written (on a new warehouse, so the rerun can be compared
   * with the clean run): ingest and silver commit, the mart never does.
   */
  private void fullDiskThenAFixedRerun() {
    Path fresh = work.resolve("full-disk");
    Map<String, String> full = new HashMap<>();
    full.put("faulty.full.pattern", ".*/gold/probe_sales/.*");
    full.put("faulty.full.bytes", "0");
    JobProcess fullDisk = run("full-disk", fresh, v1, faulty(full), "full-disk");
    assertEquals(1, fullDisk.awaitExit(RUN_TIMEOUT), fullDisk.describe());
    assertTrue(
        fullDisk.err().contains("omnitouch: storage is full (No space left on device"),
        fullDisk.describe());
    assertTrue(fullDisk.err().contains("rerun the same date"), fullDisk.describe());
    assertTrue(Files.exists(fresh.resolve("silver/paid_orders/_delta_log")));
    assertFalse(
        Files.exists(fresh.resolve("gold/probe_sales/_delta_log/00000000000000000000.json")),
        "no version of the mart was committed");

    JobProcess fixed = run("storage-fixed", fresh, v1, Map.of(), "storage-fixed");
    assertEquals(0, fixed.awaitExit(RUN_TIMEOUT), fixed.describe());
    assertSameWarehouse(clean(), fresh, "");
  }

  @Test
  void aMissingPartitionIsExit2NamingItBeforeAnythingIsWritten() throws Throwable {
    await("missing partition");
  }

  /** On a clean warehouse (a copy of the reference: what a reader sees is the clean snapshot). */
  private void missingPartition() throws IOException {
    Path wh = copyOfReference("missing-partition");
    JobProcess p =
        JobProcess.start(
            "missing-partition",
            logs,
            Map.of(),
            "run",
            "--date",
            D.plusDays(1).toString(),
            "--input",
            v1.root().toString(),
            "--warehouse",
            wh.toString(),
            "--master",
            "local[1]");
    assertEquals(2, p.awaitExit(RUN_TIMEOUT), p.describe());
    assertTrue(
        p.err().contains("omnitouch: Missing input partition ")
            && p.err().contains("/scans/dt=2026-11-23 (source scans, dt 2026-11-23)"),
        p.describe());
    assertSameWarehouse(clean(), wh, "");
  }

  /** What machines read from {@code sql --format csv} is the CSV alone: no JVM or log noise. */
  @Test
  void sqlCsvOnStdoutIsTheResultAlone() throws Throwable {
    await("sql csv");
  }

  private void sqlCsv() {
    JobProcess p =
        JobProcess.start(
            "sql-csv",
            logs,
            Map.of(),
            "sql",
            "SELECT channel, revenue FROM sales_daily ORDER BY channel",
            "--format",
            "csv",
            "--warehouse",
            reference.toString());
    assertEquals(0, p.awaitExit(RUN_TIMEOUT), p.describe());
    assertEquals("channel,revenue\r\nguide,18.00\r\nstore,25.50\r\n", p.out());
  }

  private static void assertSameWarehouse(
      Map<String, List<String>> expected, Path warehouse, String what) {
    String diff =
        WarehouseSnapshot.differences(
            expected, WarehouseSnapshot.of(SharedSpark.spark(), warehouse));
    assertTrue(diff.isEmpty(), what + "\n" + diff);
  }

  private static List<Integer> sorted(int a, int b) {
    return a <= b ? List.of(a, b) : List.of(b, a);
  }

  private interface Observation {
    String read() throws Exception;
  }

  /** Polls until stopped; records each observation (v1, v2, absent, or the odd totals seen). */
  private static Thread reader(AtomicBoolean reading, List<String> seen, Observation o) {
    return new Thread(
        () -> {
          while (reading.get()) {
            try {
              seen.add(o.read());
            } catch (Exception e) {
              seen.add("error: " + e.getMessage());
            }
            JobProcess.sleep(200);
          }
        },
        "reader");
  }

  /**
   * Waits until every reader has made a whole observation that started now (a read on a busy
   * machine can take seconds): what readers see from here on reflects the state at this moment.
   */
  @SafeVarargs
  private static void awaitNewObservations(List<String>... readers) {
    Instant deadline = Instant.now().plus(OBSERVED);
    int[] start = new int[readers.length];
    for (int i = 0; i < readers.length; i++) {
      start[i] = readers[i].size();
    }
    for (int i = 0; i < readers.length; i++) {
      // The first new entry may come from a read begun before now; the second one cannot.
      while (readers[i].size() < start[i] + 2 && Instant.now().isBefore(deadline)) {
        JobProcess.sleep(100);
      }
    }
  }

  /** Distinct observations in the order first seen ("absent" excepted: the swap's instant). */
  private static List<String> distinct(List<String> seen) {
    List<String> out = new ArrayList<>();
    synchronized (seen) {
      for (String s : seen) {
        if (!s.equals("absent") && (out.isEmpty() || !out.get(out.size() - 1).equals(s))) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static String label(List<Object> totals) {
    if (totals == null) {
      return "absent";
    }
    return totals.equals(V1) ? "v1" : totals.equals(V2) ? "v2" : "mix " + totals;
  }

  /** The probe mart's orders and revenue of D, read through Delta (one snapshot). */
  private static List<Object> totals(Path warehouse) {
    Row r =
        SharedSpark.spark()
            .read()
            .format("delta")
            .load(warehouse.resolve("gold/probe_sales").toString())
            .filter("dt = DATE'2026-11-22'")
            .selectExpr("sum(orders)", "sum(revenue)")
            .first();
    return List.of(r.get(0), r.get(1));
  }

  /** The same totals from the plain Parquet export, read by DuckDB; null when absent. */
  private static List<Object> exportTotals(Path warehouse) throws SQLException {
    Path part = warehouse.resolve("exports/probe_sales/dt=2026-11-22");
    if (!Files.isDirectory(part)) {
      return null;
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT sum(orders), sum(revenue) FROM read_parquet('"
                        + part
                        + "/*.parquet')")) {
      r.next();
      return List.of(r.getLong(1), r.getBigDecimal(2).setScale(2));
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("No such file") || m.contains("No files found")) {
        return null; // listed just before the swap moved the folder: a retry reads the new one
      }
      throw e;
    }
  }
}
