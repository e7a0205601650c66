package io.omnitouch.storage;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A gold mart whose declared schema gains a column: the next run restates only its own dates, the
 * column is added by Delta schema evolution (older rows read null, their files untouched), and the
 * exports of earlier dates, written without the column, stay readable next to the new ones.
 */
class MartSchemaEvolutionIT {
  private static final LocalDate D1 = LocalDate.parse("2026-11-21");
  private static final LocalDate D2 = LocalDate.parse("2026-11-22");
  private static final String TABLE = "gold/evolving";
  private static final String V1 = "dt date, store_id string, revenue decimal(18,2)";

  private static Warehouse historyOfTwoDays(String prefix) {
    Warehouse wh = SharedSpark.tempWarehouse(prefix);
    Dataset<Row> v1 =
        rows(
            V1,
            row(Date.valueOf(D1), "S1", new BigDecimal("10.00")),
            row(Date.valueOf(D2), "S1", new BigDecimal("20.00")));
    wh.replaceWhere(TABLE, v1, Warehouse.dateRange("dt", D1, D2), "dt");
    new Exports(wh).publishDates("evolving", wh.read(TABLE), "dt", D1, D2);
    return wh;
  }

  @Test
  void aMartThatGainsAColumnKeepsItsHistoryAndItsOldExportsStayReadable() throws Exception {
    Warehouse wh = historyOfTwoDays("evolve");
    List<String> d1Files = files(Path.of(wh.path(TABLE), "dt=" + D1));

    // The declared schema gained `refunds`; the next nightly run restates D2 only.
    Dataset<Row> v2 =
        rows(
            V1 + ", refunds decimal(18,2)",
            row(Date.valueOf(D2), "S1", new BigDecimal("25.00"), new BigDecimal("5.00")));
    wh.replaceDates(TABLE, v2, "dt", D2, D2);
    new Exports(wh).publishDates("evolving", wh.read(TABLE), "dt", D2, D2);

    Dataset<Row> now = wh.read(TABLE);
    SharedSpark.assertDataFrameEquals(
        rows(
            now.schema(),
            row(Date.valueOf(D1), "S1", new BigDecimal("10.00"), null),
            row(Date.valueOf(D2), "S1", new BigDecimal("25.00"), new BigDecimal("5.00"))),
        now);
    assertEquals(d1Files, files(Path.of(wh.path(TABLE), "dt=" + D1)), "history not rewritten");
    assertEquals(
        2,
        SharedSpark.spark()
            .read()
            .format("delta")
            .option("versionAsOf", 0)
            .load(wh.path(TABLE))
            .count(),
        "the version before the change still reads");

    // Old export partition: as written, without the column; both together: by column name.
    String exports = wh.root() + "/exports/evolving";
    assertEquals(
        List.of("store_id", "revenue"),
        List.of(SharedSpark.spark().read().parquet(exports + "/dt=" + D1).columns()));
    assertEquals(
        List.of("2026-11-21|S1|10.00|null", "2026-11-22|S1|25.00|5.00"),
        duckdb(
            "SELECT CAST(dt AS VARCHAR), store_id, revenue, refunds FROM read_parquet('"
                + exports
                + "/*/*.parquet', hive_partitioning = true, union_by_name = true) ORDER BY dt"));
    Dataset<Row> merged = SharedSpark.spark().read().option("mergeSchema", "true").parquet(exports);
    assertEquals(1, merged.filter("refunds IS NULL AND dt = DATE'2026-11-21'").count());
    assertEquals(1, merged.filter("refunds = 5.00 AND dt = DATE'2026-11-22'").count());
  }

  @Test
  void aTypeChangeIsRefusedAndLeavesTheMartAsItWas() {
    Warehouse wh = historyOfTwoDays("retype");
    long version = wh.delta(TABLE).history(1).select("version").first().getLong(0);
    Dataset<Row> retyped =
        rows("dt date, store_id string, revenue string", row(Date.valueOf(D2), "S1", "25"));
    Exception e =
        assertThrows(Exception.class, () -> wh.replaceDates(TABLE, retyped, "dt", D2, D2));
    assertEquals(
        true,
        e.getMessage().contains("revenue"),
        "the message names the column: " + e.getMessage());
    assertEquals(version, wh.delta(TABLE).history(1).select("version").first().getLong(0));
    assertEquals(2, wh.read(TABLE).count());
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }

  private static List<String> duckdb(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r = c.createStatement().executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(String.valueOf(r.getObject(i)));
        }
        out.add(String.join("|", cells));
      }
    }
    return out;
  }
}
