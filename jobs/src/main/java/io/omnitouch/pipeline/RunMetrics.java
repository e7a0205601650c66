package io.omnitouch.pipeline;

import io.omnitouch.schema.Schemas;
import io.omnitouch.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Appends one {@code run_metrics} row per run and stage (marts.md, Run metrics). */
public final class RunMetrics {
  public static final String TABLE = "gold/run_metrics";

  private final Warehouse warehouse;

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
    warehouse.append(
        TABLE,
        warehouse.spark().createDataFrame(List.of(row), Schemas.struct("marts/run_metrics")));
  }
}
