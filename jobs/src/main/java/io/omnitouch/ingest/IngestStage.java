package io.omnitouch.ingest;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.run.InputContractException;
import io.omnitouch.run.Parallel;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.storage.Warehouse;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The ingest stage of a run: the reference dimensions, then the event logs into bronze and their
 * bad rows into quarantine, one run_metrics row per source, the console summary, and the input
 * contract's verdict (files rejected whole, a source over the quarantine limit: {@link
 * InputContractException}).
 */
public final class IngestStage {
  private final Warehouse wh;
  private final OmnitouchConfig config;
  private final Map<String, String> env;
  private final PrintStream out;

  public IngestStage(
      Warehouse wh, OmnitouchConfig config, Map<String, String> env, PrintStream out) {
    this.wh = wh;
    this.config = config;
    this.env = env;
    this.out = out;
  }

  /**
   * The key buyer phones are keyed with; a missing key is bad input (exit 3), so the launcher calls
   * this before Spark starts and the stage again before anything is read.
   */
  public static String piiKey(OmnitouchConfig config, Map<String, String> env) {
    try {
      return config.piiKey(env);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Loads the dates' inputs; returns what each source did (references first, then the logs). */
  public List<BronzeIngest.Result> run(List<LocalDate> dates, String runId, RunMetrics metrics) {
    String key = piiKey(config, env);
    if (env.get(config.piiKeyEnv) == null || env.get(config.piiKeyEnv).isBlank()) {
      out.println("  warning: --dev: buyer phones are keyed with the published development key");
    }
    PhoneKeys phones = new PhoneKeys(key);
    InputFiles input =
        new InputFiles(
            config.input.toAbsolutePath().normalize().toString(),
            wh.spark().sparkContext().hadoopConfiguration());
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
    List<Callable<BronzeIngest.Result>> loads = new ArrayList<>();
    for (String source : SourceSpec.EVENT_SOURCES) {
      loads.add(
          () -> {
            Instant s0 = Instant.now();
            BronzeIngest.Result r = bronze.load(source, dates);
            record(metrics, runId, last, "ingest:" + source, s0, r);
            return r;
          });
    }
    results.addAll(Parallel.all(SourceSpec.EVENT_SOURCES.size(), loads));
    printSummary(results);
    check(results);
    return results;
  }

  /** Files rejected whole, or a source's quarantined share over the limit, fail the run. */
  private void check(List<BronzeIngest.Result> results) {
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
}
