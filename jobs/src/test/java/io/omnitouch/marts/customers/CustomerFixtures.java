package io.omnitouch.marts.customers;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;

import io.omnitouch.marts.DateRange;
import io.omnitouch.silver.BuyerDays;
import io.omnitouch.silver.CustomerState;
import io.omnitouch.silver.PaidOrders;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Order lines written by hand (one line per order), the silver tables the customer marts read (paid
 * orders, buyer-days, customer state) derived from them by the silver code itself, and the split
 * into a base state and recent buyer-days that a run reads.
 */
final class CustomerFixtures {
  /** The run date of most fixtures. */
  static final LocalDate D = LocalDate.of(2026, 11, 20);

  static final String LINES =
      "order_id STRING, line_no INT, order_time TIMESTAMP, status STRING, user_id STRING,"
          + " channel STRING, store_id STRING, guide_id STRING, group_id STRING, share_id STRING,"
          + " region_code STRING, quantity INT, paid_amount DECIMAL(18,2)";

  private CustomerFixtures() {}

  /** A one-line order placed {@code daysBefore} days before {@link #D} at hh:00. */
  static Object[] order(
      String id, int daysBefore, int hour, String user, String channel, String value) {
    return order(id, daysBefore, hour, user, channel, value, "paid");
  }

  static Object[] order(
      String id,
      int daysBefore,
      int hour,
      String user,
      String channel,
      String value,
      String status) {
    Timestamp t = Timestamp.valueOf(D.minusDays(daysBefore).atTime(hour, 0));
    return row(
        id, 1, t, status, user, channel, null, null, null, null, null, 1, new BigDecimal(value));
  }

  static Dataset<Row> paidOrders(Object[]... lines) {
    return PaidOrders.build(rows(LINES, lines));
  }

  static Dataset<Row> buyerDays(Dataset<Row> paidOrders) {
    return BuyerDays.build(paidOrders);
  }

  /**
   * What a run reads: the state as of {@code asOf} and the buyer-days after it up to {@code to}.
   */
  static BuyerTimeline timeline(Dataset<Row> buyerDays, LocalDate asOf, LocalDate to) {
    Dataset<Row> base = CustomerState.rebuild(buyerDays, asOf);
    Dataset<Row> recent =
        buyerDays.filter(DateRange.between(col("order_date"), asOf.plusDays(1), to));
    return new BuyerTimeline(asOf, base, recent);
  }

  static Date date(int daysBefore) {
    return Date.valueOf(D.minusDays(daysBefore));
  }

  static BigDecimal m(String v) {
    return new BigDecimal(v);
  }

  static Object[][] concat(Object[][] a, Object[]... b) {
    Object[][] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
