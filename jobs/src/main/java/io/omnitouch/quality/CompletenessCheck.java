package io.omnitouch.quality;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.ingest.BronzeIngest;
import io.omnitouch.ingest.InputFiles;
import io.omnitouch.ingest.SourceSpec;
import io.omnitouch.run.InputContractException;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The I/O edge of {@link Completeness}, run right after ingest: counts the rows received per
 * source, file and dt (bronze + row-level quarantine, so the counts are what upstream sent), reads
 * the control files, finds silent stores, records one {@code run_metrics} row per source and date
 * (stage {@code completeness:<source>}), prints the warnings, and fails the run (exit 2) when a
 * shortfall is over the configured limit.
 */
public final class CompletenessCheck {
  public static final String CONTROL_FILE = "_control.csv";
  public static final String STAGE_PREFIX = "completeness:";

  /** Logs with a store_id: a store that stops appearing in them went silent. */
  static final List<String> STORE_SOURCES = List.of("orders", "guide_events", "scans");

  private final Warehouse wh;
  private final String inputRoot;
  private final Configuration hadoop;
  private final OmnitouchConfig config;
  private final PrintStream out;
  private final InputFiles input;

  public CompletenessCheck(
      Warehouse wh,
      String inputRoot,
      Configuration hadoop,
      OmnitouchConfig config,
      PrintStream out) {
    this.wh = wh;
    this.inputRoot =
        inputRoot.endsWith("/") ? inputRoot.substring(0, inputRoot.length() - 1) : inputRoot;
    this.hadoop = hadoop;
    this.config = config;
    this.out = out;
    this.input = new InputFiles(this.inputRoot, hadoop);
  }

  /** A completeness finding as run_metrics holds it. */
  public record Recorded(String source, String status, String message) {}

  /**
   * The findings other than ok of the latest run that checked {@code date} (its run_metrics rows of
   * stage {@code completeness:<source>}), by source: what the report and the alert show.
   */
  public static List<Recorded> notOk(Dataset<Row> runMetrics, LocalDate date) {
    Dataset<Row> checks =
        runMetrics
            .filter(functions.col("dt").equalTo(functions.lit(java.sql.Date.valueOf(date))))
            .filter(functions.col("stage").startsWith(STAGE_PREFIX));
    List<Row> latest = checks.agg(functions.max("finished_at")).collectAsList();
    if (latest.isEmpty() || latest.get(0).isNullAt(0)) {
      return List.of();
    }
    String run =
        checks
            .filter(functions.col("finished_at").equalTo(functions.lit(latest.get(0).get(0))))
            .select("run_id")
            .first()
            .getString(0);
    List<Recorded> out = new ArrayList<>();
    for (Row r :
        checks
            .filter(functions.col("run_id").equalTo(run))
            .filter(functions.col("status").notEqual(Completeness.OK))
            .orderBy("stage")
            .collectAsList()) {
      String stage = r.getAs("stage");
      out.add(
          new Recorded(
              stage.substring(STAGE_PREFIX.length()), r.getAs("status"), r.getAs("message")));
    }
    return out;
  }

  /** Checks every source for every date of the run; throws when a shortfall is over the limit. */
  public List<Completeness.Finding> run(List<LocalDate> dates, String runId, RunMetrics metrics) {
    List<Completeness.Finding> findings = new ArrayList<>();
    Calendar calendar = Calendar.load(wh);
    for (String source : SourceSpec.EVENT_SOURCES) {
      Instant t0 = Instant.now();
      Map<LocalDate, Map<String, Long>> received =
          receivedPerFile(source, withHistory(dates, calendar));
      Map<String, Set<LocalDate>> stores =
          STORE_SOURCES.contains(source) ? activeStores(source, dates) : Map.of();
      for (LocalDate d : dates) {
        List<Long> history = new ArrayList<>();
        for (LocalDate h : Completeness.baselineDates(d, calendar)) {
          Map<String, Long> week = received.get(h);
          history.add(week == null ? 0 : week.values().stream().mapToLong(Long::longValue).sum());
        }
        // A delivered file without data rows counts 0, which is not the same as missing.
        Map<String, Long> files = new TreeMap<>(received.getOrDefault(d, Map.of()));
        for (String f : input.eventFiles(source, List.of(d))) {
          files.putIfAbsent(f.substring(f.lastIndexOf('/') + 1), 0L);
        }
        Completeness.Finding f =
            Completeness.assess(
                source,
                d,
                calendar.day(d),
                files,
                history,
                control(source, d),
                Completeness.silentStores(stores, d),
                config.completenessWarnShortfall,
                config.completenessFailShortfall);
        findings.add(f);
        metrics.record(
            runId,
            d,
            new RunMetrics.StageResult(
                STAGE_PREFIX + source,
                t0,
                Instant.now(),
                f.received(),
                f.expected(),
                null,
                f.status(),
                f.message()));
        if (!f.status().equals(Completeness.OK)) {
          out.printf(
              Locale.ROOT,
              "  completeness %-14s %s %s: %s%n",
              source,
              d,
              f.status().toUpperCase(Locale.ROOT),
              f.message());
        }
      }
    }
    List<String> failed =
        findings.stream()
            .filter(f -> f.status().equals(Completeness.FAILED))
            .map(f -> f.source() + " " + f.dt() + ": " + f.message())
            .toList();
    if (!failed.isEmpty()) {
      throw new InputContractException(
          String.format(
              Locale.ROOT,
              "Incomplete input, over the --completeness-fail limit of a %.0f%% shortfall: %s. Check"
                  + " the delivery upstream and rerun the date; if the drop is real (a holiday),"
                  + " add the date to reference/calendar.csv or rerun with --completeness-fail"
                  + " 1.",
              config.completenessFailShortfall * 100,
              String.join(" | ", failed)));
    }
    return findings;
  }

