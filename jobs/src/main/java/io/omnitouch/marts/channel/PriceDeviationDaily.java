package io.omnitouch.marts.channel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code price_deviation_daily} (乱价): one row per dt (order date) x sku x city_code (first 4 digits
 * of the order's region_code; null when it has none) x channel, over counting lines (latest status
 * {@code paid}): lines, units, list_price (products.csv), avg_unit_price (units-weighted mean of
 * unit_price), min_unit_price, below_floor_units (units on lines with unit_price < list_price x (1
 * - floor)) and below_floor_share (below_floor_units / units). A sku without a list price has null
 * below-floor figures: nothing can be judged against an unknown price.
 */
public final class PriceDeviationDaily extends Mart {
  public static final String NAME = "price_deviation_daily";

  static final String PAID = "paid";
  private static final int CITY_DIGITS = 4;

  public PriceDeviationDaily() {
    super(NAME, "channel", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> lines =
        wh.read("silver/order_lines").filter(DateRange.between(col("order_date"), from, to));
    return build(lines, Dimensions.read(wh, "products"), ctx.config().priceFloor);
  }

  /**
   * @param orderLines current order lines of the dates to build
   * @param products the products dimension (sku, list_price)
   * @param floor share under the list price below which a unit counts as sold below the floor
   */
  public static Dataset<Row> build(Dataset<Row> orderLines, Dataset<Row> products, double floor) {
    if (floor < 0 || floor > 1) {
      throw new IllegalArgumentException("price floor must be a share in [0, 1], got " + floor);
    }
    Dataset<Row> countingLines = orderLines.filter(col("status").equalTo(PAID));
    Dataset<Row> listPrices = products.select(col("sku").as("list_sku"), col("list_price"));
    Dataset<Row> priced =
        countingLines.join(
            listPrices, countingLines.col("sku").equalTo(listPrices.col("list_sku")), "left");
    // Exact decimal arithmetic: a unit at exactly list x (1 - floor) is not below the floor.
    BigDecimal keptShare = BigDecimal.ONE.subtract(BigDecimal.valueOf(floor));
    Column floorPrice = col("list_price").multiply(lit(keptShare));
    Column units = col("quantity").cast("bigint");
    Column city = col("region_code").substr(1, CITY_DIGITS);
    Dataset<Row> perRow =
        priced
            .groupBy(col("order_date").as("dt"), col("sku"), city.as("city_code"), col("channel"))
            .agg(
                count(lit(1)).as("lines"),
                sum(units).as("units"),
                first(col("list_price"), true).as("list_price"),
                sum(col("unit_price").multiply(units)).as("price_x_units"),
                min(col("unit_price")).as("min_unit_price"),
                sum(when(col("unit_price").lt(floorPrice), units).otherwise(lit(0L)))
                    .as("below_units"));
    Column belowFloorUnits = when(col("list_price").isNotNull(), col("below_units"));
    return perRow.select(
        col("dt"),
        col("sku"),
        col("city_code"),
        col("channel"),
        col("lines"),
        col("units"),
        col("list_price").cast("decimal(18,2)").as("list_price"),
        col("price_x_units").divide(col("units")).cast("decimal(18,2)").as("avg_unit_price"),
        col("min_unit_price").cast("decimal(18,2)").as("min_unit_price"),
        belowFloorUnits.as("below_floor_units"),
        belowFloorUnits.cast("double").divide(col("units").cast("double")).as("below_floor_share"));
  }

  /**
   * The cities of date {@code d} with units below the floor, by below_floor_units / units over the
   * rows the mart could judge (below_floor_units not null: skus with a list price), highest share
   * first, then more units below, then city code; at most {@code n}. Columns: city_code, below,
   * units. The report's channel section and {@code omnitouch alert} name the same cities.
   */
  public static Dataset<Row> worstCities(Dataset<Row> mart, LocalDate d, int n) {
    return mart.filter(col("dt").equalTo(lit(java.sql.Date.valueOf(d))))
        .filter(col("city_code").isNotNull().and(col("below_floor_units").isNotNull()))
        .groupBy("city_code")
        .agg(sum("below_floor_units").as("below"), sum("units").as("units"))
        .filter(col("below").gt(0))
        .orderBy(
            col("below").cast("double").divide(col("units")).desc(),
            col("below").desc(),
            col("city_code"))
        .limit(n);
  }
}
