package io.omnitouch.marts.customers;

import static io.omnitouch.marts.customers.CustomerFixtures.D;
import static io.omnitouch.marts.customers.CustomerFixtures.date;
import static io.omnitouch.marts.customers.CustomerFixtures.order;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A hand-computed cohort of C = D − 40: first channel by the day's first order, a second order on
 * the cohort day that is no repurchase, repurchases on day 30 and day 31, a returning buyer outside
 * the cohort; the same rows whether the cohort day is in the stored state or after it.
 */
class CustomerRepurchaseCohortsTest {
  static final int C = 40;
  static final Object[][] ORDERS = {
    order("c1a", C, 9, "c1", "mini_program", "10.00"),
    order("c1b", C, 11, "c1", "guide", "10.00"), // same day: no repurchase
    order("c1c", C - 30, 10, "c1", "guide", "10.00"), // day 30: within 30 days
    order("c2a", C, 10, "c2", "guide", "10.00"),
    order("c2b", C - 31, 10, "c2", "guide", "10.00"), // day 31: 90 days only
    order("c3", C, 10, "c3", "guide", "10.00"), // no repurchase
    order("c4a", C + 100, 10, "c4", "guide", "10.00"),
    order("c4", C, 10, "c4", "guide", "10.00"), // returning: not in the cohort
    order("c5a", C, 10, "c5", "mini_program", "10.00"),
    order("c5b", C - 1, 10, "c5", "store", "10.00"), // day 1
    order("anon", C, 10, null, "store", "10.00")
  };

  static Dataset<Row> cohorts(LocalDate asOf, LocalDate from) {
    Dataset<Row> days = CustomerFixtures.buyerDays(CustomerFixtures.paidOrders(ORDERS));
    BuyerTimeline t = CustomerFixtures.timeline(days, asOf, D);
    return CustomerRepurchaseCohorts.build(t.base(), t.recent(), from, D);
  }

  @Test
  void cohortOfOneDay() {
    Dataset<Row> all = cohorts(D.minusDays(C + 1), D.minusDays(C + 1));
    assertEquals(C + 2, all.filter(col("channel").equalTo("ALL")).count(), "an ALL row a day");
    Dataset<Row> actual = all.filter(col("new_buyers").gt(0));
    java.sql.Date c = date(C);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(c, "ALL", 4L, 2L, 3L, 0.5, 0.75, true, false),
            row(c, "mini_program", 2L, 2L, 2L, 1.0, 1.0, true, false),
            row(c, "guide", 2L, 0L, 1L, 0.0, 0.5, true, false));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void aCohortInTheStoredStateGivesTheSameRows() {
    // as of C + 5: c5's repurchase is in the state, c1's and c2's come from the recent days
    Dataset<Row> fromState = cohorts(D.minusDays(C - 5), D.minusDays(90));
    Dataset<Row> fromHistory = cohorts(D.minusDays(400), D.minusDays(90));
    SharedSpark.assertDataFrameEquals(fromHistory, fromState);
  }
}
