package io.omnitouch.pipeline;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.ingest.IngestStage;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.quality.CompletenessCheck;
import io.omnitouch.run.RunContext;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.silver.SilverBuild;
import io.omnitouch.storage.Warehouse;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

  /**
   * The report stage, given to the orchestrator by whoever starts the run (the CLI passes the
   * executive report); a run that wants none says so with {@link #NONE}.
   */
  @FunctionalInterface
  public interface ReportStage {
    /** Writes nothing: for runs (tests, benchmarks) that do not want a report. */
    ReportStage NONE = (spark, config, date) -> {};

    void write(SparkSession spark, OmnitouchConfig config, LocalDate date);
  }

  private final SparkSession spark;
  private final OmnitouchConfig config;
  private final Warehouse wh;
  private final Map<String, String> env;
  private final PrintStream out;
  private final ReportStage report;

  public NightlyRun(
      SparkSession spark,
      OmnitouchConfig config,
      Map<String, String> env,
      PrintStream out,
      ReportStage report) {
    this.spark = spark;
    this.config = config;
    this.wh = new Warehouse(spark, config.warehouse.toAbsolutePath().normalize().toString());
    this.env = env;
    this.out = out;
    this.report = java.util.Objects.requireNonNull(report, "report stage (or ReportStage.NONE)");
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
          new IngestStage(wh, config, env, out).run(dates, runId, metrics);
          // Completeness: volumes, silent stores, control files (warns; exit 2 over the limit).
          new CompletenessCheck(
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
      SilverBuild silver = new SilverBuild(wh, config.lateHorizonDays);
      Map<String, TreeSet<LocalDate>> affected = silver.affectedDates(dates);
      LocalDate restateFrom = restateFrom(from, affected);
      if (stages.contains(SILVER)) {
        Instant t0 = Instant.now();
        Map<String, Long> written = new LinkedHashMap<>(silver.run(dates, affected));
        // The per-code state of the diversion and fraud marts, over the dates they restate: a run
        // of those groups alone (the Airflow tasks) reads what this stage folded.
        written.putAll(silver.codeState(restateFrom, to));
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
      warnTooLate(from, affected);
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
          // A run that builds mart groups publishes those; `--stages export` alone (the Airflow
          // task after every group) publishes every mart.
          export(jobs.isEmpty() ? MartCatalog.all() : jobs, dates, restateFrom, runId, metrics);
        } finally {
          metrics.flush();
        }
      }
      if (stages.contains(REPORT)) {
        // The morning report of the run's date; a backfill reports its last date only (older
        // dates: `omnitouch report --date D`).
        report.write(spark, config, to);
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
      List<MartJob> all,
      List<LocalDate> dates,
      LocalDate restateFrom,
      String runId,
      RunMetrics metrics) {
    LocalDate to = dates.get(dates.size() - 1);
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
  LocalDate restateFrom(LocalDate from, Map<String, TreeSet<LocalDate>> affected) {
    LocalDate horizon = from.minusDays(config.lateHorizonDays);
    LocalDate earliest = from;
    for (TreeSet<LocalDate> ds : affected.values()) {
      for (LocalDate d : ds) {
        if (d.isBefore(earliest) && !d.isBefore(horizon)) {
          earliest = d;
        }
      }
    }
    return earliest;
  }

  /** Says which late event dates are beyond the horizon, so their marts are not restated. */
  private void warnTooLate(LocalDate from, Map<String, TreeSet<LocalDate>> affected) {
    LocalDate horizon = from.minusDays(config.lateHorizonDays);
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
  }

  private static String datesOf(Map<String, TreeSet<LocalDate>> affected) {
    TreeSet<LocalDate> all = new TreeSet<>();
    affected.values().forEach(all::addAll);
    return all.isEmpty() ? "none" : all.first() + ".." + all.last() + " (" + all.size() + " dates)";
  }
}
