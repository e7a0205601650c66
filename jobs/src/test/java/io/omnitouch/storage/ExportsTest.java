package io.omnitouch.storage;

import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.MartRunner;
import io.omnitouch.marts.sales.SalesDaily;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A mart built and exported by {@link MartRunner}, read back with DuckDB's Parquet reader (no
 * Spark, no Delta): the same rows as Spark reads from the Delta table, under {@code dt=} folders,
 * without Spark's marker files, with timestamps in a standard (non-INT96) Parquet type.
 */
class ExportsTest {
  static final String LINES =
      "order_id STRING, line_no INT, order_time TIMESTAMP, order_date DATE,"
          + " updated_time TIMESTAMP, status STRING, user_id STRING, channel STRING,"
          + " store_id STRING, guide_id STRING, group_id STRING, share_id STRING, sku STRING,"
          + " quantity INT, unit_price DECIMAL(18,2), paid_amount DECIMAL(18,2),"
          + " coupon_id STRING, region_code STRING, buyer_phone_key STRING, dt DATE,"
          + " source_file STRING, source_line BIGINT, run_id STRING";

  static Object[] line(String order, String date, String status, String store, String paid) {
    Timestamp t = Timestamp.valueOf(date + " 04:00:00"); // 12:00 in Shanghai (JVM in UTC)
    BigDecimal amount = new BigDecimal(paid);
    return row(
        order,
        1,
        t,
        Date.valueOf(date),
        t,
        status,
        "u-" + order,
        "guide",
        store,
        null,
        null,
        null,
        "SKU,\"1\"",
        2,
        amount,
        amount,
        null,
        "330106",
        null,
        Date.valueOf(date),
        "f.csv",
        2L,
        "r1");
  }

  @Test
  void duckDbReadsTheSameRowsAsSpark() throws Exception {
    Warehouse wh = SharedSpark.tempWarehouse("exports");
    wh.overwrite(
        "silver/order_lines",
        SharedSpark.rows(
            LINES,
            line("o1", "2026-11-19", "paid", "门店·1", "120.50"),
            line("o2", "2026-11-20", "paid", "S2", "99.99"),
            line("o3", "2026-11-20", "refunded", "S2", "10.00")));
    LocalDate run = LocalDate.parse("2026-11-20");
    RunContext ctx =
        new RunContext(
            "run-1",
            run,
            run.minusDays(1),
            SharedSpark.config(Path.of("in"), Path.of(wh.root())),
            wh);
    MartRunner runner = new MartRunner(ctx);
    SalesDaily sales = new SalesDaily();
    runner.build(sales);
    runner.export(List.of(sales));

    Path export = Path.of(wh.root(), "exports", "sales_daily");
    try (Stream<Path> parts = Files.list(export)) {
      assertEquals(
          List.of("dt=2026-11-19", "dt=2026-11-20"),
          parts.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertNoMarkerFiles(export);
    String[] columns = Schemas.struct("marts/sales_daily").fieldNames();
    List<String> spark = sparkRows(wh.read("gold/sales_daily"), columns);
    assertEquals(2, spark.size());
    assertEquals(spark, duckRows(export, columns));

    // A rerun where 11-19 lost its only order removes that partition and keeps 11-20's rows.
    wh.overwrite(
        "silver/order_lines",
        SharedSpark.rows(LINES, line("o2", "2026-11-20", "paid", "S2", "99.99")));
    runner.build(sales);
    runner.export(List.of(sales));
    try (Stream<Path> parts = Files.list(export)) {
      assertEquals(
          List.of("dt=2026-11-20"), parts.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(sparkRows(wh.read("gold/sales_daily"), columns), duckRows(export, columns));
  }

  @Test
  void timestampsAreWrittenAsStandardParquetTimestamps() throws Exception {
    Warehouse wh = SharedSpark.tempWarehouse("exports-ts");
    Dataset<Row> rows =
        SharedSpark.rows(
            "dt DATE, seen_at TIMESTAMP",
            row(Date.valueOf("2026-11-20"), Timestamp.valueOf("2026-11-20 02:03:04")));
    new Exports(wh)
        .publishDates(
            "t", rows, "dt", LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20"));
    Path export = Path.of(wh.root(), "exports", "t");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT type, logical_type FROM parquet_schema('"
                    + export
                    + "/*/*.parquet') WHERE name = 'seen_at'")) {
      assertTrue(rs.next());
      assertEquals("INT64", rs.getString(1), "not the deprecated INT96");
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT epoch(seen_at) FROM read_parquet('" + export + "/*/*.parquet')")) {
      assertTrue(rs.next());
      assertEquals(Timestamp.valueOf("2026-11-20 02:03:04").getTime() / 1000, rs.getLong(1));
    }
  }

  static void assertNoMarkerFiles(Path export) throws IOException {
    try (Stream<Path> all = Files.walk(export)) {
      for (Path p : all.toList()) {
        String n = p.getFileName().toString();
        assertFalse(n.startsWith("_") || n.startsWith("."), "marker or hidden file " + p);
      }
    }
  }

  /** Rows as text: dates ISO, decimals with their scale, null as "null"; sorted. */
  static List<String> sparkRows(Dataset<Row> df, String[] columns) {
    List<String> out = new ArrayList<>();
    for (Row r : df.selectExpr(columns).collectAsList()) {
      List<String> v = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        v.add(r.isNullAt(i) ? "null" : r.get(i).toString());
      }
      out.add(String.join("|", v));
    }
    out.sort(null);
    return out;
  }

  static List<String> duckRows(Path export, String[] columns) throws SQLException {
    List<String> out = new ArrayList<>();
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + " FROM read_parquet('"
            + export
            + "/*/*.parquet', hive_partitioning = true)";
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<String> v = new ArrayList<>();
        for (int i = 1; i <= columns.length; i++) {
          Object o = rs.getObject(i);
          v.add(o == null ? "null" : o.toString());
        }
        out.add(String.join("|", v));
      }
    }
    out.sort(null);
    return out;
  }
}
