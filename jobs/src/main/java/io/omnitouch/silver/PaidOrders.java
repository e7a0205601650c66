package io.omnitouch.silver;

import io.omnitouch.schema.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * {@code silver/paid_orders}: one row per paid order. A line counts when its current version is
 * {@code paid}; an order is paid when at least one line counts; its value is the sum of the
 * counting lines' paid_amount; order-level fields come from its lowest counting line_no; its date
 * is the Asia/Shanghai date of that line's order_time (inputs.md, orders).
 */
public final class PaidOrders {
  public static final String TABLE = "silver/paid_orders";

  private PaidOrders() {}

  public static Dataset<Row> build(Dataset<Row> orderLines) {
    Dataset<Row> countingLines = orderLines.filter(functions.col("status").equalTo("paid"));
    WindowSpec perOrder = Window.partitionBy("order_id");
    WindowSpec lowestLineFirst = perOrder.orderBy("line_no");
    Dataset<Row> withTotals =
        countingLines
            .withColumn("value", functions.sum("paid_amount").over(perOrder))
            .withColumn(
                "units", functions.sum(functions.col("quantity").cast("bigint")).over(perOrder))
            .withColumn("counting_lines", functions.count(functions.lit(1)).over(perOrder))
            .withColumn("_rank", functions.row_number().over(lowestLineFirst));
    Column businessDate = functions.to_date(functions.col("order_time"));
    return Schemas.conform(
        withTotals.filter("_rank = 1").withColumn("order_date", businessDate), TABLE);
  }
}
