package io.omnitouch.marts.sales;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed sales of 2026-11-20: a refunded line counts only in refunded_amount, a cancelled
 * line counts for nothing, an anonymous buyer adds an order but no buyer, a buyer with two orders
 * is one buyer, a sku without unit_cost has no margin.
 */
class SalesDailyTest {
  static final String LINES =
      "order_id STRING, line_no INT, order_date DATE, status STRING, user_id STRING,"
          + " channel STRING, store_id STRING, sku STRING, quantity INT, paid_amount DECIMAL(18,2),"
          + " region_code STRING";

  static Object[] line(
      String order,
      int no,
      String status,
      String user,
      String channel,
      String store,
      String sku,
      int qty,
      String paid,
      String region) {
    return row(
        order,
        no,
        Date.valueOf("2026-11-20"),
        status,
        user,
        channel,
        store,
        sku,
        qty,
        new BigDecimal(paid),
        region);
  }

  static BigDecimal m(String v) {
    return new BigDecimal(v);
  }

  @Test
  void salesPerStoreSkuChannelAndRegion() {
    Dataset<Row> lines =
        rows(
            LINES,
            line("o1", 1, "paid", "u1", "guide", "S1", "A", 2, "200.00", "330106"),
            line("o1", 2, "refunded", "u1", "guide", "S1", "B", 1, "50.00", "330106"),
            line("o2", 1, "paid", "u2", "guide", "S1", "A", 1, "90.00", "330106"),
            line("o3", 1, "paid", null, "store", "S1", "A", 1, "100.00", "330106"),
            line("o4", 1, "cancelled", "u3", "guide", "S1", "A", 5, "500.00", "330106"),
            line("o5", 1, "paid", "u1", "guide", "S1", "A", 1, "95.00", "330106"),
            line("o6", 1, "paid", "u4", "ecommerce", null, "C", 1, "30.00", null));
    Dataset<Row> products =
        rows("sku STRING, unit_cost DECIMAL(18,2)", row("A", m("60.00")), row("B", m("20.00")));
    Dataset<Row> actual = SalesDaily.build(lines, products);
    Date d = Date.valueOf("2026-11-20");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // 200 + 90 + 95; u1 twice is one buyer; 385 - 4 x 60
            row(d, "S1", "A", "guide", "330106", m("385.00"), 3L, 2L, 4L, m("0.00"), m("145.00")),
            row(d, "S1", "B", "guide", "330106", m("0.00"), 0L, 0L, 0L, m("50.00"), m("0.00")),
            row(d, "S1", "A", "store", "330106", m("100.00"), 1L, 0L, 1L, m("0.00"), m("40.00")),
            row(d, null, "C", "ecommerce", null, m("30.00"), 1L, 1L, 1L, m("0.00"), null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
