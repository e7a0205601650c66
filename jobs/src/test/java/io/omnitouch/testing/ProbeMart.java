package io.omnitouch.testing;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A small mart for the fault tests, so they can crash a run inside a known mart write and export
 * whatever marts the catalog holds: one row per order date, store and user with that user's paid
 * orders and their value (from {@code silver/paid_orders}). Registered only on the classpath of the
 * process tests' child jobs ({@code src/test/probe/META-INF/services}).
 */
public final class ProbeMart extends Mart {
  public static final String NAME = "probe_sales";

  public ProbeMart() {
    super(NAME, "probe", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    return build(
        ctx.warehouse()
            .read("silver/paid_orders")
            .filter(Warehouse.dateRange("order_date", from, to)));
  }

  public static Dataset<Row> build(Dataset<Row> paidOrders) {
    return paidOrders
        .groupBy(
            functions.col("order_date").as("dt"),
            functions.col("store_id"),
            functions.col("user_id"))
        .agg(functions.count(functions.lit(1)).as("orders"), functions.sum("value").as("revenue"));
  }
}
