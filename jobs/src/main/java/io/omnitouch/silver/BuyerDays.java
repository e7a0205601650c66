package io.omnitouch.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.schema.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * {@code silver/buyer_days}: one row per known buyer (user_id not null) and order date with a paid
 * order: orders, revenue (their value) and first_channel, the channel of the buyer's first paid
 * order that day (lowest order_time, then order_id). The compact history the customer-asset marts
 * classify buyers from (marts.md, Customer assets): a few hundred thousand rows a day where the
 * orders are many more columns. Restated per order date from {@code silver/paid_orders}, like it.
 */
public final class BuyerDays {
  public static final String TABLE = "silver/buyer_days";

  private BuyerDays() {}

  /** Paid orders of the dates to restate. */
  public static Dataset<Row> build(Dataset<Row> paidOrders) {
    Dataset<Row> known = paidOrders.filter(col("user_id").isNotNull());
    WindowSpec firstOfDay =
        Window.partitionBy("user_id", "order_date").orderBy("order_time", "order_id");
    Dataset<Row> ranked = known.withColumn("_rank", functions.row_number().over(firstOfDay));
    Dataset<Row> perDay =
        ranked
            .groupBy("user_id", "order_date")
            .agg(
                count(functions.lit(1)).as("orders"),
                sum("value").as("revenue"),
                first(functions.when(col("_rank").equalTo(1), col("channel")), true)
                    .as("first_channel"));
    return Schemas.conform(perDay, TABLE);
  }
}
