package io.omnitouch.marts.attribution;

import static io.omnitouch.marts.attribution.Fixtures.PAID_ORDERS;
import static io.omnitouch.marts.attribution.Fixtures.TOUCHES;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.attribution.HeuristicModels.Heuristic;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariants over seeded random touches and orders of three days (repeated deliveries, anonymous
 * buyers, touches after orders and older than 30 days included): per order and model the credits
 * sum to 1 and the credited revenue to the order value; per day and model the channel totals equal
 * the day's paid orders and revenue; the Spark heuristics equal {@link HeuristicModels} on every
 * order's path.
 */
class AttributionPropertiesTest {
  static final LocalDate FROM = LocalDate.parse("2026-11-18");
  static final LocalDate TO = LocalDate.parse("2026-11-20");
  static final String[] CHANNELS = {"scan", "guide", "community"};
  static final int USERS = 30;
  static final int ORDERS = 90;
  static final int TOUCHES_COUNT = 500;

  static Dataset<Row> orders;
  static Dataset<Row> paths;
  static Dataset<Row> attributed;

  @BeforeAll
  static void build() {
    Random rnd = new Random(20261120L);
    LocalDateTime start = FROM.minusDays(35).atStartOfDay();
    long spanSeconds = Duration.between(start, TO.plusDays(1).atStartOfDay()).getSeconds();
    List<Object[]> touchRows = new ArrayList<>();
    for (int i = 0; i < TOUCHES_COUNT; i++) {
      LocalDateTime t = start.plusSeconds((long) (rnd.nextDouble() * spanSeconds));
      String time = t.toString().replace('T', ' ');
      if (time.length() == 16) {
        time += ":00";
      }
      Object[] touch =
          Fixtures.touch("u" + rnd.nextInt(USERS), time, CHANNELS[rnd.nextInt(3)], "t" + i);
      touchRows.add(touch);
      if (rnd.nextInt(10) == 0) {
        touchRows.add(touch.clone()); // delivered twice
      }
    }
    List<Object[]> orderRows = new ArrayList<>();
    long daySeconds = Duration.ofDays(3).getSeconds();
    for (int i = 0; i < ORDERS; i++) {
      LocalDateTime t = FROM.atStartOfDay().plusSeconds((long) (rnd.nextDouble() * daySeconds));
      String time = t.withNano(0).toString().replace('T', ' ');
      if (time.length() == 16) {
        time += ":00";
      }
      String user = rnd.nextInt(8) == 0 ? null : "u" + rnd.nextInt(USERS);
      String value = BigDecimal.valueOf(1 + rnd.nextInt(50_000), 2).toPlainString();
      orderRows.add(Fixtures.order("o" + i, user, time, value));
    }
    for (Object[] t : touchRows) {
      String time = ((Timestamp) t[1]).toInstant().atZone(Fixtures.SHANGHAI).toString();
      assertTrue(time.startsWith(t[2].toString()), "touch_date is the Shanghai date");
    }
    Dataset<Row> touches = SharedSpark.rows(TOUCHES, touchRows.toArray(Object[][]::new));
    orders = SharedSpark.rows(PAID_ORDERS, orderRows.toArray(Object[][]::new)).cache();
    paths = AttributionPaths.build(orders, touches, FROM, TO).cache();
    Dataset<Row> weights = AttributionModelWeights.build(paths, touches, orders, FROM, TO).cache();
    attributed = AttributionOrders.build(paths, weights).cache();
  }

  @Test
  void creditsSumToOneAndRevenueToTheOrderValue() {
    List<Row> sums =
        attributed
            .groupBy("order_id", "model")
            .agg(sum("credit").as("credit"), sum("credited_revenue").as("revenue"))
            .join(orders.select(col("order_id"), col("value")), "order_id")
            .collectAsList();
    assertEquals(ORDERS * AttributionOrders.MODELS.size(), sums.size(), "7 models per order");
    for (Row r : sums) {
      String what = r.getString(0) + " " + r.getString(1);
      assertEquals(1.0, r.getDouble(2), 1e-12, what + " credits");
      double value = r.getDecimal(4).doubleValue();
      assertEquals(value, r.getDouble(3), 1e-9 * Math.max(1, value), what + " revenue");
    }
  }

  @Test
  void channelTotalsEqualTotalRevenue() {
    Dataset<Row> daily = AttributionChannelDaily.build(attributed);
    Map<String, double[]> expected = new HashMap<>();
    for (Row r :
        orders
            .groupBy(col("order_date").cast("string"))
            .agg(count("order_id"), sum(col("value").cast("double")))
            .collectAsList()) {
      expected.put(r.getString(0), new double[] {r.getLong(1), r.getDouble(2)});
    }
    List<Row> totals =
        daily
            .groupBy(col("dt").cast("string"), col("model"))
            .agg(sum("orders"), sum("revenue"))
            .collectAsList();
    assertEquals(3 * AttributionOrders.MODELS.size(), totals.size());
    for (Row r : totals) {
      double[] want = expected.get(r.getString(0));
      assertEquals(want[0], r.getDouble(2), 1e-9, r + " orders");
      assertEquals(want[1], r.getDouble(3), 1e-6, r + " revenue");
    }
  }

  @Test
  void sparkHeuristicsEqualTheCoreOnEveryPath() {
    Map<String, Double> spark = new HashMap<>();
    for (Row r : attributed.select("order_id", "model", "channel", "credit").collectAsList()) {
      spark.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2), r.getDouble(3));
    }
    int checked = 0;
    for (Row p : paths.filter("touch_count > 0").collectAsList()) {
      String order = p.getString(p.fieldIndex("order_id"));
      long orderSeconds = p.getTimestamp(p.fieldIndex("order_time")).getTime();
      List<Row> touches = p.getList(p.fieldIndex("touches"));
      double[] ages = new double[touches.size()];
      for (int i = 0; i < ages.length; i++) {
        ages[i] = (orderSeconds - touches.get(i).getTimestamp(0).getTime()) / 1000.0;
        assertTrue(ages[i] > 0 && ages[i] <= 30 * 86_400, "touch inside the lookback");
      }
      for (Heuristic h : Heuristic.values()) {
        double[] w = HeuristicModels.touchWeights(h, ages.length, ages);
        Map<String, Double> perChannel = new HashMap<>();
        for (int i = 0; i < w.length; i++) {
          perChannel.merge(touches.get(i).getString(1), w[i], Double::sum);
        }
        for (Map.Entry<String, Double> e : perChannel.entrySet()) {
          String key = order + "|" + h.modelName() + "|" + e.getKey();
          assertEquals(e.getValue(), spark.get(key), 1e-12, key);
          checked++;
        }
      }
    }
    assertTrue(checked > 100, "enough credits compared: " + checked);
  }

  @Test
  void anonymousAndUntouchedOrdersCreditDirect() {
    List<Row> direct =
        paths
            .filter("touch_count = 0")
            .select("order_id")
            .join(attributed, "order_id")
            .groupBy("order_id")
            .agg(countDistinct("channel").as("channels"), first("channel").as("channel"))
            .collectAsList();
    long anonymous = orders.filter(col("user_id").isNull()).count();
    assertTrue(direct.size() >= anonymous && anonymous > 0, "anonymous orders: " + anonymous);
    for (Row r : direct) {
      assertEquals(1L, r.getLong(1));
      assertEquals("direct", r.getString(2));
    }
  }
}
