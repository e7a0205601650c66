package io.omnitouch.marts.customers;

import static io.omnitouch.marts.customers.CustomerFixtures.D;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.DateRange;
import io.omnitouch.silver.CustomerState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Invariants over seeded random orders (80 buyers, 500 days, anonymous and refunded orders): new +
 * returning = buyers on every row; channel orders and revenue add up to ALL; each channel's buyers
 * are at least the ALL buyers whose first order of the day was in that channel (the channel's share
 * of ALL), and at most ALL; lapsing + lapsed of the snapshot = churned_customers; each day's cohort
 * is that day's new buyers; 30-day repurchases ≤ 90-day ≤ cohort.
 */
class CustomerPropertiesTest {
  static final String[] CHANNELS = {"guide", "mini_program", "store"};
  static final int DAYS = 500;
  static final int USERS = 80;
  static final int RESTATED = 20;

  @Test
  void invariants() {
    Random rnd = new Random(7);
    List<Object[]> orders = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String user = rnd.nextInt(10) == 0 ? null : "u" + rnd.nextInt(USERS);
      String status = rnd.nextInt(12) == 0 ? "refunded" : "paid";
      int daysBefore = rnd.nextInt(3) == 0 ? rnd.nextInt(RESTATED + 1) : rnd.nextInt(DAYS);
      orders.add(
          CustomerFixtures.order(
              "o" + i,
              daysBefore,
              8 + rnd.nextInt(12),
              user,
              CHANNELS[rnd.nextInt(CHANNELS.length)],
              (1 + rnd.nextInt(50)) + ".00",
              status));
    }
    Dataset<Row> paid = CustomerFixtures.paidOrders(orders.toArray(Object[][]::new)).cache();
    Dataset<Row> days = CustomerFixtures.buyerDays(paid).cache();
    LocalDate from = D.minusDays(RESTATED);
    BuyerTimeline t = CustomerFixtures.timeline(days, D.minusDays(31), D);
    List<Row> assets =
        CustomerAssetsDaily.build(paid, t.base(), t.recent(), from, D).collectAsList();

    Map<String, Row> all = new HashMap<>();
    Map<String, long[]> channelSums = new HashMap<>();
    for (Row r : assets) {
      long buyers = r.getAs("buyers");
      assertEquals(
          buyers, (long) r.getAs("new_buyers") + (long) r.getAs("returning_buyers"), r.toString());
      String dt = r.getAs("dt").toString();
      if (r.getAs("channel").equals(CustomerAssetsDaily.ALL)) {
        all.put(dt, r);
      } else {
        long[] s = channelSums.computeIfAbsent(dt, k -> new long[2]);
        s[0] += (long) r.<Long>getAs("orders");
        s[1] += r.<BigDecimal>getAs("revenue").movePointRight(2).longValueExact();
      }
    }
    assertEquals(RESTATED + 1, all.size(), "an ALL row a day");
    for (Map.Entry<String, long[]> e : channelSums.entrySet()) {
      Row a = all.get(e.getKey());
      assertEquals((long) a.<Long>getAs("orders"), e.getValue()[0], "orders add up " + e.getKey());
      assertEquals(
          a.<BigDecimal>getAs("revenue").movePointRight(2).longValueExact(),
          e.getValue()[1],
          "revenue adds up " + e.getKey());
    }
    // each channel's share of ALL: buyers whose first order that day was in the channel
    Map<String, Long> share = new HashMap<>();
    for (Row r :
        days.filter(DateRange.between(col("order_date"), from, D))
            .groupBy("order_date", "first_channel")
            .count()
            .collectAsList()) {
      share.put(r.get(0) + "/" + r.getString(1), r.getLong(2));
    }
    for (Row r : assets) {
      String dt = r.getAs("dt").toString();
      long buyers = r.getAs("buyers");
      if (!r.getAs("channel").equals(CustomerAssetsDaily.ALL)) {
        assertTrue(buyers >= share.getOrDefault(dt + "/" + r.getAs("channel"), 0L), r.toString());
        assertTrue(buyers <= (long) all.get(dt).<Long>getAs("buyers"), r.toString());
      }
    }
    long sharesOfLastDay =
        share.entrySet().stream()
            .filter(e -> e.getKey().startsWith(D + "/"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertEquals((long) all.get(D.toString()).<Long>getAs("buyers"), sharesOfLastDay);

    Dataset<Row> leaving =
        days.filter(
            DateRange.between(
                col("order_date"),
                D.minusDays(31 + CustomerState.WINDOW_DAYS - 1L),
                D.minusDays(CustomerState.WINDOW_DAYS)));
    long churnedInSnapshot =
        CustomerRfm.build(t.base(), leaving, t.recent(), D)
            .filter(col("segment").isin("lapsing", "lapsed"))
            .count();
    long churned = all.get(D.toString()).getAs("churned_customers");
    assertTrue(churned > 0, "the fixture has churned buyers");
    assertEquals(churned, churnedInSnapshot);

    for (Row c : CustomerRepurchaseCohorts.build(t.base(), t.recent(), from, D).collectAsList()) {
      long n = c.getAs("new_buyers");
      long r30 = c.getAs("repurchased_30d");
      long r90 = c.getAs("repurchased_90d");
      assertTrue(r30 <= r90 && r90 <= n, c.toString());
      if (c.getAs("channel").equals(CustomerAssetsDaily.ALL)) {
        assertEquals((long) all.get(c.getAs("dt").toString()).<Long>getAs("new_buyers"), n);
      }
    }
  }
}
