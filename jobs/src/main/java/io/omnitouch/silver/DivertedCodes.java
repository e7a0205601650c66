package io.omnitouch.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code silver/diverted_codes}: compact state for the scorecard, one row per (code,
 * distributor_id) with an out-of-territory scan, and first_dt, the date of its first one. Small
 * (diverted codes only), so it lives apart from the 20M-row {@link CodeRegistry}.
 *
 * <p>Maintenance (a step of the silver stage, after {@link OutOfTerritoryScans}): a run restating
 * dates from..to replaces the rows whose first_dt is on or after {@code from} with those recomputed
 * from the out-of-territory scans dated on or after {@code from} (rows first seen earlier stay:
 * their scans were not restated). Exact even when a late re-allocation turns a diverted scan into a
 * legitimate one, and idempotent.
 */
public final class DivertedCodes {
  public static final String TABLE = "silver/diverted_codes";

  private DivertedCodes() {}

  /**
   * Pure: the rows of first_dt ≥ from, given the out-of-territory scans (code, distributor_id, dt)
   * dated ≥ from and the existing state.
   */
  public static Dataset<Row> restated(
      Dataset<Row> diversionScansSinceFrom, Dataset<Row> existing, LocalDate from) {
    Dataset<Row> firstSeenEarlier =
        existing.filter(col("first_dt").lt(lit(java.sql.Date.valueOf(from))));
    Dataset<Row> recomputed =
        diversionScansSinceFrom.groupBy("code", "distributor_id").agg(min("dt").as("first_dt"));
    return recomputed.join(
        firstSeenEarlier.select("code", "distributor_id"),
        recomputed
            .col("code")
            .equalTo(firstSeenEarlier.col("code"))
            .and(recomputed.col("distributor_id").equalTo(firstSeenEarlier.col("distributor_id"))),
        "left_anti");
  }

  /** Brings the state up to date with the out-of-territory scans restated from {@code from}. */
  public static long refresh(Warehouse wh, LocalDate from) {
    Dataset<Row> since =
        wh.read(OutOfTerritoryScans.TABLE)
            .where(col("event_date").geq(lit(java.sql.Date.valueOf(from))))
            .select(col("code"), col("distributor_id"), col("event_date").as("dt"));
    Dataset<Row> existing = wh.read(TABLE);
    Dataset<Row> rows =
        restated(since, existing, from).select("code", "distributor_id", "first_dt");
    wh.replaceWhere(TABLE, rows, "first_dt >= DATE'" + from + "'");
    return wh.lastCommitRows(TABLE);
  }
}
