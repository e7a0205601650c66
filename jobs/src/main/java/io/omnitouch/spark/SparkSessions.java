package io.omnitouch.spark;

import io.omnitouch.config.OmnitouchConfig;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a process, with Delta Lake and the business timezone. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(OmnitouchConfig config, String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    // Under spark-submit the master comes from the submit command; only set it when we launch.
    if (System.getProperty("spark.master") == null) {
      builder.master(config.master);
      // spark-submit ships the application jar itself; started with `java -jar` against a cluster
      // master, the executors hold only the cluster's Spark and need this jar too.
      if (!config.master.startsWith("local") && System.getProperty("spark.jars") == null) {
        applicationJar().ifPresent(jar -> builder.config("spark.jars", jar));
      }
    }
    return builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Business dates are Asia/Shanghai dates: date functions must see that zone.
        .config("spark.sql.session.timeZone", config.timezone.getId())
        .config("spark.sql.shuffle.partitions", String.valueOf(config.shufflePartitions))
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.ui.enabled", "false")
        // Spark's progress bar for long stages on a terminal; logs (CI, Airflow) stay readable.
        .config("spark.ui.showConsoleProgress", String.valueOf(System.console() != null))
        .config("spark.sql.ansi.enabled", "false")
        // The only cache is ingest's parsed rows, read a few times and dropped: building the
        // compressed columnar form was its largest cost (profiled), memory is not short.
        .config("spark.sql.inMemoryColumnarStorage.compressed", "false")
        .getOrCreate();
  }

  /** The jar this class was loaded from, when it was loaded from a jar (not from classes/). */
  static Optional<String> applicationJar() {
    CodeSource source = SparkSessions.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(path) && path.toString().endsWith(".jar")
          ? Optional.of(path.toString())
          : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
