package io.omnitouch.pipeline;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.ingest.BronzeIngest;
import io.omnitouch.ingest.InputFiles;
import io.omnitouch.ingest.PhoneKeys;
import io.omnitouch.ingest.ReferenceIngest;
import io.omnitouch.ingest.SourceSpec;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.run.InputContractException;
import io.omnitouch.run.RunContext;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.silver.SilverBuild;
import io.omnitouch.storage.Warehouse;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * A run over one date (nightly) or a range (backfill), in one Spark application: ingest (bronze,
 * quarantine, dimensions), silver, the gold mart groups, export, report. Stages can be run
 * separately (the Airflow tasks) with a shared run id; every stage is idempotent.
 */
public final class NightlyRun {
  public static final String INGEST = "ingest";
  public static final String SILVER = "silver";
  public static final String MARTS = "marts";
  public static final String EXPORT = "export";

  /** The run_metrics stage that records the thresholds in force. */
  public static final String CONFIG = "config";

  public static final String REPORT = "report";

  /** Hook for the report stage (set by the report module; null until it exists). */
  public interface ReportStage {
    void write(SparkSession spark, OmnitouchConfig config, LocalDate date);
  }

  private static ReportStage reportStage;

  public static void registerReport(ReportStage stage) {
    reportStage = stage;
  }

  private final SparkSession spark;
  private final OmnitouchConfig config;
  private final Warehouse wh;
  private final Map<String, String> env;
  private final PrintStream out;

  public NightlyRun(
      SparkSession spark, OmnitouchConfig config, Map<String, String> env, PrintStream out) {
    this.spark = spark;
    this.config = config;
    this.wh = new Warehouse(spark, config.warehouse.toAbsolutePath().normalize().toString());
    this.env = env;
    this.out = out;
  }

  /** Every stage name in run order; {@code marts} stands for all mart groups. */
  public static List<String> allStages() {
    List<String> s = new ArrayList<>(List.of(INGEST, SILVER));
    s.addAll(MartCatalog.groups());
    s.addAll(List.of(EXPORT, REPORT));
    return s;
  }

