package io.omnitouch.lifecycle;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * {@code omnitouch maintain}: for every Delta table of the warehouse, OPTIMIZE (bin-packing the
 * small files that nightly restatements leave into few large ones) then VACUUM (deleting files that
 * no version of the last {@code retentionHours} hours references: replaced data, files of crashed
 * writes, and the old copies of rows that {@code omnitouch forget} rewrote); then the leftovers of
 * crashed export swaps older than the retention.
 *
 * <p>Safe while readers run: OPTIMIZE commits a new version with the same rows ({@code
 * dataChange=false}), and VACUUM only deletes files that no version younger than the retention
 * needs, so a query that started less than {@code retentionHours} ago keeps its files. A table
 * whose OPTIMIZE collides with a concurrent writer is skipped with a warning (the writer wins; it
 * is compacted next time).
 */
public final class Maintenance {
  /** Delta's own floor: {@code delta.deletedFileRetentionDuration} defaults to 7 days. */
  public static final int DELTA_DEFAULT_RETENTION_HOURS = 168;

  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * VACUUM spreads its file listing over this many tasks (Spark's default, 10000, costs about a
   * minute per small table on two cores); a few tasks per core list any of our tables quickly.
   */
  private static final String LISTING_PARALLELISM =
      "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private static final int LISTING_TASKS_PER_CORE = 4;

  public record TableResult(
      String table,
      long filesBefore,
      long filesAfter,
      long bytesBefore,
      long bytesAfter,
      String status,
      String message) {}

  private final Warehouse wh;
  private final WarehouseTables tables;
  private final PrintStream out;

  public Maintenance(Warehouse wh, PrintStream out) {
    this.wh = wh;
    this.tables = new WarehouseTables(wh);
    this.out = out;
  }

  public List<TableResult> run(int retentionHours, String runId, LocalDate dt, RunMetrics metrics) {
    checkRetention(retentionHours);
    var conf = wh.spark().conf();
    scala.Option<String> listing = conf.getOption(LISTING_PARALLELISM);
    conf.set(
        LISTING_PARALLELISM,
        String.valueOf(
            Math.max(1, wh.spark().sparkContext().defaultParallelism() * LISTING_TASKS_PER_CORE)));
    try {
      return maintainAll(retentionHours, runId, dt, metrics);
    } finally {
      if (listing.isDefined()) {
        conf.set(LISTING_PARALLELISM, listing.get());
      } else {
        conf.unset(LISTING_PARALLELISM);
      }
    }
  }

  private List<TableResult> maintainAll(
      int retentionHours, String runId, LocalDate dt, RunMetrics metrics) {
    List<TableResult> results = new ArrayList<>();
    out.printf(
        Locale.ROOT,
        "omnitouch maintain %s: OPTIMIZE + VACUUM (retention %d h) of %s%n",
        runId,
        retentionHours,
        wh.root());
    out.printf(
        Locale.ROOT,
        "  %-32s %8s %8s %12s %12s  %s%n",
        "table",
        "files",
        "after",
        "bytes",
        "after",
        "status");
    for (String table : tables.deltaTables()) {
      Instant t0 = Instant.now();
      TableResult r = maintain(table, retentionHours);
      results.add(r);
      out.printf(
          Locale.ROOT,
          "  %-32s %8d %8d %12d %12d  %s%n",
          r.table(),
          r.filesBefore(),
          r.filesAfter(),
          r.bytesBefore(),
          r.bytesAfter(),
          r.status() + (r.message() == null ? "" : ": " + r.message()));
      metrics.record(
          runId,
          dt,
          new RunMetrics.StageResult(
              "maintain:" + table,
              t0,
              Instant.now(),
              r.filesBefore(),
              r.filesAfter(),
              null,
              r.status(),
              r.message()));
    }
    Instant t0 = Instant.now();
    int removed = removeExportLeftovers(Duration.ofHours(retentionHours));
    out.printf(Locale.ROOT, "  exports: %d leftover folder(s) of crashed swaps removed%n", removed);
    metrics.record(
        runId,
        dt,
        new RunMetrics.StageResult(
            "maintain:exports",
            t0,
            Instant.now(),
            null,
            (long) removed,
            null,
            "ok",
            removed + " leftover folders of crashed export swaps removed"));
    metrics.flush();
    return results;
  }

  /** Refuses, before touching anything, a retention Delta would refuse halfway through. */
  private void checkRetention(int retentionHours) {
    boolean checked =
        Boolean.parseBoolean(
            wh.spark().conf().get(RETENTION_CHECK, "true").toLowerCase(Locale.ROOT));
    if (checked && retentionHours < DELTA_DEFAULT_RETENTION_HOURS) {
      throw new IllegalArgumentException(
          "--retention-hours "
              + retentionHours
              + " is below Delta's "
              + DELTA_DEFAULT_RETENTION_HOURS
              + " h: VACUUM would delete files that running queries, time travel and"
              + " concurrent writers may still need. Use at least "
              + DELTA_DEFAULT_RETENTION_HOURS
              + " (Delta allows less only with "
              + RETENTION_CHECK
              + "=false, for tests).");
    }
  }

  private TableResult maintain(String table, int retentionHours) {
    List<FileStatus> before = tables.dataFiles(table);
    String status = "ok";
    String message;
    try {
      wh.delta(table).optimize().executeCompaction();
      wh.delta(table).vacuum(retentionHours);
      message = null;
    } catch (DeltaConcurrentModificationException e) {
      status = "warning";
      message = "skipped, a concurrent write won: " + firstLine(e.getMessage());
    }
    List<FileStatus> after = tables.dataFiles(table);
    return new TableResult(
        table, before.size(), after.size(), bytes(before), bytes(after), status, message);
  }

  /**
   * Folders of export swaps that a crash interrupted: {@code exports/_staging/*} and the hidden
   * {@code .<partition>.old-*} copies. Only those older than the retention, so a run exporting now
   * keeps its staging folder.
   */
  private int removeExportLeftovers(Duration retention) {
    Path root = new Path(wh.root() + "/" + Exports.FOLDER);
    long cutoff = Instant.now().minus(retention).toEpochMilli();
    int removed = 0;
    try {
      List<FileStatus> candidates = new ArrayList<>();
      for (FileStatus h : tables.hiddenDirs(root)) {
        if (h.getPath().getName().equals("_staging")) {
          candidates.addAll(List.of(tables.fs().listStatus(h.getPath())));
        } else {
          candidates.add(h);
        }
      }
      if (tables.fs().exists(root)) {
        for (FileStatus mart : tables.visibleDirs(root)) {
          candidates.addAll(tables.hiddenDirs(mart.getPath()));
        }
      }
      for (FileStatus c : candidates) {
        if (c.getModificationTime() <= cutoff && tables.fs().delete(c.getPath(), true)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean the exports of " + wh.root(), e);
    }
    return removed;
  }

  private static long bytes(List<FileStatus> files) {
    return files.stream().mapToLong(FileStatus::getLen).sum();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
