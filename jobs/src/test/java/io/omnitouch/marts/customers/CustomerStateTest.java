package io.omnitouch.marts.customers;

import static io.omnitouch.marts.customers.CustomerFixtures.D;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.omnitouch.silver.CustomerState;
import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The nightly step of silver/customer_state is its definition one day later: advancing the state by
 * a day (the day in, the day leaving the 365-day window out) equals rebuilding it, across a new
 * cohort, a first repurchase, a day leaving the window and a buyer new again after 365 days.
 */
class CustomerStateTest {
  @Test
  void advancingADayEqualsRebuilding() {
    Dataset<Row> days =
        CustomerFixtures.buyerDays(
                CustomerFixtures.paidOrders(
                    CustomerAssetsDailyTest.ORDERS[0],
                    CustomerAssetsDailyTest.ORDERS[1],
                    CustomerAssetsDailyTest.ORDERS[2],
                    CustomerAssetsDailyTest.ORDERS[3],
                    CustomerFixtures.order("x1", 366, 10, "u1", "store", "5.00"),
                    CustomerFixtures.order("x2", 1, 10, "u7", "guide", "5.00"),
                    CustomerFixtures.order("x3", 0, 10, "u7", "guide", "7.00"),
                    CustomerFixtures.order("x4", 0, 12, "u8", "community", "9.00")))
            .cache();
    for (LocalDate asOf : new LocalDate[] {D.minusDays(1), D.minusDays(366)}) {
      LocalDate next = asOf.plusDays(1);
      Dataset<Row> advanced =
          CustomerState.advance(
              CustomerState.rebuild(days, asOf),
              days.filter(col("order_date").equalTo(lit(Date.valueOf(next)))),
              days.filter(
                  col("order_date")
                      .equalTo(lit(Date.valueOf(next.minusDays(CustomerState.WINDOW_DAYS))))),
              next);
      Dataset<Row> rebuilt = CustomerState.rebuild(days, next);
      // same rows; the nullability of derived columns differs between the two plans
      SharedSpark.assertDataFrameEquals(
          rebuilt, SharedSpark.spark().createDataFrame(advanced.javaRDD(), rebuilt.schema()));
    }
  }
}
