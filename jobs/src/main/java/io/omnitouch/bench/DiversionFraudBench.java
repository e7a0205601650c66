package io.omnitouch.bench;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.CodePacking;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.silver.SilverBuild;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Benchmark (not a test) of one night of the diversion and fraud stages at scale:
 *
 * <pre>
 * java -Xmx4g [Java 17 flags] -cp jobs/target/omnitouch.jar io.omnitouch.bench.DiversionFraudBench \
 *     --scans-per-day 5000000 --codes 20000000
 * </pre>
 *
 * <p>It synthesises, in a temporary warehouse, the state a nightly run finds: a code registry of
 * {@code --codes} shipped codes (as folded by earlier nights: one allocation each, 2% re-allocated,
 * 60% already consumer-scanned), silver scans of the run date ({@code --scans-per-day} consumer
 * scans, 10% more channel scans, 5% new factory_outs) and of the 3 days before (IMPOSSIBLE_TRAVEL
 * lookback), and the dimensions. Then it folds the silver stage's code state (registry MERGE,
 * out-of-territory judgement, diverted codes) and runs the 7 diversion and fraud marts through the
 * MartRunner for the run date, exactly as a nightly run does, and prints wall time, rows/s and the
 * peak JVM heap used (polled every 100 ms). Finally the floor: the same day's scans read from CSV
 * and written as Parquet with no logic, to give the ratio.
 */
public final class DiversionFraudBench {
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-04");
  private static final int LOOKBACK_DAYS = 3;
  private static final int PROVINCES = 31;
  private static final int CITIES = 10;
  private static final int DISTRICTS = 5;
  private static final int DISTRIBUTORS = 200;
  private static final int STORES_PER_PROVINCE = 50;

  /** The groups of the night measured: 串货, 羊毛党 and channel control (scan rate, 乱价). */
  private static final List<String> NIGHT_GROUPS = List.of("diversion", "fraud", "channel");

  /** --packed: units per case, and per pallet (40 cases). */
  private static final int CASE_UNITS = 24;

  private static final int PALLET_UNITS = 40 * CASE_UNITS;

  /** --packed: the share of codes shipped in loose cases; the rest on pallets. */
  private static final double CASE_SHARE = 0.9;

  private static final int BATCH_CODES = 10_000;

  private DiversionFraudBench() {}

