package io.omnitouch.run;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Collects one {@code run_metrics} row per run and stage (marts.md, Run metrics) and appends them
 * in one commit per {@link #flush()}: a stage's rows land when the stage ends, also when it fails.
 */
public final class RunMetrics {
  public static final String TABLE = "gold/run_metrics";

  private final Warehouse warehouse;
  private final List<Row> pending = new java.util.ArrayList<>();

  public RunMetrics(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** A stage's figures; null counts mean "not applicable". */
  public record StageResult(
      String stage,
      Instant startedAt,
      Instant finishedAt,
      Long rowsIn,
      Long rowsOut,
      Long rowsRejected,
      String status,
      String message) {}

  public void record(String runId, LocalDate dt, StageResult r) {
    Row row =
        RowFactory.create(
            runId,
            java.sql.Date.valueOf(dt),
            r.stage(),
            Timestamp.from(r.startedAt()),
            Timestamp.from(r.finishedAt()),
            r.rowsIn(),
            r.rowsOut(),
            r.rowsRejected(),
            r.status(),
            r.message());
    synchronized (pending) {
      pending.add(row);
    }
  }

  /** Appends the rows recorded since the last flush. */
  public void flush() {
    List<Row> rows;
    synchronized (pending) {
      rows = List.copyOf(pending);
      pending.clear();
    }
    if (!rows.isEmpty()) {
      warehouse.append(
          TABLE, warehouse.spark().createDataFrame(rows, Schemas.struct("marts/run_metrics")));
    }
  }
}
