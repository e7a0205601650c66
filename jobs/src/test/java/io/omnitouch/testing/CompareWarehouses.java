package io.omnitouch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Compares the gold tables and exports of two warehouses (a refactoring's before and after) with
 * {@link WarehouseSnapshot}, one table at a time; prints each difference and exits 1 when any.
 *
 * <pre>
 * java [Java 17 flags] -cp jobs/target/omnitouch.jar:jobs/target/test-classes \
 *     io.omnitouch.testing.CompareWarehouses BEFORE AFTER [gold/ exports/ silver/code_registry ...]
 * </pre>
 */
public final class CompareWarehouses {
  private CompareWarehouses() {}

  public static void main(String[] args) throws IOException {
    Path before = Path.of(args[0]);
    Path after = Path.of(args[1]);
    List<String> prefixes =
        args.length > 2 ? List.of(args).subList(2, args.length) : List.of("gold/", "exports/");
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("compare-warehouses")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "Asia/Shanghai")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    TreeSet<String> names = new TreeSet<>();
    names.addAll(names(before));
    names.addAll(names(after));
    int differing = 0;
    int compared = 0;
    for (String name : names) {
      if (prefixes.stream().noneMatch(name::startsWith)) {
        continue;
      }
      Map<String, List<String>> b = WarehouseSnapshot.of(spark, before, name::equals);
      Map<String, List<String>> a = WarehouseSnapshot.of(spark, after, name::equals);
      String diff = WarehouseSnapshot.differences(b, a);
      long rows = b.values().stream().mapToLong(List::size).sum();
      compared++;
      if (diff.isEmpty()) {
        System.out.printf("equal   %-40s %,d rows in %d parts%n", name, rows, b.size());
      } else {
        differing++;
        System.out.print("DIFFERS " + diff);
      }
    }
    System.out.printf("%d of %d tables/exports differ%n", differing, compared);
    spark.stop();
    System.exit(differing == 0 ? 0 : 1);
  }

  /** Delta tables ({@code gold/x}) and exported marts ({@code exports/x}) under a root. */
  private static List<String> names(Path root) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    try (Stream<Path> dirs = Files.walk(root, 2)) {
      dirs.filter(p -> Files.isDirectory(p.resolve("_delta_log")))
          .forEach(p -> out.add(root.relativize(p).toString()));
    }
    Path exports = root.resolve("exports");
    if (Files.isDirectory(exports)) {
      try (Stream<Path> marts = Files.list(exports)) {
        marts
            .filter(Files::isDirectory)
            .filter(p -> !p.getFileName().toString().startsWith("_"))
            .forEach(p -> out.add("exports/" + p.getFileName()));
      }
    }
    return out;
  }
}
