package io.omnitouch.cli;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The audit of {@code omnitouch sql} (marts.md, Command line): one row per query — time, OS user,
 * query text, rows returned (null when none were), exit code — appended to the Delta table {@code
 * <warehouse>/audit/sql_audit} by the command itself, never through a query: {@code sql} reads it
 * as the view {@code sql_audit}, refuses every write statement and every path-based table, so no
 * query can change it. Delta appends are blind: concurrent invocations each add their row.
 */
final class SqlAudit {
  static final String NAME = "sql_audit";
  static final String TABLE = "audit/" + NAME;
  static final String SCHEMA = "audit/" + NAME;

  /**
   * The first append creates the table; two invocations doing that at once conflict and the loser
   * retries (after which it is an ordinary append).
   */
  private static final int ATTEMPTS = 3;

  private SqlAudit() {}

  static Dataset<Row> read(Warehouse wh) {
    return wh.read(TABLE);
  }

  /** Appends one audit row; fails only when the warehouse cannot be written. */
  static void append(Warehouse wh, String query, Long rows, int exitCode) {
    Row row =
        RowFactory.create(
            Timestamp.from(Instant.now()),
            System.getProperty("user.name", ""),
            query,
            rows,
            exitCode);
    Dataset<Row> one = wh.spark().createDataFrame(List.of(row), Schemas.struct(SCHEMA));
    RuntimeException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        one.write().format("delta").mode("append").save(wh.path(TABLE));
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }
}
