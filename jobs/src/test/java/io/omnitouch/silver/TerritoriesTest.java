package io.omnitouch.silver;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;

import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * D1 has a history: 33 until 2026-11-01 (exclusive), then 33;3201 (open). D2 has a period only in
 * October and falls back to distributors.csv outside it. D3 has no history at all.
 */
class TerritoriesTest {
  static Date d(String s) {
    return Date.valueOf(s);
  }

  @Test
  void theTerritoryInForceOnTheDateElseTheDistributorsOne() {
    Dataset<Row> distributors =
        rows(
            "distributor_id STRING, territory STRING",
            row("D1", "33;3201"),
            row("D2", "44"),
            row("D3", "11"));
    Dataset<Row> history =
        rows(
            "distributor_id STRING, territory STRING, valid_from DATE, valid_to DATE",
            row("D1", "33", d("2026-01-01"), d("2026-11-01")),
            row("D1", "33;3201", d("2026-11-01"), null),
            row("D2", "4401", d("2026-10-01"), d("2026-11-01")));
    Dataset<Row> scans =
        rows(
            "scan_id STRING, distributor_id STRING, day DATE",
            row("s1", "D1", d("2026-10-31")),
            row("s2", "D1", d("2026-11-01")),
            row("s3", "D2", d("2026-09-30")),
            row("s4", "D2", d("2026-10-31")),
            row("s5", "D2", d("2026-11-01")),
            row("s6", "D3", d("2026-11-01")),
            row("s7", "D9", d("2026-11-01")));
    Dataset<Row> actual =
        Territories.inForce(scans, "distributor_id", col("day"), distributors, history)
            .select("scan_id", "territory");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("s1", "33"),
            row("s2", "33;3201"),
            row("s3", "44"),
            row("s4", "4401"),
            row("s5", "44"),
            row("s6", "11"),
            row("s7", null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
