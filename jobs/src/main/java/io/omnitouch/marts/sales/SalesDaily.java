package io.omnitouch.marts.sales;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code sales_daily}: one row per dt (order date) x store_id x sku x channel x region_code with
 * revenue (value of counting lines), orders (paid orders with a counting line there), buyers
 * (distinct known users in the row, not additive across rows), units, refunded_amount (lines whose
 * latest status is refunded) and gross_margin (revenue - units x unit_cost). A line counts when its
 * latest status is paid; cancelled lines count for nothing. store_id, channel and region_code are
 * the line's own; a row may hold only refunded lines (revenue 0, refunded_amount > 0).
 */
public final class SalesDaily extends Mart {
  public static final String NAME = "sales_daily";
  static final String PAID = "paid";
  static final String REFUNDED = "refunded";

  public SalesDaily() {
    super(NAME, "sales", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> lines =
        wh.read("silver/order_lines").filter(DateRange.between(col("order_date"), from, to));
    return build(lines, Dimensions.read(wh, "products"));
  }

  /** Order lines (current versions) of the dates to build and the products dimension. */
  public static Dataset<Row> build(Dataset<Row> orderLines, Dataset<Row> products) {
    Column counts = col("status").equalTo(PAID);
    Column refunded = col("status").equalTo(REFUNDED);
    Dataset<Row> relevantLines = orderLines.filter(counts.or(refunded));
    Dataset<Row> costs = products.select(col("sku").as("cost_sku"), col("unit_cost"));
    Dataset<Row> costed =
        relevantLines.join(costs, relevantLines.col("sku").equalTo(costs.col("cost_sku")), "left");
    Column zero = lit(0).cast("decimal(18,2)");
    Dataset<Row> perRow =
        costed
            .groupBy(
                col("order_date").as("dt"),
                col("store_id"),
                col("sku"),
                col("channel"),
                col("region_code"))
            .agg(
                coalesce(sum(when(counts, col("paid_amount"))), zero).as("revenue"),
                countDistinct(when(counts, col("order_id"))).as("orders"),
                countDistinct(when(counts, col("user_id"))).as("buyers"),
                coalesce(sum(when(counts, col("quantity").cast("bigint"))), lit(0L)).as("units"),
                coalesce(sum(when(refunded, col("paid_amount"))), zero).as("refunded_amount"),
                sum(when(counts, col("quantity").multiply(col("unit_cost")))).as("line_cost"),
                sum(when(counts.and(col("unit_cost").isNull()), lit(1))).as("uncosted_lines"));
    Column grossMargin =
        when(
            col("uncosted_lines").isNull(), col("revenue").minus(coalesce(col("line_cost"), zero)));
    return perRow.select(
        col("dt"),
        col("store_id"),
        col("sku"),
        col("channel"),
        col("region_code"),
        col("revenue").cast("decimal(18,2)").as("revenue"),
        col("orders"),
        col("buyers"),
        col("units"),
        col("refunded_amount").cast("decimal(18,2)").as("refunded_amount"),
        grossMargin.cast("decimal(18,2)").as("gross_margin"));
  }
}