  private static Set<LocalDate> withHistory(List<LocalDate> dates, Calendar calendar) {
    Set<LocalDate> all = new TreeSet<>(dates);
    for (LocalDate d : dates) {
      all.addAll(Completeness.baselineDates(d, calendar));
    }
    return all;
  }

  /** Rows received per dt and file name: loaded (bronze) plus rejected row by row (quarantine). */
  private Map<LocalDate, Map<String, Long>> receivedPerFile(String source, Set<LocalDate> dts) {
    Dataset<Row> loaded =
        wh.read(BronzeIngest.table(source))
            .filter(Warehouse.dateIn("dt", dts))
            .select(functions.col("dt"), functions.col("source_file").as("file"));
    Dataset<Row> rejected =
        wh.read(Warehouse.QUARANTINE)
            .filter(
                functions
                    .col("source")
                    .equalTo(source)
                    .and(functions.col("line").isNotNull())
                    .and(functions.expr(Warehouse.dateIn("dt", dts))))
            .select("dt", "file");
    Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
    for (Row r : loaded.unionByName(rejected).groupBy("dt", "file").count().collectAsList()) {
      String file = r.getString(1);
      out.computeIfAbsent(r.getDate(0).toLocalDate(), k -> new TreeMap<>())
          .merge(file.substring(file.lastIndexOf('/') + 1), r.getLong(2), Long::sum);
    }
    return out;
  }

  /** The dts on which each store sent rows, over the silent-store windows of the run's dates. */
  private Map<String, Set<LocalDate>> activeStores(String source, List<LocalDate> dates) {
    Set<LocalDate> window = new TreeSet<>();
    for (LocalDate d : dates) {
      for (int i = 0; i <= Completeness.SILENT_WINDOW_DAYS; i++) {
        window.add(d.minusDays(i));
      }
    }
    Map<String, Set<LocalDate>> out = new HashMap<>();
    wh.read(BronzeIngest.table(source))
        .filter(Warehouse.dateIn("dt", window))
        .filter(functions.col("store_id").isNotNull())
        .select("store_id", "dt")
        .distinct()
        .collectAsList()
        .forEach(
            r ->
                out.computeIfAbsent(r.getString(0), k -> new TreeSet<>())
                    .add(r.getDate(1).toLocalDate()));
    return out;
  }

  /** The control file of a source and dt, or null when upstream sent none. */
  List<Completeness.ControlLine> control(String source, LocalDate dt) {
    Path p = new Path(inputRoot + "/" + source + "/dt=" + dt + "/" + CONTROL_FILE);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        return null;
      }
      List<Completeness.ControlLine> lines = new ArrayList<>();
      try (Reader r = new InputStreamReader(fs.open(p), StandardCharsets.UTF_8)) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        for (CSVRecord rec : format.parse(r)) {
          lines.add(
              new Completeness.ControlLine(
                  rec.get("file").strip(), Long.parseLong(rec.get("rows").strip())));
        }
      }
      return lines;
    } catch (IOException | IllegalArgumentException e) {
      throw new InputContractException(
          "Unreadable control file "
              + p
              + " (want a header `file,rows` and one line per data file): "
              + e.getMessage(),
          e);
    }
  }
}
