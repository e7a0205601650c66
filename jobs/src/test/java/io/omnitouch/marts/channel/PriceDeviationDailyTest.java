package io.omnitouch.marts.channel;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed 乱价 of 2026-11-20 with list price 100.00 for A (floor price 80.00 at the default
 * floor) and no list price for C: a line at exactly 80.00 is not below the floor, 79.99 is; the
 * mean is weighted by units; refunded and cancelled lines count for nothing; the city is the first
 * 4 digits of the region; a line without region has a null city.
 */
class PriceDeviationDailyTest {
  static final String LINES =
      "order_id STRING, line_no INT, order_date DATE, status STRING, channel STRING, sku STRING,"
          + " quantity INT, unit_price DECIMAL(18,2), region_code STRING";
  static final Date D = Date.valueOf("2026-11-20");

  static Object[] line(
      String order, String status, String channel, String sku, int qty, String price, String reg) {
    return row(order, 1, D, status, channel, sku, qty, m(price), reg);
  }

  static BigDecimal m(String v) {
    return new BigDecimal(v);
  }

  static Dataset<Row> products() {
    return rows(
        "sku STRING, list_price DECIMAL(18,2)", row("A", m("100.00")), row("C", (Object) null));
  }

  @Test
  void pricesPerSkuCityAndChannelAgainstTheDefaultFloor() {
    Dataset<Row> lines =
        rows(
            LINES,
            line("o1", "paid", "store", "A", 2, "80.00", "330106"),
            line("o2", "paid", "store", "A", 1, "79.99", "330102"),
            line("o3", "paid", "store", "A", 3, "100.00", "330108"),
            line("o4", "refunded", "store", "A", 5, "10.00", "330106"),
            line("o5", "cancelled", "store", "A", 5, "10.00", "330106"),
            line("o6", "paid", "guide", "A", 1, "60.00", "330106"),
            line("o7", "paid", "store", "A", 1, "50.00", "320102"),
            line("o8", "paid", "ecommerce", "A", 2, "70.00", null),
            line("o9", "paid", "store", "C", 1, "5.00", "330106"));
    Dataset<Row> actual =
        PriceDeviationDaily.build(lines, products(), OmnitouchConfig.DEFAULT_PRICE_FLOOR);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // (2 x 80 + 79.99 + 3 x 100) / 6 = 539.99 / 6 = 89.998.. -> 90.00; only 79.99 below
            row(D, "A", "3301", "store", 3L, 6L, m("100.00"), m("90.00"), m("79.99"), 1L, 1 / 6.0),
            row(D, "A", "3301", "guide", 1L, 1L, m("100.00"), m("60.00"), m("60.00"), 1L, 1.0),
            row(D, "A", "3201", "store", 1L, 1L, m("100.00"), m("50.00"), m("50.00"), 1L, 1.0),
            row(D, "A", null, "ecommerce", 1L, 2L, m("100.00"), m("70.00"), m("70.00"), 2L, 1.0),
            // no list price: nothing to judge against
            row(D, "C", "3301", "store", 1L, 1L, null, m("5.00"), m("5.00"), null, null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void theFloorIsAParameter() {
    Dataset<Row> lines =
        rows(
            LINES,
            line("o1", "paid", "store", "A", 1, "95.00", "330106"),
            line("o2", "paid", "store", "A", 3, "89.99", "330106"));
    Dataset<Row> actual = PriceDeviationDaily.build(lines, products(), 0.10);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // (95 + 3 x 89.99) / 4 = 364.97 / 4 = 91.2425 -> 91.24; floor price 90.00
            row(D, "A", "3301", "store", 2L, 4L, m("100.00"), m("91.24"), m("89.99"), 3L, 0.75));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void aFloorOutsideZeroToOneIsRefused() {
    Dataset<Row> lines = rows(LINES);
    assertThrows(
        IllegalArgumentException.class, () -> PriceDeviationDaily.build(lines, products(), 1.5));
  }
}
