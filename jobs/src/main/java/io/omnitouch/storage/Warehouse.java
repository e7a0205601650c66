package io.omnitouch.storage;

import io.delta.tables.DeltaTable;
import io.omnitouch.schema.Schemas;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta warehouse: one table per folder, {@code <root>/<layer>/<table>} with layers {@code
 * bronze}, {@code silver}, {@code gold}, plus {@code <root>/quarantine}. Table names are {@code
 * layer/table} (for example {@code gold/sales_daily}); their declared schema lives in {@code
 * schemas/} ({@code silver/x} for silver, {@code marts/x} for gold).
 */
public final class Warehouse {
  public static final String QUARANTINE = "quarantine";

  private final SparkSession spark;
  private final String root;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public Warehouse(SparkSession spark, Path root) {
    this(spark, root.toAbsolutePath().normalize().toString());
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String path(String table) {
    return root + "/" + table;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The declared schema name of a warehouse table: gold tables are declared under marts/. */
  public static String schemaName(String table) {
    if (table.startsWith("gold/")) {
      return "marts/" + table.substring("gold/".length());
    }
    if (table.equals(QUARANTINE)) {
      return "silver/quarantine";
    }
    return table;
  }

  /** Reads a table; a table not written yet reads as empty with its declared schema. */
  public Dataset<Row> read(String table) {
    if (exists(table)) {
      return spark.read().format("delta").load(path(table));
    }
    return empty(Schemas.struct(schemaName(table)));
  }

  public Dataset<Row> empty(StructType schema) {
    return spark.createDataFrame(List.of(), schema);
  }

  /**
   * Schema evolution: a declared schema that gained a column adds it to the table on the next write
   * (older rows read it as null), so no history is rebuilt. Types never change silently: Delta
   * still rejects an incompatible type.
   */
  private static final String MERGE_SCHEMA = "mergeSchema";

  /**
   * Replaces the whole table (dimensions, small global marts). Static on purpose: the session's
   * dynamic partition overwrite mode would otherwise keep the partitions {@code rows} lacks.
   */
  public void overwrite(String table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("partitionOverwriteMode", "static")
        .option("overwriteSchema", "false")
        .option(MERGE_SCHEMA, "true")
        .partitionBy(partitionColumns(table))
        .save(path(table));
  }

  private static String[] partitionColumns(String table) {
    String schema = schemaName(table);
    return Schemas.has(schema) ? Schemas.partitionBy(schema).toArray(String[]::new) : new String[0];
  }

  /**
   * Replaces the rows matching {@code condition} with {@code rows} in one Delta commit (readers see
   * the old version or the new one). Creates the table on first write.
   */
  public void replaceWhere(String table, Dataset<Row> rows, String condition) {
    if (!exists(table)) {
      overwrite(table, rows);
      return;
    }
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", condition)
        .option(MERGE_SCHEMA, "true")
        .save(path(table));
  }

  /** As {@link #replaceWhere(String, Dataset, String)} for a table without a declared schema. */
  public void replaceWhere(
      String table, Dataset<Row> rows, String condition, String... partitionBy) {
    if (!exists(table)) {
      rows.write().format("delta").mode("overwrite").partitionBy(partitionBy).save(path(table));
      return;
    }
    replaceWhere(table, rows, condition);
  }

  /** {@code column IN (DATE'..', ...)}; {@code false} for no dates. */
  public static String dateIn(String column, java.util.Collection<LocalDate> dates) {
    if (dates.isEmpty()) {
      return "false";
    }
    StringBuilder sb = new StringBuilder(column).append(" IN (");
    String sep = "";
    for (LocalDate d : new java.util.TreeSet<>(dates)) {
      sb.append(sep).append("DATE'").append(d).append('\'');
      sep = ", ";
    }
    return sb.append(')').toString();
  }

  /** Replaces the dates {@code from..to} (inclusive) of {@code dateColumn}. */
  public void replaceDates(
      String table, Dataset<Row> rows, String dateColumn, LocalDate from, LocalDate to) {
    replaceWhere(table, rows, dateRange(dateColumn, from, to));
  }

  public static String dateRange(String dateColumn, LocalDate from, LocalDate to) {
    return String.format(
        java.util.Locale.ROOT,
        "%s >= DATE'%s' AND %s <= DATE'%s'",
        dateColumn,
        from,
        dateColumn,
        to);
  }

  public void append(String table, Dataset<Row> rows) {
    if (!exists(table)) {
      overwrite(table, rows);
      return;
    }
    rows.write().format("delta").mode("append").option(MERGE_SCHEMA, "true").save(path(table));
  }

  public DeltaTable delta(String table) {
    return DeltaTable.forPath(spark, path(table));
  }

  /** Rows written by the table's last commit (Delta's operation metrics). */
  public long lastCommitRows(String table) {
    Row last = delta(table).history(1).select("operationMetrics").first();
    java.util.Map<String, String> m = last.getJavaMap(0);
    String n = m.get("numOutputRows");
    if (n == null) {
      n = m.getOrDefault("numTargetRowsInserted", "0");
    }
    return Long.parseLong(n);
  }
}
