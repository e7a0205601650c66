package io.omnitouch.marts.attribution;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.struct;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.marts.attribution.HeuristicModels.Heuristic;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code attribution_orders}: one row per paid order, model and channel credited, with credit and
 * credited_revenue (credit x order value), both unrounded doubles. For every order and model the
 * credits sum to 1. On the order's path (see {@link AttributionPaths}): first_touch and last_touch
 * give everything to the first or last touch; linear splits equally per touch; time_decay weighs a
 * touch {@code 2^(-(order_time - touch_time) / 7 days)}, normalised; position_based gives 100% to a
 * single touch, 50/50 to two, else 40% first, 40% last and 20% split over the touches between;
 * markov and shapley give each channel on the path its window weight ({@link
 * AttributionModelWeights}, window ending on the order date) normalised over the path's channels.
 * Anonymous orders and orders with an empty path credit {@code direct} with 1 in every model.
 *
 * <p>Each order's credits are computed inside its row with higher-order functions over the path
 * array (the formulas of {@link HeuristicModels}), so no shuffle is needed before the write.
 */
public final class AttributionOrders extends Mart {
  public static final String NAME = "attribution_orders";
  public static final String DIRECT = "direct";

  /** Every model, in the order rows are produced. */
  public static final List<String> MODELS =
      List.of(
          Heuristic.FIRST_TOUCH.modelName(),
          Heuristic.LAST_TOUCH.modelName(),
          Heuristic.LINEAR.modelName(),
          Heuristic.TIME_DECAY.modelName(),
          Heuristic.POSITION_BASED.modelName(),
          AttributionModelWeights.MARKOV,
          AttributionModelWeights.SHAPLEY);

  public AttributionOrders() {
    super(NAME, "attribution", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> paths =
        wh.read("gold/" + AttributionPaths.NAME).filter(DateRange.between(col("dt"), from, to));
    Dataset<Row> weights =
        wh.read("gold/" + AttributionModelWeights.NAME)
            .filter(DateRange.between(col("dt"), from, to));
    return build(paths, weights);
  }

  /** Order paths of the dates to build and the model weights of the same dates. */
  public static Dataset<Row> build(Dataset<Row> orderPaths, Dataset<Row> modelWeights) {
    Dataset<Row> weightMaps =
        modelWeights
            .groupBy(col("dt").as("weights_dt"))
            .pivot(
                "model", List.of(AttributionModelWeights.MARKOV, AttributionModelWeights.SHAPLEY))
            .agg(map_from_entries(collect_list(struct(col("channel"), col("weight")))));
    Dataset<Row> withWeights =
        orderPaths.join(
            broadcast(weightMaps), orderPaths.col("order_date").equalTo(col("weights_dt")), "left");
    Dataset<Row> pathArrays =
        withWeights
            .withColumn("channels", expr("transform(touches, t -> t.channel)"))
            .withColumn("distinct_channels", expr("array_distinct(channels)"))
            .withColumn(
                "decay",
                expr(
                    String.format(
                        Locale.ROOT,
                        "transform(touches, t -> pow(2D, -(cast(order_time as double)"
                            + " - cast(t.touch_time as double)) / %s))",
                        HeuristicModels.TIME_DECAY_HALF_LIFE_SECONDS)))
            .withColumn("decay_sum", expr("aggregate(decay, 0D, (acc, d) -> acc + d)"));
    List<Column> models = new ArrayList<>();
    for (Heuristic h : Heuristic.values()) {
      models.add(struct(expr("'" + h.modelName() + "'").as("model"), heuristicCredits(h)));
    }
    models.add(
        struct(
            expr("'" + AttributionModelWeights.MARKOV + "'").as("model"),
            dataDrivenCredits(AttributionModelWeights.MARKOV)));
    models.add(
        struct(
            expr("'" + AttributionModelWeights.SHAPLEY + "'").as("model"),
            dataDrivenCredits(AttributionModelWeights.SHAPLEY)));
    Dataset<Row> perModel =
        pathArrays
            .select(
                col("order_id"),
                col("order_date"),
                col("user_id"),
                col("value"),
                explode(org.apache.spark.sql.functions.array(models.toArray(Column[]::new)))
                    .as("m"))
            .select(
                col("order_id"),
                col("order_date"),
                col("user_id"),
                col("value"),
                col("m.model").as("model"),
                explode(col("m.credits")).as("c"));
    return perModel.select(
        col("order_date").as("dt"),
        col("order_id"),
        col("order_date"),
        col("user_id"),
        col("model"),
        col("c.channel").as("channel"),
        col("c.credit").as("credit"),
        col("c.credit").multiply(col("value").cast("double")).as("credited_revenue"));
  }

  /**
   * Per-touch weights of a heuristic as a SQL lambda body over touch {@code t} at index {@code i}
   * of a path of {@code size(touches)} touches: the formulas of {@link HeuristicModels}.
   */
  static String touchWeight(Heuristic h) {
    String n = "size(touches)";
    return switch (h) {
      case FIRST_TOUCH -> "if(i = 0, 1D, 0D)";
      case LAST_TOUCH -> "if(i = " + n + " - 1, 1D, 0D)";
      case LINEAR -> "1D / " + n;
      case TIME_DECAY -> "decay[i] / decay_sum";
      case POSITION_BASED ->
          String.format(
              Locale.ROOT,
              "CASE WHEN %1$s = 1 THEN 1D WHEN %1$s = 2 THEN %2$sD"
                  + " WHEN i = 0 OR i = %1$s - 1 THEN %3$sD ELSE %4$sD / (%1$s - 2) END",
              n,
              HeuristicModels.POSITION_TWO_TOUCH_SHARE,
              HeuristicModels.POSITION_ENDS_SHARE,
              HeuristicModels.POSITION_MIDDLE_SHARE);
    };
  }

  /** {@code credits}: array of (channel, credit), one per distinct channel, or direct. */
  static Column heuristicCredits(Heuristic h) {
    String weights = "transform(touches, (t, i) -> " + touchWeight(h) + ")";
    String perChannel =
        "transform(distinct_channels, c -> named_struct('channel', c, 'credit',"
            + " aggregate(zip_with(channels, "
            + weights
            + ", (ch, w) -> if(ch = c, w, 0D)), 0D, (acc, w) -> acc + w)))";
    return orDirect(perChannel);
  }

  /**
   * The window weight of each channel on the path, normalised over the path's channels; equal
   * shares in the (unexpected) case that none of them has a positive weight.
   */
  static Column dataDrivenCredits(String model) {
    String raw = "transform(distinct_channels, c -> coalesce(" + model + "[c], 0D))";
    String total = "aggregate(" + raw + ", 0D, (acc, w) -> acc + w)";
    String perChannel =
        String.format(
            Locale.ROOT,
            "transform(distinct_channels, (c, i) -> named_struct('channel', c, 'credit',"
                + " if(%2$s > 0, %1$s[i] / %2$s, 1D / size(distinct_channels))))",
            raw,
            total);
    return orDirect(perChannel);
  }

  private static Column orDirect(String perChannel) {
    return expr("if(size(touches) = 0, array(named_struct('channel', '"
            + DIRECT
            + "', 'credit', 1D)), "
            + perChannel
            + ")")
        .as("credits");
  }
}
