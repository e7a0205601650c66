package io.omnitouch.marts.uplift;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The outcome shared by the programme marts: a store's daily paid revenue, as of a run date
 * (marts.md, Uplift: orders credited to its store_id, by order date; a day without sales counts as
 * 0, so only days with sales are listed and the marts divide sums by days).
 */
final class StoreRevenue {
  private StoreRevenue() {}

  /** One row per store and order date with sales up to {@code runDate}: store_id, date, revenue. */
  static Dataset<Row> daily(Dataset<Row> paidOrders, LocalDate runDate) {
    return paidOrders
        .filter(col("store_id").isNotNull().and(col("order_date").leq(lit(Date.valueOf(runDate)))))
        .groupBy(col("store_id"), col("order_date").as("date"))
        .agg(sum("value").cast(DataTypes.DoubleType).as("revenue"));
  }

  /**
   * Each store's running revenue total, one row per store with sales and day from {@code from} to
   * {@code runDate}: store_id, date, cumulative (revenue on {@code from..date}). A window's sum is
   * then two lookups, {@code cumulative(end) − cumulative(start − 1)} (0 before {@code from}), so
   * the cost grows with stores × days rather than stores × days × windows.
   */
  static Dataset<Row> cumulative(Dataset<Row> daily, LocalDate from, LocalDate runDate) {
    long days = java.time.temporal.ChronoUnit.DAYS.between(from, runDate) + 1;
    Dataset<Row> calendar =
        daily
            .sparkSession()
            .range(0, Math.max(days, 0))
            .select(date_add(lit(Date.valueOf(from)), col("id").cast("int")).as("date"));
    Dataset<Row> grid = daily.select("store_id").distinct().crossJoin(calendar);
    WindowSpec toDate =
        Window.partitionBy("store_id")
            .orderBy("date")
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return grid.join(daily, new String[] {"store_id", "date"}, "left")
        .select(
            col("store_id"),
            col("date"),
            sum(coalesce(col("revenue"), lit(0.0))).over(toDate).as("cumulative"));
  }

  /**
   * One row, column {@code data_start}: the first order date in the warehouse (up to the run date),
   * null when there is none. Days before it are unknown, not days without sales, so no window
   * reaches back past it.
   */
  static Dataset<Row> dataStart(Dataset<Row> paidOrders, LocalDate runDate) {
    return paidOrders
        .filter(col("order_date").leq(lit(Date.valueOf(runDate))))
        .agg(min("order_date").as("data_start"));
  }

  /**
   * Every store the marts know: the stores dimension and any store in the rollouts, with its
   * open_date (null when unknown). Days before a store opened are not days without sales.
   */
  static Dataset<Row> universe(Dataset<Row> stores, Dataset<Row> programRollouts) {
    Dataset<Row> fromRollouts =
        programRollouts.select(col("store_id"), lit(null).cast(DataTypes.DateType).as("open_date"));
    return stores
        .select(col("store_id"), col("open_date"))
        .unionByName(fromRollouts)
        .groupBy("store_id")
        .agg(min("open_date").as("open_date"));
  }
}
