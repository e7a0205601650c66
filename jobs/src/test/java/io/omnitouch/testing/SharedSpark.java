package io.omnitouch.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The one SparkSession of the test JVM ({@code local[2]}, 2 shuffle partitions, Delta enabled,
 * session time zone Asia/Shanghai like production), and spark-testing-base's DataFrame equality.
 * Tests call the static helpers; the session starts on first use and lives until the JVM ends.
 */
public final class SharedSpark {
  public static final String TIMEZONE = "Asia/Shanghai";

  private static final class Base extends JavaDataFrameSuiteBase {
    @Override
    public SparkConf conf() {
      return super.conf()
          .setMaster("local[2]")
          .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .set("spark.sql.session.timeZone", TIMEZONE)
          .set("spark.sql.shuffle.partitions", "2")
          .set("spark.default.parallelism", "2")
          .set("spark.sql.sources.partitionOverwriteMode", "dynamic")
          .set("spark.databricks.delta.snapshotPartitions", "1")
          .set("spark.ui.enabled", "false")
          .set("spark.ui.showConsoleProgress", "false");
    }

    @Override
    public boolean enableHiveSupport() {
      return false;
    }
  }

  private static Base base;

  private SharedSpark() {}

  public static synchronized SparkSession spark() {
    if (base == null) {
      base = new Base();
      base.runBefore();
      base.spark().sparkContext().setLogLevel("WARN");
    }
    return base.spark();
  }

  /** Exact comparison of rows, order-insensitive (spark-testing-base). */
  public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual) {
    spark();
    base.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Comparison with a tolerance on doubles (spark-testing-base). */
  public static void assertDataFrameApproximateEquals(
      Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
    spark();
    base.assertDataFrameApproximateEquals(
        expected.orderBy(
            expected.columns()[0],
            Arrays.copyOfRange(expected.columns(), 1, expected.columns().length)),
        actual.orderBy(
            actual.columns()[0], Arrays.copyOfRange(actual.columns(), 1, actual.columns().length)),
        tolerance);
  }

  /** A DataFrame from rows written out by hand, with the given schema (DDL string). */
  public static Dataset<Row> rows(String ddl, Object[]... values) {
    return rows(StructType.fromDDL(ddl), values);
  }

  public static Dataset<Row> rows(StructType schema, Object[]... values) {
    List<Row> list = Arrays.stream(values).map(RowFactory::create).toList();
    return spark().createDataFrame(list, schema);
  }

  public static Object[] row(Object... values) {
    return values;
  }

  /** A fresh warehouse folder for an integration test. */
  public static Warehouse tempWarehouse(String prefix) {
    try {
      Path dir = Files.createTempDirectory("omnitouch-" + prefix);
      return new Warehouse(spark(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Test configuration: the production defaults, pointed at the given folders. */
  public static OmnitouchConfig config(Path input, Path warehouse) {
    return OmnitouchConfig.builder()
        .input(input)
        .warehouse(warehouse)
        .master("local[2]")
        .shufflePartitions(2)
        .build();
  }

  /** The repository root (to read sample-data/ and the reference copies). */
  public static Path repo() {
    return Path.of(System.getProperty("omnitouch.repo", "..")).toAbsolutePath().normalize();
  }
}
