package io.omnitouch.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.marts.attribution.AttributionPaths;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Does the nightly attribution stage cost grow with history? Synthesizes {@code --days} (60) days
 * of {@code silver/touches} and {@code silver/paid_orders} at a fixed daily volume straight into a
 * temporary warehouse, back-fills {@code attribution_paths} for days 1 .. days-1 (the state earlier
 * nights leave), then times the attribution stage (paths, model weights, orders, channel daily) for
 * day 31 and for the last day: both have a full 30-day window, the last one twice the history. A
 * warm-up night (day 45, restated idempotently) runs first; each timed night runs {@code --repeats}
 * times and the best is kept.
 *
 * <pre>
 * java $SPARK_JAVA17_FLAGS -Xmx16g -cp jobs/target/omnitouch.jar io.omnitouch.bench.AttributionBench \
 *     --touches-per-day 2000000 --orders-per-day 300000 [--days 60] [--users 5000000] [--keep]
 * </pre>
 *
 * Not a test: it prints figures (wall time per night and the ratio, target at most 1.3).
 */
public final class AttributionBench {
  static final LocalDate DAY_ONE = LocalDate.parse("2026-01-01");
  static final int FIRST_FULL_WINDOW_DAY = 31;
  static final int WARM_UP_DAY = 45;
  static final String[] CHANNELS = {"scan", "guide", "community"};
  static final int STORES = 500;
  static final double ANONYMOUS_SHARE = 0.1;

