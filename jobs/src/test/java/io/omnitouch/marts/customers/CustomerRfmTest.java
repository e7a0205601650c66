package io.omnitouch.marts.customers;

import static io.omnitouch.marts.customers.CustomerFixtures.D;
import static io.omnitouch.marts.customers.CustomerFixtures.date;
import static io.omnitouch.marts.customers.CustomerFixtures.m;
import static io.omnitouch.marts.customers.CustomerFixtures.order;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;

import io.omnitouch.marts.DateRange;
import io.omnitouch.silver.CustomerState;
import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Hand-computed RFM segments as of D: each rule and each recency boundary. */
class CustomerRfmTest {
  static final Object[][] ORDERS = {
    order("a1", 5, 10, "r1", "guide", "10.00"),
    order("a2", 10, 10, "r1", "guide", "20.00"),
    order("a3", 20, 10, "r1", "guide", "30.00"), // 3 orders, recency 5: champion
    order("b1", 3, 10, "r2", "guide", "40.00"), // one order: new
    order("c1", 20, 10, "r3", "guide", "10.00"),
    order("c2", 25, 10, "r3", "guide", "10.00"), // 2 orders, recency 20: active
    order("d1", 90, 10, "r4", "guide", "10.00"), // active
    order("e1", 91, 10, "r5", "guide", "10.00"), // lapsing
    order("f1", 180, 10, "r6", "guide", "10.00"), // lapsing
    order("g1", 181, 10, "r7", "guide", "10.00"), // lapsed
    order("h1", 364, 10, "r8", "guide", "10.00"), // lapsed
    order("i1", 365, 10, "r9", "guide", "10.00"), // outside the 365 days
    order("j0", 400, 10, "r10", "guide", "70.00"),
    order("j1", 2, 10, "r10", "guide", "15.00"), // one order in 365 days: new by the rule
    order("k1", 0, 10, null, "store", "99.00"),
    order("l1", 0, 10, "r11", "guide", "5.00", "refunded") // never bought
  };

  static Dataset<Row> rfm(Dataset<Row> days, LocalDate asOf) {
    BuyerTimeline t = CustomerFixtures.timeline(days, asOf, D);
    Dataset<Row> leaving =
        days.filter(
            DateRange.between(
                col("order_date"),
                asOf.minusDays(CustomerState.WINDOW_DAYS - 1L),
                D.minusDays(CustomerState.WINDOW_DAYS)));
    return CustomerRfm.build(t.base(), leaving, t.recent(), D);
  }

  @Test
  void segmentsAsOfTheRunDate() {
    Dataset<Row> days = CustomerFixtures.buyerDays(CustomerFixtures.paidOrders(ORDERS));
    Dataset<Row> actual = rfm(days, D.minusDays(1));
    java.sql.Date d = date(0);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(d, "r1", date(20), date(5), 5, 3L, m("60.00"), "champion"),
            row(d, "r2", date(3), date(3), 3, 1L, m("40.00"), "new"),
            row(d, "r3", date(25), date(20), 20, 2L, m("20.00"), "active"),
            row(d, "r4", date(90), date(90), 90, 1L, m("10.00"), "active"),
            row(d, "r5", date(91), date(91), 91, 1L, m("10.00"), "lapsing"),
            row(d, "r6", date(180), date(180), 180, 1L, m("10.00"), "lapsing"),
            row(d, "r7", date(181), date(181), 181, 1L, m("10.00"), "lapsed"),
            row(d, "r8", date(364), date(364), 364, 1L, m("10.00"), "lapsed"),
            row(d, "r10", date(400), date(2), 2, 1L, m("15.00"), "new"));
    SharedSpark.assertDataFrameEquals(expected, actual);
    // the same snapshot from the state at the nightly frontier and from all history
    SharedSpark.assertDataFrameEquals(actual, rfm(days, D.minusDays(31)));
    SharedSpark.assertDataFrameEquals(actual, rfm(days, D.minusDays(500)));
  }
}
