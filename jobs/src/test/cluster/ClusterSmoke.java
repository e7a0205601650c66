import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The smallest job that proves a standalone cluster runs this project's Spark: submitted with
 * spark-submit (class {@code org.apache.spark.deploy.SparkSubmit}) to the cluster that
 * run-cluster-test.sh starts. It checks a distributed sum, that tasks ran on both workers'
 * executors (which also proves the submitted jar reached them: the lambda below lives in it), and
 * a Delta write/read. Prints {@code SMOKE OK} and exits 0, or throws.
 */
public final class ClusterSmoke {
  private static final long ROWS = 100_000L;
  private static final long EXPECTED_SUM = ROWS * (ROWS - 1) / 2;
  private static final int PARTITIONS = 8;
  private static final int EXPECTED_EXECUTORS = 2;

  public static void main(String[] args) {
    Path deltaDir = Path.of(args[0]);
    SparkSession spark =
        SparkSession.builder()
            .appName("omnitouch-cluster-smoke")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.databricks.delta.snapshotPartitions", "1")
            .getOrCreate();
    try {
      long sum = spark.range(0, ROWS, 1, PARTITIONS).selectExpr("sum(id)").first().getLong(0);
      check(sum == EXPECTED_SUM, "sum " + sum + " != " + EXPECTED_SUM);

      // Executors register a little after the application starts; wait for both before counting.
      long deadline = System.currentTimeMillis() + 60_000;
      while (spark.sparkContext().statusTracker().getExecutorInfos().length
              < EXPECTED_EXECUTORS + 1 // the driver is listed too
          && System.currentTimeMillis() < deadline) {
        sleep(500);
      }
      MapPartitionsFunction<Long, String> executorOf =
          rows -> List.of(SparkEnv.get().executorId()).iterator();
      List<String> executors =
          spark
              .range(0, 64, 1, 64)
              .mapPartitions(executorOf, Encoders.STRING())
              .distinct()
              .collectAsList();
      check(!executors.contains("driver"), "a task ran on the driver: " + executors);
      check(
          executors.size() == EXPECTED_EXECUTORS,
          "tasks ran on " + executors + ", expected " + EXPECTED_EXECUTORS + " executors");

      spark.range(0, 10, 1, 2).write().format("delta").mode("overwrite").save(deltaDir.toString());
      long deltaRows = spark.read().format("delta").load(deltaDir.toString()).count();
      check(deltaRows == 10, "delta rows " + deltaRows + " != 10");
      System.out.println("SMOKE OK sum=" + sum + " executors=" + executors.size() + " delta=10");
    } finally {
      spark.stop();
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException("cluster smoke failed: " + message);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
