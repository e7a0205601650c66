package io.omnitouch.marts.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code attribution_model_weights}: one row per dt, data-driven model ({@code markov}, {@code
 * shapley}) and channel: effect (removal effect, or Shapley value, over the window ending on dt)
 * and weight (effect normalised over all channels; a negative Shapley value counts as 0). The
 * window ending on dt holds the converting paths of the orders dated {@code dt - 29 .. dt} (one per
 * order, value = order value) and one non-converting path per user: their touches of {@code dt - 29
 * .. dt} with no paid order after them up to the end of dt, in path order. Orders with an empty
 * path ({@code direct}) are not part of the chain.
 *
 * <p>Paths are collapsed (consecutive repeats removed; neither model changes) and aggregated to
 * distinct paths in Spark; only those aggregates reach the driver, where {@link MarkovModel} and
 * {@link ShapleyModel} run. Building a date reads the stored paths, touches and paid orders of the
 * 30-day window only, never older history.
 */
public final class AttributionModelWeights extends Mart {
  public static final String NAME = "attribution_model_weights";
  public static final String MARKOV = "markov";
  public static final String SHAPLEY = "shapley";

  /** A window ends on dt and starts 29 days before: 30 days of orders. */
  public static final int WINDOW_DAYS = 30;

  public AttributionModelWeights() {
    super(NAME, "attribution", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    LocalDate windowStart = from.minusDays(WINDOW_DAYS - 1);
    Dataset<Row> paths =
        wh.read("gold/" + AttributionPaths.NAME)
            .filter(DateRange.between(col("dt"), windowStart, to))
            .select("order_date", "touch_count", "path", "value");
    Dataset<Row> touches =
        wh.read("silver/touches")
            .filter(DateRange.between(col("touch_date"), windowStart, to))
            .select("user_id", "touch_time", "touch_date", "channel", "source_id");
    Dataset<Row> orders =
        wh.read("silver/paid_orders")
            .filter(DateRange.between(col("order_date"), windowStart, to))
            .select("user_id", "order_time", "order_date");
    return build(paths, touches, orders, from, to);
  }

  /**
   * Stored order paths, touches and paid orders covering {@code from - 29 .. to}; one window per
   * date of {@code from .. to}.
   */
  public static Dataset<Row> build(
      Dataset<Row> orderPaths,
      Dataset<Row> touches,
      Dataset<Row> paidOrders,
      LocalDate from,
      LocalDate to) {
    Dataset<Row> distinctPaths =
        convertingPaths(orderPaths, from, to)
            .unionByName(nullPaths(touches, paidOrders, from, to))
            .groupBy("dt", "path")
            .agg(
                sum("conversions").as("conversions"),
                sum("value").as("value"),
                sum("nulls").as("nulls"));
    Map<LocalDate, List<PathStat>> windows = new TreeMap<>();
    for (Row r : distinctPaths.collectAsList()) {
      windows
          .computeIfAbsent(r.getDate(0).toLocalDate(), d -> new ArrayList<>())
          .add(PathStat.of(r.getString(1), r.getLong(2), r.getDouble(3), r.getLong(4)));
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<LocalDate, List<PathStat>> w : windows.entrySet()) {
      // Collected rows come in any order; sorted, a rerun gives bit-identical effects.
      w.getValue().sort(Comparator.comparing(p -> String.join(PathStat.SEPARATOR, p.channels())));
      out.addAll(weightRows(w.getKey(), w.getValue()));
    }
    SparkSession spark = orderPaths.sparkSession();
    return spark.createDataFrame(out, Schemas.struct("marts/" + NAME));
  }

  /** Both models over one window's distinct paths. */
  static List<Row> weightRows(LocalDate dt, List<PathStat> paths) {
    long conversions = 0;
    long nulls = 0;
    for (PathStat p : paths) {
      conversions += (long) p.conversions();
      nulls += (long) p.nulls();
    }
    List<Row> rows = new ArrayList<>();
    Map<String, Double> markov = MarkovModel.fit(paths).effects();
    double reSum = markov.values().stream().mapToDouble(Double::doubleValue).sum();
    for (Map.Entry<String, Double> e : markov.entrySet()) {
      double weight = reSum == 0 ? 0 : e.getValue() / reSum;
      rows.add(row(dt, MARKOV, e.getKey(), e.getValue(), weight, conversions, nulls));
    }
    Map<String, Double> shapley = ShapleyModel.values(paths);
    Map<String, Double> shapleyWeights = ShapleyModel.normalisedWeights(shapley);
    for (Map.Entry<String, Double> e : shapley.entrySet()) {
      rows.add(
          row(
              dt,
              SHAPLEY,
              e.getKey(),
              e.getValue(),
              shapleyWeights.get(e.getKey()),
              conversions,
              nulls));
    }
    return rows;
  }

  private static Row row(
      LocalDate dt,
      String model,
      String channel,
      double effect,
      double weight,
      long conversions,
      long nulls) {
    return RowFactory.create(Date.valueOf(dt), model, channel, effect, weight, conversions, nulls);
  }

  /**
   * One converting path per order with touches, in every window of {@code from..to} it falls in.
   */
  static Dataset<Row> convertingPaths(Dataset<Row> orderPaths, LocalDate from, LocalDate to) {
    Dataset<Row> inRange =
        orderPaths.filter(
            DateRange.between(col("order_date"), from.minusDays(WINDOW_DAYS - 1), to)
                .and(col("touch_count").gt(0)));
    return inRange
        .withColumn("channels", expr("split(path, '" + PathStat.SEPARATOR + "')"))
        .select(
            windowsContaining(col("order_date"), from, to).as("dt"),
            collapse("channels").as("path"),
            lit(1L).as("conversions"),
            col("value").cast("double").as("value"),
            lit(0L).as("nulls"));
  }

  /**
   * Per window and user, the touches of the window with no paid order of that user after them (up
   * to the end of the window's last day): one non-converting path.
   */
  static Dataset<Row> nullPaths(
      Dataset<Row> touches, Dataset<Row> paidOrders, LocalDate from, LocalDate to) {
    LocalDate windowStart = from.minusDays(WINDOW_DAYS - 1);
    Dataset<Row> touchesPerWindow =
        touches
            .filter(
                DateRange.between(col("touch_date"), windowStart, to)
                    .and(col("user_id").isNotNull()))
            .select(
                col("user_id"),
                windowsContaining(col("touch_date"), from, to).as("dt"),
                col("touch_time"),
                col("channel"),
                col("source_id"));
    Dataset<Row> lastOrderPerWindow =
        paidOrders
            .filter(
                DateRange.between(col("order_date"), windowStart, to)
                    .and(col("user_id").isNotNull()))
            .select(
                col("user_id").as("buyer"),
                windowsContaining(col("order_date"), from, to).as("order_window"),
                col("order_time"))
            .groupBy("buyer", "order_window")
            .agg(max("order_time").as("last_order_time"));
    Column sameUserAndWindow =
        col("user_id").equalTo(col("buyer")).and(col("dt").equalTo(col("order_window")));
    Dataset<Row> unconverted =
        touchesPerWindow
            .join(lastOrderPerWindow, sameUserAndWindow, "left")
            .filter(
                col("last_order_time").isNull().or(col("touch_time").geq(col("last_order_time"))));
    Dataset<Row> perUser =
        unconverted
            .groupBy("dt", "user_id")
            .agg(
                sort_array(
                        collect_list(struct(col("touch_time"), col("channel"), col("source_id"))))
                    .as("sorted"));
    return perUser
        .withColumn("deduplicated", AttributionPaths.firstDeliveryOfEachSource("sorted"))
        .withColumn("channels", expr("transform(deduplicated, t -> t.channel)"))
        .select(col("dt"), collapse("channels").as("path"))
        .groupBy("dt", "path")
        .agg(count(lit(1)).as("nulls"))
        .select(
            col("dt"), col("path"), lit(0L).as("conversions"), lit(0.0).as("value"), col("nulls"));
  }

  /**
   * One row per window end {@code dt} in {@code from..to} whose 30 days hold {@code date}: dt in
   * {@code [max(date, from), min(date + 29, to)]}.
   */
  static Column windowsContaining(Column date, LocalDate from, LocalDate to) {
    return explode(
        sequence(
            greatest(date, lit(Date.valueOf(from))),
            least(date_add(date, WINDOW_DAYS - 1), lit(Date.valueOf(to)))));
  }

  /** The array column {@code channels} with consecutive repeats removed, joined into a path. */
  static Column collapse(String channels) {
    return expr(
        String.format(
            Locale.ROOT,
            "array_join(filter(%1$s, (c, i) -> i = 0 OR c != %1$s[i - 1]), '%2$s')",
            channels,
            PathStat.SEPARATOR));
  }
}
