package io.omnitouch.bench;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.ingest.InputFiles;
import io.omnitouch.ingest.SourceSpec;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.report.ExecutiveReport;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The whole-night benchmark: over {@code days} generated days, days 1 .. a−1 load as one backfill
 * (not timed), night a (day 31 of the default 60) runs as a real nightly run and is timed, days a+1
 * .. N−1 load as a second backfill, and night N is timed. Each night prints its stages (ingest,
 * silver, each mart group, export, report) from the run's own {@code run_metrics} rows, the peak
 * heap and the process's peak RSS; the floor is Spark's CSV → Parquet of night N's files (as {@code
 * bench ingest}). The last two lines are {@code nightly/floor} and {@code night N / night a}.
 */
public final class NightlyBench {
  /** The night timed first: day 31, the first one with a full 30-day history behind it. */
  static final int FIRST_TIMED_NIGHT = 31;

  private static final String REPORT = "report";
  private static final String MART_PREFIX = "mart:";
  private static final String OTHER = "other (locks, metrics, checks)";

  private NightlyBench() {}

  /** What one timed night took: stage name → seconds, in run order, and its memory peaks. */
  record Night(
      LocalDate date,
      double seconds,
      Map<String, Double> stages,
      Map<String, Double> marts,
      long peakHeap) {}

  /** The 1-based index of the first timed night for a run of {@code days} days. */
  static int firstTimedNight(int days) {
    if (days < 3) {
      throw new IllegalArgumentException("--days must be at least 3, got " + days);
    }
    return Math.min(FIRST_TIMED_NIGHT, days / 2 + 1);
  }

  /**
   * Runs the benchmark over the generated input {@code config.input} whose first day is {@code
   * dayOne}; the warehouse lives under {@code scratch}.
   */
  public static void run(
      OmnitouchConfig config,
      LocalDate dayOne,
      int days,
      Path scratch,
      Path duckdbJar,
      PrintStream out) {
    int a = firstTimedNight(days);
    LocalDate nightA = dayOne.plusDays(a - 1L);
    LocalDate nightN = dayOne.plusDays(days - 1L);
    OmnitouchConfig benchConfig =
        config.toBuilder().warehouse(scratch.resolve("warehouse")).dev(true).build();
    SparkSession spark = SparkSessions.create(benchConfig, "omnitouch-bench-nightly");
    try {
      InputFiles input =
          new InputFiles(config.input.toAbsolutePath().normalize().toString(), new Configuration());
      backfill(spark, benchConfig, dayOne, nightA.minusDays(1), out);
      Night first = night(spark, benchConfig, nightA, out);
      peer(input, config, benchConfig, dayOne, first, scratch, duckdbJar, out);
      if (nightN.minusDays(1).isAfter(nightA)) {
        backfill(spark, benchConfig, nightA.plusDays(1), nightN.minusDays(1), out);
      }
      Night last = night(spark, benchConfig, nightN, out);
      long rows = IngestBench.logRows(spark, input, nightN);
      IngestBench.Figures floor = IngestBench.floor(spark, input, nightN, scratch.resolve("floor"));
      out.printf(
          Locale.ROOT,
          "floor (CSV -> Parquet of %s, %,d log rows): %.1f s%n",
          nightN,
          rows,
          floor.seconds());
      out.printf(Locale.ROOT, "process peak RSS: %,d MB%n", PeakMemory.peakRssBytes() >> 20);
      out.printf(
          Locale.ROOT,
          "nightly/floor: %.2fx (night %d %.1f s / floor %.1f s)%n",
          last.seconds() / floor.seconds(),
          days,
          last.seconds(),
          floor.seconds());
      out.printf(
          Locale.ROOT,
          "night %d / night %d: %.2fx (%.1f s / %.1f s)%n",
          days,
          a,
          last.seconds() / first.seconds(),
          last.seconds(),
          first.seconds());
    } finally {
      spark.stop();
    }
  }

  /**
   * The DuckDB peer on night a's day: the three marts from every file delivered up to that day,
   * against the Spark night (its whole time, and its ingest + silver + the three marts' own).
   */
  private static void peer(
      InputFiles input,
      OmnitouchConfig config,
      OmnitouchConfig benchConfig,
      LocalDate dayOne,
      Night night,
      Path scratch,
      Path duckdbJar,
      PrintStream out) {
    Optional<Path> jar = DuckDbPeer.driverJar(duckdbJar);
    if (jar.isEmpty()) {
      out.println("duckdb peer skipped: no DuckDB JDBC jar (give --duckdb-jar)");
      return;
    }
    List<LocalDate> delivered = new ArrayList<>();
    for (LocalDate d = dayOne; !d.isAfter(night.date()); d = d.plusDays(1)) {
      delivered.add(d);
    }
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (String source : SourceSpec.EVENT_SOURCES) {
      files.put(source, input.eventFiles(source, delivered));
    }
    try {
      DuckDbPeer.Outcome o =
          DuckDbPeer.run(
              jar.get(),
              files,
              config.input.toAbsolutePath().normalize().resolve("reference"),
              benchConfig.warehouse.toAbsolutePath().normalize().resolve(Exports.FOLDER),
              night.date(),
              scratch,
              out);
      double sparkMarts =
          night.stages().getOrDefault("ingest", 0.0)
              + night.stages().getOrDefault("silver", 0.0)
              + java.util.Arrays.stream(DuckDbPeer.MARTS)
                  .mapToDouble(m -> night.marts().getOrDefault(m, 0.0))
                  .sum();
      out.printf(
          Locale.ROOT,
          "duckdb peer, %s from %d days of files (%s): %.1f s; spark night %.1f s (ingest +"
              + " silver + these marts %.1f s)%n",
          night.date(),
          delivered.size(),
          String.join(", ", DuckDbPeer.MARTS),
          o.seconds(),
          night.seconds(),
          sparkMarts);
      DuckDbPeer.print(out, o);
    } catch (java.sql.SQLException e) {
      out.println("duckdb peer failed: " + e.getMessage());
    }
  }

