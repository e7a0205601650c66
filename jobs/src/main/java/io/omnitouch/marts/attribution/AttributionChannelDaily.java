package io.omnitouch.marts.attribution;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code attribution_channel_daily}: one row per dt (order date), model and channel: orders (the
 * sum of the channel's credits) and revenue (the sum of its credited revenue), from {@code
 * attribution_orders}. Per dt and model, orders add up to the paid orders and revenue to their
 * value.
 */
public final class AttributionChannelDaily extends Mart {
  public static final String NAME = "attribution_channel_daily";

  public AttributionChannelDaily() {
    super(NAME, "attribution", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    return build(
        ctx.warehouse()
            .read("gold/" + AttributionOrders.NAME)
            .filter(DateRange.between(col("dt"), from, to)));
  }

  public static Dataset<Row> build(Dataset<Row> attributionOrders) {
    return attributionOrders
        .groupBy(col("order_date").as("dt"), col("model"), col("channel"))
        .agg(sum("credit").as("orders"), sum("credited_revenue").as("revenue"));
  }
}
