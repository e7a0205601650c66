package io.omnitouch.marts;

import io.omnitouch.run.RunContext;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Builds, writes and exports gold marts for a run: all I/O of the gold layer is here. */
public final class MartRunner {
  private final RunContext ctx;
  private final RunMetrics metrics;

  private final boolean flushEachMart;

  /** A runner whose run_metrics rows the caller flushes (once per stage). */
  public MartRunner(RunContext ctx, RunMetrics metrics) {
    this.ctx = ctx;
    this.metrics = metrics;
    this.flushEachMart = false;
  }

  /** A standalone runner: each mart's run_metrics row is written with the mart. */
  public MartRunner(RunContext ctx) {
    this.ctx = ctx;
    this.metrics = new RunMetrics(ctx.warehouse());
    this.flushEachMart = true;
  }

  public LocalDate from(MartJob job) {
    if (job.asOfRunDate()) {
      return ctx.runDate();
    }
    return ctx.restateFromAtLeast(job.restatedDays());
  }

  /** Computes and writes one mart in a single Delta commit; returns the rows written. */
  public long build(MartJob job) {
    Instant started = Instant.now();
    String table = "gold/" + job.name();
    LocalDate from = from(job);
    Dataset<Row> rows =
        Schemas.conform(job.compute(ctx, from, ctx.runDate()), "marts/" + job.name());
    Warehouse wh = ctx.warehouse();
    if (job.dateColumn() == null) {
      wh.overwrite(table, rows);
    } else {
      wh.replaceDates(table, rows, job.dateColumn(), from, ctx.runDate());
    }
    long written = ctx.warehouse().lastCommitRows(table);
    metrics.record(
        ctx.runId(),
        ctx.runDate(),
        new RunMetrics.StageResult(
            "mart:" + job.name(),
            started,
            Instant.now(),
            null,
            written,
            null,
            "ok",
            job.dateColumn() == null
                ? "replaced whole"
                : "restated " + from + ".." + ctx.runDate()));
    return written;
  }

  /** Publishes the restated part of each mart as plain Parquet. */
  public void export(Collection<MartJob> jobs) {
    Exports exports = new Exports(ctx.warehouse());
    for (MartJob job : jobs) {
      Instant started = Instant.now();
      Dataset<Row> rows = ctx.warehouse().read("gold/" + job.name());
      if (job.dateColumn() == null) {
        exports.publishWhole(job.name(), rows);
      } else {
        exports.publishDates(job.name(), rows, job.dateColumn(), from(job), ctx.runDate());
      }
      metrics.record(
          ctx.runId(),
          ctx.runDate(),
          new RunMetrics.StageResult(
              "export:" + job.name(), started, Instant.now(), null, null, null, "ok", null));
    }
  }
}