  private static void backfill(
      SparkSession spark, OmnitouchConfig config, LocalDate from, LocalDate to, PrintStream out) {
    out.printf(Locale.ROOT, "history: backfill %s..%s (not timed)%n", from, to);
    long t0 = System.nanoTime();
    new NightlyRun(spark, config, Map.of(), quiet(), NightlyRun.ReportStage.NONE)
        .run(from, to, "bench-backfill-" + from, NightlyRun.stages(List.of()));
    out.printf(Locale.ROOT, "  took %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static Night night(
      SparkSession spark, OmnitouchConfig config, LocalDate date, PrintStream out) {
    String runId = "bench-night-" + date;
    Night n;
    try (PeakMemory mem = new PeakMemory()) {
      Instant start = Instant.now();
      new NightlyRun(spark, config, Map.of(), quiet(), ExecutiveReport::nightly)
          .run(date, date, runId, NightlyRun.stages(List.of()));
      Instant end = Instant.now();
      Warehouse wh = new Warehouse(spark, config.warehouse);
      List<Row> rows =
          wh.read(RunMetrics.TABLE)
              .filter(functions.col("run_id").equalTo(runId))
              .select("stage", "started_at", "finished_at")
              .collectAsList();
      List<StageSpan> spans = new ArrayList<>();
      for (Row r : rows) {
        spans.add(
            new StageSpan(
                r.getString(0), r.getTimestamp(1).toInstant(), r.getTimestamp(2).toInstant()));
      }
      Map<String, Double> marts = new LinkedHashMap<>();
      for (StageSpan s : spans) {
        if (s.stage().startsWith(MART_PREFIX)) {
          marts.put(s.stage().substring(MART_PREFIX.length()), seconds(s.started(), s.finished()));
        }
      }
      n =
          new Night(
              date,
              seconds(start, end),
              stageSeconds(spans, start, end),
              marts,
              mem.peakHeapBytes());
    }
    out.printf(Locale.ROOT, "night %s: %.1f s%n", date, n.seconds());
    n.stages().forEach((s, secs) -> out.printf(Locale.ROOT, "  %-32s %8.1f s%n", s, secs));
    out.printf(
        Locale.ROOT,
        "  peak heap %,d MB, process peak RSS so far %,d MB%n",
        n.peakHeap() >> 20,
        PeakMemory.peakRssBytes() >> 20);
    return n;
  }

  /** One run_metrics row: a stage ({@code ingest:scans}, {@code mart:sales_daily}, ...). */
  record StageSpan(String stage, Instant started, Instant finished) {}

  /**
   * Stage wall times of one run from its run_metrics rows: each stage group (ingest, completeness,
   * silver, one per mart group, export) spans its first start to its last finish; the report is
   * what follows the last recorded stage; what the spans leave uncovered is {@code other}.
   */
  static Map<String, Double> stageSeconds(List<StageSpan> spans, Instant start, Instant end) {
    Map<String, Instant[]> groups = new LinkedHashMap<>();
    spans.stream()
        .sorted(java.util.Comparator.comparing(StageSpan::started))
        .forEach(
            s -> {
              Instant[] span =
                  groups.computeIfAbsent(
                      groupOf(s.stage()), k -> new Instant[] {s.started(), s.finished()});
              if (s.started().isBefore(span[0])) span[0] = s.started();
              if (s.finished().isAfter(span[1])) span[1] = s.finished();
            });
    Map<String, Double> out = new LinkedHashMap<>();
    Instant lastFinish = start;
    double covered = 0;
    for (Map.Entry<String, Instant[]> g : groups.entrySet()) {
      double secs = seconds(g.getValue()[0], g.getValue()[1]);
      out.put(g.getKey(), secs);
      covered += secs;
      if (g.getValue()[1].isAfter(lastFinish)) lastFinish = g.getValue()[1];
    }
    double report = seconds(lastFinish, end);
    out.put(REPORT, report);
    out.put(OTHER, Math.max(0, seconds(start, end) - covered - report));
    return out;
  }

  /** {@code ingest:scans} → ingest; {@code mart:sales_daily} → its group; else the prefix. */
  static String groupOf(String stage) {
    int colon = stage.indexOf(':');
    String prefix = colon < 0 ? stage : stage.substring(0, colon);
    if (prefix.equals("mart")) {
      String name = stage.substring(colon + 1);
      Optional<MartJob> job = MartCatalog.byName(name);
      return "marts:" + job.map(MartJob::group).orElse(name);
    }
    return prefix;
  }

  private static double seconds(Instant a, Instant b) {
    return java.time.Duration.between(a, b).toNanos() / 1e9;
  }

  private static PrintStream quiet() {
    return new PrintStream(PrintStream.nullOutputStream());
  }
}
