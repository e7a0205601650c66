package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.ingest.IngestStage;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.report.ExecutiveReport;
import io.omnitouch.spark.SparkSessions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code omnitouch run --date D}: the nightly run of one business date. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the nightly pipeline for one business date (Asia/Shanghai).")
public final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--date", required = true, description = "Business date, yyyy-MM-dd")
  LocalDate date;

  @Option(
      names = "--stages",
      split = ",",
      description =
          "Stages to run (default all): ingest, silver, marts or a mart group, export, report")
  List<String> stages;

  @Option(
      names = "--run-id",
      description = "Run id shared by the tasks of one scheduled run (default: generated)")
  String runId;

  @Override
  public Integer call() {
    return execute(common, date, date, stages, runId, "omnitouch-run");
  }

  static Integer execute(
      CommonOptions common,
      LocalDate from,
      LocalDate to,
      List<String> stages,
      String runId,
      String app) {
    OmnitouchConfig config = common.config();
    var selected = NightlyRun.stages(stages);
    String id = runId != null ? runId : RunIds.generate(from, to);
    // Fail before Spark starts when the PII key is missing and ingest would need it.
    if (selected.contains(NightlyRun.INGEST)) {
      IngestStage.piiKey(config, System.getenv());
    }
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.create(config, app);
    try {
      // Every nightly run launched from this CLI (run, backfill) writes the report of its dates.
      new NightlyRun(spark, config, System.getenv(), System.out, ExecutiveReport::nightly)
          .run(from, to, id, selected);
    } finally {
      spark.stop();
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "omnitouch: run %s done in %.1f s%n",
        id,
        (System.nanoTime() - t0) / 1e9);
    return ExitCodes.OK;
  }
}