  /** Expands and checks a --stages list. */
  public static Set<String> stages(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return new LinkedHashSet<>(allStages());
    }
    Set<String> out = new LinkedHashSet<>();
    for (String r : requested) {
      if (r.equals(MARTS)) {
        out.addAll(MartCatalog.groups());
      } else if (allStages().contains(r)) {
        out.add(r);
      } else {
        throw new IllegalArgumentException(
            "Unknown stage '" + r + "'; stages are " + allStages() + " or " + MARTS);
      }
    }
    return out;
  }

  /** Runs {@code stages} for the dates {@code from..to} under run id {@code runId}. */
  public void run(LocalDate from, LocalDate to, String runId, Set<String> stages) {
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      dates.add(d);
    }
    RunMetrics metrics = new RunMetrics(wh);
    try (RunLock lock =
        RunLock.acquire(
            wh.root(),
            spark.sparkContext().hadoopConfiguration(),
            runId,
            dates,
            config.lockStale,
            out)) {
      out.printf(Locale.ROOT, "omnitouch run %s: %s..%s stages %s%n", runId, from, to, stages);
      // The thresholds in force, so any figure of this run traces back to the rules behind it.
      Instant configured = Instant.now();
      metrics.record(
          runId,
          to,
          new RunMetrics.StageResult(
              CONFIG, configured, configured, null, null, null, "ok", config.thresholdsMessage()));
      if (stages.contains(INGEST)) {
        try {
          ingest(dates, runId, metrics);
          // Completeness: volumes, silent stores, control files (warns; exit 2 over the limit).
          new io.omnitouch.quality.CompletenessCheck(
                  wh,
                  config.input.toAbsolutePath().normalize().toString(),
                  spark.sparkContext().hadoopConfiguration(),
                  config,
                  out)
              .run(dates, runId, metrics);
        } finally {
          metrics.flush();
        }
      }
      SilverBuild silver = new SilverBuild(wh);
      Map<String, TreeSet<LocalDate>> affected = silver.affectedDates(dates);
      if (stages.contains(SILVER)) {
        Instant t0 = Instant.now();
        Map<String, Long> written = silver.run(dates, affected);
        for (Map.Entry<String, Long> e : written.entrySet()) {
          out.printf(Locale.ROOT, "  silver %-22s %,12d rows written%n", e.getKey(), e.getValue());
        }
        metrics.record(
            runId,
            to,
            new RunMetrics.StageResult(
                SILVER,
                t0,
                Instant.now(),
                null,
                written.values().stream().mapToLong(Long::longValue).sum(),
                null,
                "ok",
                "event dates restated: " + datesOf(affected)));
        metrics.flush();
      }
      LocalDate restateFrom = restateFrom(from, to, affected);
      List<MartJob> jobs =
          MartCatalog.all().stream().filter(j -> stages.contains(j.group())).toList();
      if (!jobs.isEmpty()) {
        try {
          buildMarts(jobs, dates, restateFrom, runId, metrics);
        } finally {
          metrics.flush();
        }
      }
      if (stages.contains(EXPORT)) {
        try {
          export(dates, restateFrom, runId, metrics);
        } finally {
          metrics.flush();
        }
      }
      if (stages.contains(REPORT) && reportStage != null) {
        // The morning report of the run's date; a backfill reports its last date only (older
        // dates: `omnitouch report --date D`).
        reportStage.write(spark, config, to);
      }
      metrics.flush(); // the config row when no stage above flushed
    }
  }

  private void buildMarts(
      List<MartJob> jobs,
      List<LocalDate> dates,
      LocalDate restateFrom,
      String runId,
      RunMetrics metrics) {
    LocalDate to = dates.get(dates.size() - 1);
    // Range-capable marts restate the whole range at once; as-of marts estimate as of `to`.
    MartRunner whole = new MartRunner(context(runId, to, restateFrom), metrics);
    MartRunner asOf = new MartRunner(context(runId, to, to), metrics);
    for (MartJob job : jobs) {
      if (job.asOfRunDate()) {
        long n = asOf.build(job);
        out.printf(Locale.ROOT, "  mart   %-22s %,12d rows (as of %s)%n", job.name(), n, to);
      } else {
        long n = whole.build(job);
        out.printf(
            Locale.ROOT,
            "  mart   %-22s %,12d rows (%s..%s)%n",
            job.name(),
            n,
            whole.from(job),
            to);
      }
    }
  }

  private void export(
      List<LocalDate> dates, LocalDate restateFrom, String runId, RunMetrics metrics) {
    LocalDate to = dates.get(dates.size() - 1);
    List<MartJob> all = MartCatalog.all();
    new MartRunner(context(runId, to, restateFrom), metrics)
        .export(all.stream().filter(j -> !j.asOfRunDate()).toList());
    new MartRunner(context(runId, to, to), metrics)
        .export(all.stream().filter(MartJob::asOfRunDate).toList());
  }

  private RunContext context(String runId, LocalDate runDate, LocalDate restateFrom) {
    return new RunContext(
        runId, runDate, restateFrom.isAfter(runDate) ? runDate : restateFrom, config, wh);
  }

  /**
   * The earliest date the marts restate: the first date of the run, or an earlier event date that
   * late events touched, but never more than the late horizon before the first date.
   */
  LocalDate restateFrom(LocalDate from, LocalDate to, Map<String, TreeSet<LocalDate>> affected) {
    LocalDate horizon = from.minusDays(config.lateHorizonDays);
    LocalDate earliest = from;
    for (TreeSet<LocalDate> ds : affected.values()) {
      for (LocalDate d : ds) {
        if (d.isBefore(earliest) && !d.isBefore(horizon)) {
          earliest = d;
        }
      }
    }
    List<LocalDate> tooLate = new ArrayList<>();
    affected
        .values()
        .forEach(ds -> ds.stream().filter(d -> d.isBefore(horizon)).forEach(tooLate::add));
    if (!tooLate.isEmpty()) {
      out.println(
          "  warning: late events older than the "
              + config.lateHorizonDays
              + "-day horizon were loaded but their marts are not restated: "
              + new TreeSet<>(tooLate)
              + " (run `omnitouch backfill` over them)");
    }
    return earliest;
  }

  private void ingest(List<LocalDate> dates, String runId, RunMetrics metrics) {
    String key;
    try {
      key = config.piiKey(env);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    if (env.get(config.piiKeyEnv) == null || env.get(config.piiKeyEnv).isBlank()) {
      out.println("  warning: --dev: buyer phones are keyed with the published development key");
    }
    PhoneKeys phones = new PhoneKeys(key);
    InputFiles input =
        new InputFiles(
            config.input.toAbsolutePath().normalize().toString(),
            spark.sparkContext().hadoopConfiguration());
    // Fail fast, before anything is written, when upstream has not delivered a partition.
    SourceSpec.EVENT_SOURCES.forEach(source -> input.eventFiles(source, dates));
    LocalDate last = dates.get(dates.size() - 1);
    List<BronzeIngest.Result> results = new ArrayList<>();
    Instant t0 = Instant.now();
    ReferenceIngest refs = new ReferenceIngest(wh, input, config.timezone, phones, runId);
    for (BronzeIngest.Result r : refs.loadAll(last)) {
      results.add(r);
      record(metrics, runId, last, "ingest:reference:" + r.source(), t0, r);
    }
    BronzeIngest bronze = new BronzeIngest(wh, input, config.timezone, phones, runId);
    // The logs load in parallel: separate tables and quarantine partitions, and Delta's commit
    // latency dominates on small days.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(SourceSpec.EVENT_SOURCES.size());
    try {
      List<java.util.concurrent.Future<BronzeIngest.Result>> loads = new ArrayList<>();
      for (String source : SourceSpec.EVENT_SOURCES) {
        loads.add(
            pool.submit(
                () -> {
                  Instant s0 = Instant.now();
                  BronzeIngest.Result r = bronze.load(source, dates);
                  record(metrics, runId, last, "ingest:" + source, s0, r);
                  return r;
                }));
      }
      for (java.util.concurrent.Future<BronzeIngest.Result> f : loads) {
        results.add(await(f));
      }
    } finally {
      pool.shutdownNow();
    }
    printSummary(results);
    List<String> fileErrors = new ArrayList<>();
    results.forEach(r -> fileErrors.addAll(r.fileErrors()));
    if (!fileErrors.isEmpty()) {
      throw new InputContractException(
          "Input files rejected whole (rows of other files are loaded, see quarantine): "
              + String.join("; ", fileErrors));
    }
    for (BronzeIngest.Result r : results) {
      double share = r.rowsIn() == 0 ? 0 : (double) r.rowsRejected() / r.rowsIn();
      if (share > config.quarantineLimit) {
        throw new InputContractException(
            String.format(
                Locale.ROOT,
                "Source %s: %.2f%% of rows quarantined (%d of %d), over the limit of %.2f%%; see"
                    + " `omnitouch sql \"SELECT * FROM quarantine WHERE source = '%s'\"`",
                r.source(),
                share * 100,
                r.rowsRejected(),
                r.rowsIn(),
                config.quarantineLimit * 100,
                r.source()));
      }
    }
  }

  /** The result of a parallel task, with its own exception (not a wrapper) when it failed. */
  public static <T> T await(java.util.concurrent.Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void record(
      RunMetrics metrics,
      String runId,
      LocalDate dt,
      String stage,
      Instant t0,
      BronzeIngest.Result r) {
    String msg =
        r.unknownColumns().isEmpty() ? null : "unknown columns ignored: " + r.unknownColumns();
    if (!r.fileErrors().isEmpty()) {
      msg = "files rejected: " + r.fileErrors() + (msg == null ? "" : "; " + msg);
    }
    metrics.record(
        runId,
        dt,
        new RunMetrics.StageResult(
            stage,
            t0,
            Instant.now(),
            r.rowsIn(),
            r.rowsLoaded(),
            r.rowsRejected(),
            r.fileErrors().isEmpty() ? "ok" : "failed",
            msg));
  }

  private void printSummary(List<BronzeIngest.Result> results) {
    out.printf(Locale.ROOT, "  %-22s %12s %12s %12s%n", "source", "rows in", "loaded", "rejected");
    for (BronzeIngest.Result r : results) {
      out.printf(
          Locale.ROOT,
          "  %-22s %,12d %,12d %,12d%n",
          r.source(),
          r.rowsIn(),
          r.rowsLoaded(),
          r.rowsRejected());
      r.unknownColumns().forEach(u -> out.println("    unknown column ignored: " + u));
      r.fileErrors().forEach(u -> out.println("    FILE REJECTED: " + u));
    }
  }

  private static String datesOf(Map<String, TreeSet<LocalDate>> affected) {
    TreeSet<LocalDate> all = new TreeSet<>();
    affected.values().forEach(all::addAll);
    return all.isEmpty() ? "none" : all.first() + ".." + all.last() + " (" + all.size() + " dates)";
  }
}