  private AttributionBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = options(args);
    long touchesPerDay = Long.parseLong(opt.getOrDefault("touches-per-day", "2000000"));
    long ordersPerDay = Long.parseLong(opt.getOrDefault("orders-per-day", "300000"));
    int days = Integer.parseInt(opt.getOrDefault("days", "60"));
    long users = Long.parseLong(opt.getOrDefault("users", String.valueOf(touchesPerDay * 5 / 2)));
    int repeats = Integer.parseInt(opt.getOrDefault("repeats", "2"));
    int partitions = Integer.parseInt(opt.getOrDefault("shuffle-partitions", "8"));
    Path root =
        opt.containsKey("warehouse")
            ? Path.of(opt.get("warehouse"))
            : Files.createTempDirectory("omnitouch-bench");
    if (days < FIRST_FULL_WINDOW_DAY + 1) {
      throw new IllegalArgumentException("--days must be more than " + FIRST_FULL_WINDOW_DAY);
    }
    OmnitouchConfig config =
        OmnitouchConfig.builder()
            .warehouse(root)
            .master(opt.getOrDefault("master", "local[*]"))
            .shufflePartitions(partitions)
            .build();
    SparkSession spark = SparkSessions.create(config, "omnitouch-attribution-bench");
    spark.sparkContext().setLogLevel("WARN");
    Warehouse wh = new Warehouse(spark, root);
    System.out.printf(
        Locale.ROOT,
        "attribution bench: %,d touches and %,d paid orders per day, %d days, %,d users,"
            + " warehouse %s, %d cores%n",
        touchesPerDay,
        ordersPerDay,
        days,
        users,
        root,
        Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    if (!opt.containsKey("reuse")) {
      wh.overwrite("silver/touches", touches(spark, touchesPerDay, days, users));
      wh.overwrite("silver/paid_orders", paidOrders(spark, ordersPerDay, days, users));
      System.out.printf(Locale.ROOT, "synthesized silver in %.1f s%n", seconds(t0));
      long t1 = System.nanoTime();
      LocalDate lastBackfilled = day(days - 1);
      new MartRunner(context(wh, config, lastBackfilled, DAY_ONE)).build(new AttributionPaths());
      System.out.printf(
          Locale.ROOT,
          "back-filled attribution_paths %s .. %s in %.1f s%n",
          DAY_ONE,
          lastBackfilled,
          seconds(t1));
    }

    List<MartJob> stage =
        MartCatalog.all().stream().filter(j -> j.group().equals("attribution")).toList();
    night(wh, config, stage, WARM_UP_DAY, "warm-up");
    List<Double> early = new ArrayList<>();
    List<Double> late = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      early.add(night(wh, config, stage, FIRST_FULL_WINDOW_DAY, "timed"));
      late.add(night(wh, config, stage, days, "timed"));
    }
    double bestEarly = early.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double bestLate = late.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "RESULT day %d: %.1f s (runs %s); day %d: %.1f s (runs %s); ratio day %d / day %d = %.2f"
            + " (target <= 1.30)%n",
        FIRST_FULL_WINDOW_DAY,
        bestEarly,
        format(early),
        days,
        bestLate,
        format(late),
        days,
        FIRST_FULL_WINDOW_DAY,
        bestLate / bestEarly);
    if (!opt.containsKey("keep") && !opt.containsKey("warehouse")) {
      deleteTree(root);
    }
    spark.stop();
  }

  /** One nightly attribution stage for day {@code n}; returns its wall time in seconds. */
  static double night(
      Warehouse wh, OmnitouchConfig config, List<MartJob> stage, int n, String label) {
    LocalDate date = day(n);
    long start = System.nanoTime();
    StringBuilder detail = new StringBuilder();
    MartRunner runner = new MartRunner(context(wh, config, date, date));
    for (MartJob job : stage) {
      long t = System.nanoTime();
      long rows = runner.build(job);
      detail.append(String.format(Locale.ROOT, " %s=%,d rows/%.1fs", job.name(), rows, seconds(t)));
    }
    double s = seconds(start);
    System.out.printf(Locale.ROOT, "%s night day %d (%s): %.1f s;%s%n", label, n, date, s, detail);
    return s;
  }

  static RunContext context(Warehouse wh, OmnitouchConfig config, LocalDate run, LocalDate from) {
    return new RunContext("bench-" + run, run, from, config, wh);
  }

  static LocalDate day(int n) {
    return DAY_ONE.plusDays(n - 1);
  }

  /** {@code perDay} touches on each of {@code days} days, users drawn uniformly. */
  static Dataset<Row> touches(SparkSession spark, long perDay, int days, long users) {
    Column dayIndex = col("id").divide(perDay).cast("int");
    Column channel =
        element_at(channelArray(CHANNELS), expr("cast(pmod(xxhash64(id, 7), 3) as int) + 1"));
    Dataset<Row> raw =
        spark
            .range(perDay * days)
            .select(
                col("id"),
                date_add(lit(java.sql.Date.valueOf(DAY_ONE)), dayIndex).as("day"),
                expr("pmod(xxhash64(id, 1), " + users + ")").as("user_no"),
                expr("pmod(xxhash64(id, 2), 86400)").as("second_of_day"))
            .withColumn("channel", channel);
    return Schemas.conform(
        raw.select(
            concat(lit("u"), col("user_no").cast("string")).as("user_id"),
            expr("timestamp_seconds(unix_seconds(cast(day as timestamp)) + second_of_day)")
                .as("touch_time"),
            col("day").as("touch_date"),
            col("channel"),
            concat(lit("t"), col("id").cast("string")).as("source_id"),
            when(col("channel").equalTo("scan"), lit("consumer"))
                .when(col("channel").equalTo("guide"), lit("chat"))
                .otherwise(lit("join"))
                .as("event_type"),
            concat(lit("S"), expr("pmod(user_no, " + STORES + ")").cast("string")).as("store_id"),
            when(
                    col("channel").equalTo("guide"),
                    concat(lit("G"), expr("pmod(user_no, " + STORES * 4 + ")").cast("string")))
                .as("guide_id"),
            when(
                    col("channel").equalTo("community"),
                    concat(lit("grp"), expr("pmod(user_no, " + STORES * 2 + ")").cast("string")))
                .as("group_id"),
            lit(null).cast("string").as("campaign_id")),
        "silver/touches");
  }

  /** {@code perDay} paid orders on each day; 10% anonymous. */
  static Dataset<Row> paidOrders(SparkSession spark, long perDay, int days, long users) {
    Column dayIndex = col("id").divide(perDay).cast("int");
    Dataset<Row> raw =
        spark
            .range(perDay * days)
            .select(
                col("id"),
                date_add(lit(java.sql.Date.valueOf(DAY_ONE)), dayIndex).as("day"),
                expr("pmod(xxhash64(id, 11), " + users + ")").as("user_no"),
                expr("pmod(xxhash64(id, 12), 86400)").as("second_of_day"),
                expr("pmod(xxhash64(id, 13), 1000)").as("anonymous_draw"),
                expr("pmod(xxhash64(id, 14), 50000) + 100").as("cents"));
    return Schemas.conform(
        raw.select(
            concat(lit("o"), col("id").cast("string")).as("order_id"),
            col("day").as("order_date"),
            expr("timestamp_seconds(unix_seconds(cast(day as timestamp)) + second_of_day)")
                .as("order_time"),
            when(
                    col("anonymous_draw").geq(ANONYMOUS_SHARE * 1000),
                    concat(lit("u"), col("user_no").cast("string")))
                .as("user_id"),
            lit("mini_program").as("channel"),
            concat(lit("S"), expr("pmod(user_no, " + STORES + ")").cast("string")).as("store_id"),
            lit(null).cast("string").as("guide_id"),
            lit(null).cast("string").as("group_id"),
            lit(null).cast("string").as("share_id"),
            lit("330106").as("region_code"),
            col("cents").divide(100).cast("decimal(18,2)").as("value"),
            lit(1L).as("units"),
            lit(1).as("counting_lines")),
        "silver/paid_orders");
  }

  private static Column channelArray(String[] values) {
    Column[] lits = new Column[values.length];
    for (int i = 0; i < values.length; i++) {
      lits[i] = lit(values[i]);
    }
    return org.apache.spark.sql.functions.array(lits);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String format(List<Double> runs) {
    return runs.stream()
        .map(d -> String.format(Locale.ROOT, "%.1f", d))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      out.put(key, flag ? "true" : args[++i]);
    }
    return out;
  }

  static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
