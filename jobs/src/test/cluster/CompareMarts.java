import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Proves two warehouses hold the same marts: every gold Delta table of one is in the other, with
 * the same columns and the same multiset of rows. Lineage columns (run id, ingest time, file,
 * line) are left out, as the contract allows them to differ between runs, and so is run_metrics
 * (one row per run). Doubles are compared to 12 significant digits and 9 decimals: a sum computed
 * by two executors may differ from the one computed by one thread in its last bits.
 *
 * <p>Usage: {@code CompareMarts <warehouse A> <warehouse B>}; env OMNITOUCH_LINEAGE_COLUMNS
 * overrides the lineage list (comma separated). Exit 0 when equal, 1 when not.
 */
public final class CompareMarts {
  private static final String DEFAULT_LINEAGE =
      "run_id,ingest_time,ingested_at,loaded_at,computed_at,source_file,source_line";
  private static final Set<String> NOT_COMPARED = Set.of("run_metrics");
  private static final String DOUBLE_FORMAT = "%.11e";
  /** Below 1e-9 a double counts as 0 (sums of credits leave crumbs like 1e-17); + 0.0 turns -0.0 into 0.0. */
  private static final int ABSOLUTE_DIGITS = 9;
  private static final int SHOWN_DIFFERENCES = 5;
  /** The side a row comes from in the one-pass comparison: 1 = A, -1 = B. */
  private static final String SIDE = "__compare_side";

  public static void main(String[] args) throws IOException {
    Path a = Path.of(args[0]);
    Path b = Path.of(args[1]);
    String lineageEnv = System.getenv("OMNITOUCH_LINEAGE_COLUMNS");
    Set<String> lineage =
        new TreeSet<>(
            Arrays.asList((lineageEnv == null ? DEFAULT_LINEAGE : lineageEnv).split(",")));

    Set<String> tablesA = goldTables(a);
    Set<String> tablesB = goldTables(b);
    List<String> problems = new ArrayList<>();
    if (!tablesA.equals(tablesB)) {
      problems.add("gold tables differ: " + tablesA + " vs " + tablesB);
    }
    Set<String> common = new TreeSet<>(tablesA);
    common.retainAll(tablesB);
    common.removeAll(NOT_COMPARED);
    if (common.isEmpty()) {
      problems.add("no gold table to compare under " + a + " and " + b);
    }

    SparkSession spark =
        SparkSession.builder()
            .appName("omnitouch-compare-marts")
            .master("local[2]")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "Asia/Shanghai")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long totalRows = 0;
    try {
      for (String table : common) {
        Dataset<Row> left = comparable(spark, a, table, lineage);
        Dataset<Row> right = comparable(spark, b, table, lineage);
        if (!left.schema().equals(right.schema())) {
          problems.add(table + ": columns differ: " + left.schema() + " vs " + right.schema());
          continue;
        }
        // One pass per table: every distinct row with its count on each side. A row whose counts
        // differ is a difference (the multiset EXCEPT ALL both ways, without four reads).
        Dataset<Row> counted =
            left.withColumn(SIDE, functions.lit(1))
                .unionByName(right.withColumn(SIDE, functions.lit(-1)))
                .groupBy(left.columns()[0], Arrays.copyOfRange(left.columns(), 1, left.columns().length))
                .agg(
                    functions.sum(functions.when(functions.col(SIDE).equalTo(1), 1).otherwise(0)).as("in_a"),
                    functions.sum(functions.when(functions.col(SIDE).equalTo(-1), 1).otherwise(0)).as("in_b"));
        Row totals =
            counted
                .agg(
                    functions.coalesce(functions.sum("in_a"), functions.lit(0L)),
                    functions.coalesce(functions.sum("in_b"), functions.lit(0L)),
                    functions.coalesce(
                        functions.sum(
                            functions.when(
                                functions.col("in_a").gt(functions.col("in_b")),
                                functions.col("in_a").minus(functions.col("in_b")))),
                        functions.lit(0L)),
                    functions.coalesce(
                        functions.sum(
                            functions.when(
                                functions.col("in_b").gt(functions.col("in_a")),
                                functions.col("in_b").minus(functions.col("in_a")))),
                        functions.lit(0L)))
                .first();
        long rowsA = totals.getLong(0);
        long rowsB = totals.getLong(1);
        long onlyA = totals.getLong(2);
        long onlyB = totals.getLong(3);
        totalRows += rowsA;
        System.out.printf("%-32s %10d %10d %s%n", table, rowsA, rowsB, onlyA + onlyB == 0 ? "equal" : "DIFF");
        if (onlyA + onlyB != 0) {
          problems.add(table + ": " + onlyA + " rows only in A, " + onlyB + " only in B");
          counted.filter(functions.col("in_a").notEqual(functions.col("in_b"))).show(SHOWN_DIFFERENCES, false);
        }
      }
    } finally {
      spark.stop();
    }
    if (totalRows == 0 && problems.isEmpty()) {
      problems.add("every compared gold table is empty: nothing was proven");
    }
    if (problems.isEmpty()) {
      System.out.println("MARTS EQUAL: " + common.size() + " tables, " + totalRows + " rows");
      System.exit(0);
    }
    problems.forEach(p -> System.out.println("MARTS DIFFER: " + p));
    System.exit(1);
  }

  private static Set<String> goldTables(Path warehouse) throws IOException {
    Path gold = warehouse.resolve("gold");
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(gold)) {
      return names;
    }
    try (Stream<Path> dirs = Files.list(gold)) {
      dirs.filter(d -> Files.isDirectory(d.resolve("_delta_log")))
          .forEach(d -> names.add(d.getFileName().toString()));
    }
    return names;
  }

  /** The table without lineage columns, doubles as text to 12 significant digits, 9 decimals. */
  private static Dataset<Row> comparable(
      SparkSession spark, Path warehouse, String table, Set<String> lineage) {
    Dataset<Row> df = spark.read().format("delta").load(warehouse.resolve("gold").resolve(table).toString());
    List<Column> columns = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (lineage.contains(f.name())) {
        continue;
      }
      Column c = functions.col(f.name());
      if (f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.FloatType)) {
        c = functions
                .format_string(
                    DOUBLE_FORMAT,
                    functions.round(c.cast(DataTypes.DoubleType), ABSOLUTE_DIGITS).plus(0.0))
                .as(f.name());
      }
      columns.add(c);
    }
    return df.select(columns.toArray(Column[]::new));
  }
}
