package io.omnitouch.marts.customers;

import static io.omnitouch.marts.customers.CustomerFixtures.D;
import static io.omnitouch.marts.customers.CustomerFixtures.date;
import static io.omnitouch.marts.customers.CustomerFixtures.m;
import static io.omnitouch.marts.customers.CustomerFixtures.order;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;

import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed buyers of D = 2026-11-20: the 365-day and 91-day boundaries, a buyer with two
 * orders in two channels, an anonymous order, a refunded order, actives and 流失; and a late order
 * that turns a later day's new buyer into a returning one.
 */
class CustomerAssetsDailyTest {
  static final Object[][] ORDERS = {
    order("o1a", 365, 10, "u1", "guide", "10.00"), // exactly d - 365: u1 returns, reactivated
    order("o1", 0, 10, "u1", "guide", "100.00"),
    order("o2a", 366, 10, "u2", "guide", "10.00"), // d - 366: u2 is new again
    order("o2", 0, 10, "u2", "guide", "200.00"),
    order("o3a", 91, 10, "u3", "store", "10.00"), // exactly d - 91: reactivated
    order("o3", 0, 10, "u3", "store", "50.00"),
    order("o4a", 90, 10, "u4", "community", "10.00"), // d - 90: returning, not reactivated
    order("o4", 0, 10, "u4", "community", "80.00"),
    order("o5", 0, 9, "u5", "mini_program", "30.00"), // two channels, one buyer
    order("o5b", 0, 11, "u5", "guide", "20.00"),
    order("o6a", 10, 10, "u6", "guide", "99.00", "refunded"), // not a purchase: u6 is new
    order("o6", 0, 10, "u6", "mini_program", "40.00"),
    order("anon", 0, 10, null, "store", "60.00"), // no buyer figure
    order("o7", 100, 10, "u7", "guide", "10.00"), // active and 流失
    order("o8", 364, 10, "u8", "guide", "10.00"), // active and 流失 (oldest day)
    order("o9", 365, 10, "u9", "guide", "10.00"), // neither
    order("o10", 90, 10, "u10", "guide", "10.00") // active, not 流失
  };

  static Dataset<Row> assets(Object[][] orders, LocalDate asOf, LocalDate from, LocalDate to) {
    Dataset<Row> paid = CustomerFixtures.paidOrders(orders);
    BuyerTimeline t = CustomerFixtures.timeline(CustomerFixtures.buyerDays(paid), asOf, to);
    return CustomerAssetsDaily.build(paid, t.base(), t.recent(), from, to);
  }

  @Test
  void buyersOfOneDay() {
    Dataset<Row> actual = assets(ORDERS, D.minusDays(1), D, D);
    java.sql.Date d = date(0);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // buyer revenue 520 over 7 orders (the anonymous 60 is left out), 6 buyers
            row(
                d,
                "ALL",
                6L,
                3L,
                3L,
                2L,
                7L,
                m("520.00"),
                m("290.00"),
                m("230.00"),
                m("74.29"),
                m("86.67"),
                365,
                9L,
                2L),
            row(
                d,
                "guide",
                3L,
                2L,
                1L,
                1L,
                3L,
                m("320.00"),
                m("220.00"),
                m("100.00"),
                m("106.67"),
                m("106.67"),
                365,
                null,
                null),
            row(
                d,
                "store",
                1L,
                0L,
                1L,
                1L,
                1L,
                m("50.00"),
                m("0.00"),
                m("50.00"),
                m("50.00"),
                m("50.00"),
                365,
                null,
                null),
            row(
                d,
                "community",
                1L,
                0L,
                1L,
                0L,
                1L,
                m("80.00"),
                m("0.00"),
                m("80.00"),
                m("80.00"),
                m("80.00"),
                365,
                null,
                null),
            row(
                d,
                "mini_program",
                2L,
                2L,
                0L,
                0L,
                2L,
                m("70.00"),
                m("70.00"),
                m("0.00"),
                m("35.00"),
                m("35.00"),
                365,
                null,
                null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void theStoredStateGivesTheSameRowsAsAllHistory() {
    // base as of the frontier of a nightly run vs no base at all (every day recent)
    Dataset<Row> fromState = assets(ORDERS, D.minusDays(31), D.minusDays(3), D);
    Dataset<Row> fromHistory = assets(ORDERS, D.minusDays(400), D.minusDays(3), D);
    SharedSpark.assertDataFrameEquals(fromHistory, fromState);
  }

  @Test
  void historyDaysCountsTheWarehouseHistoryBeforeDt() {
    Object[][] young = {
      order("y1", 10, 10, "a", "guide", "5.00"), order("y2", 0, 10, "b", "guide", "5.00")
    };
    Dataset<Row> actual =
        assets(young, D.minusDays(31), D.minusDays(11), D)
            .filter(col("channel").equalTo("ALL"))
            .select("dt", "history_days", "buyers", "new_buyers", "active_customers_365d");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(date(11), 0, 0L, 0L, 0L), // before the first order: no history, no buyers
            row(date(10), 0, 1L, 1L, 1L),
            row(date(9), 1, 0L, 0L, 1L),
            row(date(8), 2, 0L, 0L, 1L),
            row(date(7), 3, 0L, 0L, 1L),
            row(date(6), 4, 0L, 0L, 1L),
            row(date(5), 5, 0L, 0L, 1L),
            row(date(4), 6, 0L, 0L, 1L),
            row(date(3), 7, 0L, 0L, 1L),
            row(date(2), 8, 0L, 0L, 1L),
            row(date(1), 9, 0L, 0L, 1L),
            row(date(0), 10, 1L, 1L, 2L));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void aLateOrderTurnsALaterNewBuyerIntoReturningAndTheRerunIsIdentical() {
    Object[][] before = {order("n1", 2, 10, "late", "guide", "30.00")};
    Object[][] after =
        CustomerFixtures.concat(before, order("n0", 5, 10, "late", "store", "20.00"));
    LocalDate frontier = D.minusDays(31);
    Dataset<Row> first =
        assets(before, frontier, D.minusDays(2), D).filter(col("channel").equalTo("ALL"));
    // the run that loads n0 restates from its date, d - 5, up to the run date
    Dataset<Row> restated = assets(after, frontier, D.minusDays(5), D);
    Dataset<Row> rerun = assets(after, frontier, D.minusDays(5), D);
    SharedSpark.assertDataFrameEquals(rerun, restated);
    Dataset<Row> actual =
        restated
            .filter(col("channel").equalTo("ALL").and(col("buyers").gt(0)))
            .select("dt", "buyers", "new_buyers", "returning_buyers", "reactivated_buyers");
    Dataset<Row> expected =
        rows(actual.schema(), row(date(5), 1L, 1L, 0L, 0L), row(date(2), 1L, 0L, 1L, 0L));
    SharedSpark.assertDataFrameEquals(expected, actual);
    Dataset<Row> wasNew = first.select("dt", "new_buyers").filter(col("dt").equalTo(date(2)));
    SharedSpark.assertDataFrameEquals(rows(wasNew.schema(), row(date(2), 1L)), wasNew);
  }
}
