package io.omnitouch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a reader can see in a warehouse, for comparing two warehouses: every Delta table's
 * current rows without lineage ({@code run_id}, {@code ingested_at}; {@code run_metrics} keeps a
 * row per run and is left out), and every visible export partition's rows (folders starting with
 * {@code _} or {@code .} are invisible to readers, as in Hive; a mart folder with nothing visible
 * is an empty export).
 */
public final class WarehouseSnapshot {
  private static final List<String> LINEAGE = List.of("run_id", "ingested_at");

  private WarehouseSnapshot() {}

  public static Map<String, List<String>> of(SparkSession spark, Path root) {
    return of(spark, root, name -> true);
  }

  /**
   * As {@link #of(SparkSession, Path)}, for the tables and exports whose name ({@code gold/x},
   * {@code exports/x/dt=...}) {@code include} accepts: large warehouses one table at a time.
   */
  public static Map<String, List<String>> of(
      SparkSession spark, Path root, Predicate<String> include) {
    Map<String, List<String>> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.walk(root, 2)) {
      for (Path t : dirs.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).toList()) {
        String name = root.relativize(t).toString();
        if (name.endsWith("run_metrics") || !include.test(name)) {
          continue;
        }
        Dataset<Row> df = spark.read().format("delta").load(t.toString());
        for (String c : LINEAGE) {
          df = df.drop(c);
        }
        out.put(name, sorted(df));
      }
      Path exports = root.resolve("exports");
      if (Files.isDirectory(exports)) {
        for (Path mart : visible(exports)) {
          if (!include.test("exports/" + mart.getFileName())) {
            continue;
          }
          List<Path> contents = visible(mart);
          List<Path> parts = contents.stream().filter(Files::isDirectory).toList();
          if (contents.isEmpty()) {
            // A dated mart without rows publishes no partition: readers find no files, no rows.
            out.put("exports/" + mart.getFileName(), List.of());
          } else if (parts.isEmpty()) {
            out.put("exports/" + mart.getFileName(), sorted(spark.read().parquet(mart.toString())));
          }
          for (Path part : parts) {
            out.put(
                "exports/" + mart.getFileName() + "/" + part.getFileName(),
                sorted(spark.read().parquet(part.toString())));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The tables and exports where two snapshots differ, each with (up to 5 of) the rows only one
   * side has; empty when they are equal. Meant as an assertion message a reader can act on.
   */
  public static String differences(
      Map<String, List<String>> expected, Map<String, List<String>> actual) {
    StringBuilder out = new StringBuilder();
    SortedSet<String> names = new TreeSet<>(expected.keySet());
    names.addAll(actual.keySet());
    for (String name : names) {
      List<String> e = expected.getOrDefault(name, List.of());
      List<String> a = actual.getOrDefault(name, List.of());
      if (expected.containsKey(name) != actual.containsKey(name) || !e.equals(a)) {
        out.append(name)
            .append(expected.containsKey(name) ? "" : " (unexpected)")
            .append(actual.containsKey(name) ? "" : " (missing)")
            .append("\n  expected only: ")
            .append(onlyIn(e, a))
            .append("\n  actual only:   ")
            .append(onlyIn(a, e))
            .append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> onlyIn(List<String> rows, List<String> others) {
    List<String> rest = new ArrayList<>(rows);
    others.forEach(rest::remove);
    return rest.subList(0, Math.min(5, rest.size()));
  }

  private static List<Path> visible(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return !n.startsWith("_") && !n.startsWith(".");
              })
          .sorted()
          .toList();
    }
  }

  private static List<String> sorted(Dataset<Row> df) {
    List<String> rows = new ArrayList<>();
    df.collectAsList().forEach(r -> rows.add(r.toString()));
    rows.sort(String::compareTo);
    return rows;
  }
}