  public static void main(String[] args) throws Exception {
    long scansPerDay = 5_000_000L;
    long codes = 20_000_000L;
    int partitions = 8;
    boolean keep = false;
    boolean packed = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--packed" -> packed = true;
        case "--scans-per-day" -> scansPerDay = Long.parseLong(args[++i]);
        case "--codes" -> codes = Long.parseLong(args[++i]);
        case "--shuffle-partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--keep" -> keep = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("omnitouch-bench-diversion");
    OmnitouchConfig config =
        OmnitouchConfig.builder().warehouse(dir).shufflePartitions(partitions).build();
    SparkSession spark = SparkSessions.create(config, "diversion-fraud-bench");
    spark.sparkContext().setLogLevel("WARN");
    Warehouse wh = new Warehouse(spark, dir);
    System.out.printf(
        Locale.ROOT,
        "warehouse %s, %,d consumer scans/day, %,d codes%s, %d cores, max heap %,d MB%n",
        dir,
        scansPerDay,
        codes,
        packed
            ? " (packed: 90% by case of " + CASE_UNITS + ", 10% by pallet of " + PALLET_UNITS + ")"
            : "",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    long t0 = System.nanoTime();
    synthesise(spark, wh, scansPerDay, codes, packed);
    System.out.printf(Locale.ROOT, "synthesis: %.1f s%n", seconds(t0));

    long dayRows = wh.read("silver/scans").where("event_date = DATE'" + RUN_DATE + "'").count();
    HeapPoller heap = new HeapPoller();
    heap.start();
    RunContext ctx = new RunContext("bench", RUN_DATE, RUN_DATE, config, wh);
    MartRunner runner = new MartRunner(ctx);
    long night = System.nanoTime();
    // The silver stage's part: the per-code state these marts read (registry MERGE included).
    long state = System.nanoTime();
    long stateRows =
        new SilverBuild(wh)
            .codeState(RUN_DATE, RUN_DATE).values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        Locale.ROOT,
        "  %-24s %8.1f s %,12d rows%n",
        "silver code state",
        seconds(state),
        stateRows);
    for (MartJob job : MartCatalog.all()) {
      if (!NIGHT_GROUPS.contains(job.group())) {
        continue;
      }
      long t = System.nanoTime();
      long rows = runner.build(job);
      System.out.printf(Locale.ROOT, "  %-24s %8.1f s %,12d rows%n", job.name(), seconds(t), rows);
    }
    double nightSeconds = seconds(night);
    heap.stop();
    System.out.printf(
        Locale.ROOT,
        "night (diversion + fraud + channel): %.1f s, %,d scans of the day -> %,.0f rows/s, peak heap %,d"
            + " MB%n",
        nightSeconds,
        dayRows,
        dayRows / nightSeconds,
        heap.peak() >> 20);

    double floorSeconds = floor(spark, wh, dir);
    System.out.printf(
        Locale.ROOT,
        "floor (CSV -> Parquet, no logic): %.1f s -> %,.0f rows/s; night / floor = %.1fx%n",
        floorSeconds,
        dayRows / floorSeconds,
        nightSeconds / floorSeconds);
    spark.stop();
    if (!keep) {
      delete(dir);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Dimensions, the registry as earlier nights left it, and silver scans of 4 days. */
  private static void synthesise(
      SparkSession spark, Warehouse wh, long scansPerDay, long codes, boolean packed) {
    wh.overwrite("silver/regions", regions(spark));
    wh.overwrite(
        "silver/distributors",
        spark
            .range(DISTRIBUTORS)
            .selectExpr(
                "concat('D', id) AS distributor_id",
                "concat('distributor ', id) AS name",
                "'traditional' AS channel",
                // Half the distributors hold a province, half a city plus a district elsewhere;
                // consumers scan in city 01 of the code's home province (1% elsewhere).
                "IF(id % 2 = 0, CAST(11 + id % "
                    + PROVINCES
                    + " AS STRING),"
                    + " concat(CAST(11 + id % "
                    + PROVINCES
                    + " AS STRING), '01;',"
                    + " CAST(11 + (id + 1) % "
                    + PROVINCES
                    + " AS STRING), '0101'))"
                    + " AS territory"));
    wh.overwrite(
        "silver/stores",
        spark
            .range((long) PROVINCES * STORES_PER_PROVINCE)
            .selectExpr(
                "concat('S', id) AS store_id",
                "concat('store ', id) AS name",
                "concat(CAST(11 + CAST(id / "
                    + STORES_PER_PROVINCE
                    + " AS INT) AS STRING),"
                    + " '0101') AS region_code",
                "CAST(NULL AS STRING) AS distributor_id",
                "'supermarket' AS format",
                "CAST(NULL AS DATE) AS open_date"));

    String day = "DATE'" + RUN_DATE + "'";
    Dataset<Row> registry =
        spark
            .range(codes)
            .selectExpr(
                "concat('C', id) AS code",
                "id",
                "CAST("
                    + day
                    + " AS TIMESTAMP) - make_interval(0, 0, 0, 1 + CAST(pmod(hash(id, 1), 60)"
                    + " AS INT), 8) AS shipped_at")
            .selectExpr(
                "code",
                "IF(pmod(hash(id, 2), 50) = 0, array(named_struct('event_time', shipped_at,"
                    + " 'distributor_id', concat('D', id % "
                    + DISTRIBUTORS
                    + "), 'scan_id',"
                    + " concat('f', id)), named_struct('event_time', shipped_at + INTERVAL 1 DAY,"
                    + " 'distributor_id', concat('D', (id + 1) % "
                    + DISTRIBUTORS
                    + "), 'scan_id',"
                    + " concat('g', id))), array(named_struct('event_time', shipped_at,"
                    + " 'distributor_id', concat('D', id % "
                    + DISTRIBUTORS
                    + "), 'scan_id',"
                    + " concat('f', id)))) AS allocations",
                "IF(id % 10 < 6, named_struct('event_time', shipped_at + INTERVAL 2"
                    + " DAYS, 'scan_id', concat('p', id), 'user_id', concat('U', pmod(hash(id, 4),"
                    + " "
                    + Math.max(1, scansPerDay / 3)
                    + "))), NULL) AS first_consumer",
                "CAST(NULL AS STRUCT<event_time: TIMESTAMP, scan_id: STRING, user_id: STRING>)"
                    + " AS first_other_user",
                "named_struct('event_time', element_at(allocations, -1).event_time, 'scan_id',"
                    + " element_at(allocations, -1).scan_id, 'sku', concat('SKU-', id % 20),"
                    + " 'batch_id', concat('B', CAST(id / "
                    + BATCH_CODES
                    + " AS BIGINT))) AS latest_factory_out");
    wh.overwrite(CodeRegistry.TABLE, Schemas.conform(registry, CodeRegistry.TABLE));
    spark.sql(
        "ALTER TABLE delta.`"
            + wh.path(CodeRegistry.TABLE)
            + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = true)");

    if (packed) {
      wh.overwrite(CodePacking.TABLE, packing(spark, scansPerDay, codes));
    }
    boolean first = true;
    for (int back = LOOKBACK_DAYS; back >= 0; back--) {
      LocalDate date = RUN_DATE.minusDays(back);
      Dataset<Row> scansOfDay = dayOfScans(spark, date, scansPerDay, codes);
      if (packed) {
        scansOfDay = packedChannelScans(scansOfDay, date, scansPerDay, codes);
      }
      Dataset<Row> scans = Schemas.conform(scansOfDay, "silver/scans");
      if (first) {
        wh.overwrite("silver/scans", scans);
        first = false;
      } else {
        wh.append("silver/scans", scans);
      }
    }
  }

  /**
   * One day of scans: consumer scans of shipped codes (0.1% of never-shipped codes, 1% outside the
   * territory, half with GPS), 10% more channel scans, and 5% new factory_outs.
   */
  private static Dataset<Row> dayOfScans(
      SparkSession spark, LocalDate date, long consumers, long codes) {
    long users = Math.max(1, consumers / 3);
    long channel = consumers / 10;
    long shipped = consumers / 20;
    long total = consumers + channel + shipped;
    String seed = String.valueOf(date.toEpochDay());
    String midnight = "CAST(DATE'" + date + "' AS TIMESTAMP)";
    return spark
        .range(total)
        .selectExpr(
            "id",
            "CASE WHEN id < "
                + consumers
                + " THEN 'consumer' WHEN id < "
                + (consumers + channel)
                + " THEN IF(id % 2 = 0, 'dealer_out', 'store_in') ELSE 'factory_out' END"
                + " AS scan_type",
            // Consumers scan codes not scanned before (id % 10 >= 6), channel scans any code.
            "IF(id < "
                + consumers
                + ", pmod(hash(id, "
                + seed
                + ", 1), "
                + Math.max(1, codes / 10)
                + ") * 10 + 6 + pmod(hash(id, "
                + seed
                + ", 11), 4), pmod(hash(id, "
                + seed
                + ", 1), "
                + codes
                + ")) AS code_id",
            midnight
                + " + make_interval(0, 0, 0, 0, 0, 0, pmod(hash(id, "
                + seed
                + ", 2), 86400))"
                + " AS event_time")
        .selectExpr(
            "*",
            "IF(scan_type = 'factory_out', "
                + codes
                + " + "
                + date.toEpochDay() % 1000
                + " * "
                + shipped
                + " + id, code_id) AS code_n",
            "CAST(11 + (code_id % " + DISTRIBUTORS + ") % " + PROVINCES + " AS INT) AS home")
        .selectExpr(
            "concat('s', " + seed + ", '-', id) AS scan_id",
            "IF(scan_type = 'consumer' AND pmod(hash(id, "
                + seed
                + ", 3), 1000) = 0,"
                + " concat('X', id), concat('C', code_n)) AS code",
            "concat('SKU-', code_n % 20) AS sku",
            "scan_type",
            "event_time",
            "to_date(event_time) AS event_date",
            "IF(scan_type IN ('factory_out', 'dealer_out'), concat('D', code_n % "
                + DISTRIBUTORS
                + "), NULL) AS distributor_id",
            "IF(scan_type IN ('dealer_out', 'store_in'), concat('S', (home - 11) * "
                + STORES_PER_PROVINCE
                + " + pmod(hash(id, "
                + seed
                + ", 4), "
                + STORES_PER_PROVINCE
                + ")), NULL) AS store_id",
            "IF(scan_type = 'consumer', concat('U', pmod(hash(id, "
                + seed
                + ", 5), "
                + users
                + ")), NULL) AS user_id",
            "IF(scan_type = 'consumer', concat('M', pmod(hash(id, "
                + seed
                + ", 6), "
                + users
                + ")), NULL) AS device_id",
            "IF(scan_type = 'consumer', concat(CAST(IF(pmod(hash(id, "
                + seed
                + ", 7), 100) = 0,"
                + " 11 + (home - 10) % "
                + PROVINCES
                + ", home) AS STRING), '01', lpad(CAST(1 +"
                + " pmod(hash(id, 9), "
                + DISTRICTS
                + ") AS STRING), 2, '0')), NULL)"
                + " AS region_code",
            "CAST(NULL AS STRING) AS ip_region_code",
            "IF(scan_type = 'consumer' AND id % 2 = 0, 20 + home / 2.0, NULL) AS lat",
            "IF(scan_type = 'consumer' AND id % 2 = 0, 100 + home / 2.0, NULL) AS lon",
            "IF(scan_type = 'consumer', 'CP1', NULL) AS campaign_id",
            "IF(scan_type = 'consumer', CAST(1.88 AS DECIMAL(18,2)), NULL) AS reward_amount",
            "CAST(NULL AS STRING) AS batch_id",
            "CAST(NULL AS STRING) AS case_code",
            "DATE'" + RUN_DATE + "' AS dt",
            "'bench.csv' AS source_file",
            "id + 2 AS source_line",
            "'bench' AS run_id");
  }

  /** First serial of the day's new factory_out codes (as {@link #dayOfScans} numbers them). */
  private static long newCodesFrom(LocalDate date, long scansPerDay, long codes) {
    long channel = scansPerDay / 10;
    return codes + date.toEpochDay() % 1000 * (scansPerDay / 20) + scansPerDay + channel;
  }

  /**
   * The compact packing table (one row per container): the registry's codes in cases of {@value
   * #CASE_UNITS} ({@code K<serial / 24>}), the last 10% also on pallets of 40 cases ({@code
   * P<serial / 960>}), and each lookback day's new codes in cases.
   */
  private static Dataset<Row> packing(SparkSession spark, long scansPerDay, long codes) {
    long palletFrom = (long) (codes * CASE_SHARE) / PALLET_UNITS * PALLET_UNITS;
    Dataset<Row> serials = spark.range(codes).toDF("serial");
    for (int back = LOOKBACK_DAYS; back >= 0; back--) {
      long from = newCodesFrom(RUN_DATE.minusDays(back), scansPerDay, codes);
      serials = serials.union(spark.range(from, from + scansPerDay / 20).toDF("serial"));
    }
    Dataset<Row> cases =
        serials
            .selectExpr("concat('K', CAST(serial / " + CASE_UNITS + " AS BIGINT)) AS c", "serial")
            .groupBy("c")
            .agg(functions.expr("array_sort(collect_list(concat('C', serial)))").as("units"))
            .selectExpr("c AS container_code", "'case' AS level", "units");
    Dataset<Row> pallets =
        spark
            .range(palletFrom, codes)
            .toDF("serial")
            .selectExpr("concat('P', CAST(serial / " + PALLET_UNITS + " AS BIGINT)) AS c", "serial")
            .groupBy("c")
            .agg(functions.expr("array_sort(collect_list(concat('C', serial)))").as("units"))
            .selectExpr("c AS container_code", "'pallet' AS level", "units");
    return Schemas.conform(cases.unionByName(pallets), CodePacking.TABLE);
  }

  /**
   * --packed: the same units of channel scans and new factory_outs as {@link #dayOfScans}, scanned
   * by container: 90% of the channel units in cases, 10% on pallets; new codes shipped by case.
   */
  private static Dataset<Row> packedChannelScans(
      Dataset<Row> day, LocalDate date, long scansPerDay, long codes) {
    long channel = scansPerDay / 10;
    long palletFrom = (long) (codes * CASE_SHARE) / PALLET_UNITS * PALLET_UNITS;
    long caseScans = (long) (channel * CASE_SHARE) / CASE_UNITS;
    long palletScans = Math.max(1, (long) (channel * (1 - CASE_SHARE)) / PALLET_UNITS);
    long newFrom = newCodesFrom(date, scansPerDay, codes);
    long newCases = Math.max(1, scansPerDay / 20 / CASE_UNITS);
    String seed = String.valueOf(date.toEpochDay());
    // k: the row's index within its kind (dayOfScans numbers consumers, channel, factory_out)
    Dataset<Row> indexed =
        day.withColumn(
            "k",
            functions.expr(
                "CAST(substring_index(scan_id, '-', -1) AS BIGINT) - IF(scan_type = 'factory_out', "
                    + (scansPerDay + channel)
                    + ", "
                    + scansPerDay
                    + ")"));
    Dataset<Row> consumers = day.filter("scan_type = 'consumer'");
    Dataset<Row> caseRows =
        indexed
            .filter("scan_type IN ('dealer_out', 'store_in') AND k < " + caseScans)
            .withColumn(
                "code",
                functions.expr(
                    "concat('K', pmod(hash(scan_id, "
                        + seed
                        + "), "
                        + Math.max(1, palletFrom / CASE_UNITS)
                        + "))"));
    Dataset<Row> palletRows =
        indexed
            .filter(
                "scan_type IN ('dealer_out', 'store_in') AND k >= "
                    + caseScans
                    + " AND k < "
                    + (caseScans + palletScans))
            .withColumn(
                "code",
                functions.expr(
                    "concat('P', "
                        + palletFrom / PALLET_UNITS
                        + " + pmod(hash(scan_id, "
                        + seed
                        + "), "
                        + Math.max(1, (codes - palletFrom) / PALLET_UNITS)
                        + "))"));
    Dataset<Row> factoryOuts =
        indexed
            .filter("scan_type = 'factory_out' AND k < " + newCases)
            .withColumn(
                "code",
                functions.expr(
                    "concat('K', CAST(("
                        + newFrom
                        + " + k * "
                        + CASE_UNITS
                        + ") / "
                        + CASE_UNITS
                        + " AS BIGINT))"));
    return consumers
        .unionByName(caseRows.drop("k"))
        .unionByName(palletRows.drop("k"))
        .unionByName(factoryOuts.drop("k"));
  }

  private static Dataset<Row> regions(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int p = 11; p < 11 + PROVINCES; p++) {
      double lat = 20 + p / 2.0;
      double lon = 100 + p / 2.0;
      rows.add(RowFactory.create(p + "0000", "province " + p, "province", null, lat, lon));
      for (int c = 1; c <= CITIES; c++) {
        String city = String.format(Locale.ROOT, "%d%02d", p, c);
        rows.add(
            RowFactory.create(
                city + "00", "city " + city, "city", p + "0000", lat + c / 10.0, lon));
        for (int d = 1; d <= DISTRICTS; d++) {
          String district = String.format(Locale.ROOT, "%s%02d", city, d);
          rows.add(
              RowFactory.create(
                  district,
                  "district " + district,
                  "district",
                  city + "00",
                  lat + c / 10.0,
                  lon + d / 10.0));
        }
      }
    }
    return spark.createDataFrame(rows, Schemas.referenceStruct("reference/regions"));
  }

  /** The floor: the run date's scans as CSV, read and written as Parquet with no logic. */
  private static double floor(SparkSession spark, Warehouse wh, Path dir) {
    String csv = dir.resolve("floor-csv").toString();
    wh.read("silver/scans")
        .where("event_date = DATE'" + RUN_DATE + "'")
        .drop("dt", "source_file", "source_line", "run_id", "event_date")
        .write()
        .option("header", "true")
        .csv(csv);
    long t = System.nanoTime();
    spark
        .read()
        .option("header", "true")
        .schema(csvSchema())
        .csv(csv)
        .write()
        .parquet(dir.resolve("floor-parquet").toString());
    return seconds(t);
  }

  private static org.apache.spark.sql.types.StructType csvSchema() {
    org.apache.spark.sql.types.StructType s = Schemas.struct("silver/scans");
    List<org.apache.spark.sql.types.StructField> keep = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : s.fields()) {
      if (!List.of("dt", "source_file", "source_line", "run_id", "event_date").contains(f.name())) {
        keep.add(f);
      }
    }
    return new org.apache.spark.sql.types.StructType(
        keep.toArray(org.apache.spark.sql.types.StructField[]::new));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Polls the JVM heap used (all of Spark runs in this JVM in local mode). */
  private static final class HeapPoller {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-poller");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    long peak() {
      return peak.get();
    }
  }
}
