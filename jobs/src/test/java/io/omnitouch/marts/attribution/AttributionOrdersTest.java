package io.omnitouch.marts.attribution;

import static io.omnitouch.marts.attribution.Fixtures.date;
import static io.omnitouch.marts.attribution.Fixtures.order;
import static io.omnitouch.marts.attribution.Fixtures.touch;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed credits of every model on orders of 2026-11-20, with the traps: a touch 31 days old
 * (out), one exactly 30 days old (in), a touch at the order time and one after it (out), an event
 * delivered twice (one touch), an anonymous order and an order without touches (direct), two
 * touches at the same time (channel name breaks the tie), and an order whose value already lost a
 * refunded line in silver (300.00 of 350.00 ordered).
 */
class AttributionOrdersTest {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");
  static final double EPS = 1e-12;
  static final double DAY_S = 86_400;

  static Dataset<Row> paths;
  static Dataset<Row> attributed;

  @BeforeAll
  static void build() {
    Dataset<Row> touches =
        rows(
            Fixtures.TOUCHES,
            touch("u1", "2026-10-20 12:00:00", "scan", "s-old"), // 31 days before o1: out
            touch("u1", "2026-10-21 12:00:00", "guide", "g-30d"), // exactly 30 days: in
            touch("u1", "2026-11-17 12:00:00", "community", "c-1"),
            touch("u1", "2026-11-17 12:00:00", "community", "c-1"), // delivered twice
            touch("u1", "2026-11-19 12:00:00", "scan", "s-1"),
            touch("u1", "2026-11-20 12:00:00", "scan", "s-at"), // at the order time: out
            touch("u1", "2026-11-20 13:00:00", "guide", "g-after"), // after the order: out
            touch("u3", "2026-11-20 09:00:00", "scan", "s-3"),
            touch("u3", "2026-11-20 09:00:00", "guide", "g-3"), // same time: guide first
            touch("u3", "2026-11-20 14:00:00", "community", "c-3"));
    Dataset<Row> orders =
        rows(
            Fixtures.PAID_ORDERS,
            order("o1", "u1", "2026-11-20 12:00:00", "300.00"),
            order("o2", null, "2026-11-20 10:00:00", "80.00"),
            order("o3", "u2", "2026-11-20 11:00:00", "50.00"),
            order("o4", "u3", "2026-11-20 10:00:00", "100.00"),
            order("o5", "u3", "2026-11-20 15:00:00", "40.00"));
    Dataset<Row> weights =
        rows(
            "dt DATE, model STRING, channel STRING, effect DOUBLE, weight DOUBLE",
            row(date("2026-11-20"), "markov", "guide", 0.9, 0.5),
            row(date("2026-11-20"), "markov", "scan", 0.54, 0.3),
            row(date("2026-11-20"), "markov", "community", 0.36, 0.2),
            row(date("2026-11-20"), "shapley", "guide", 0.3, 0.6),
            row(date("2026-11-20"), "shapley", "scan", 0.2, 0.4),
            row(date("2026-11-20"), "shapley", "community", -0.1, 0.0));
    paths = AttributionPaths.build(orders, touches, DAY, DAY).cache();
    attributed = AttributionOrders.build(paths, weights).cache();
  }

  @Test
  void pathsFollowTheContract() {
    Dataset<Row> actual = paths.select("order_id", "path", "touch_count");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("o1", "guide > community > scan", 3),
            row("o2", "", 0),
            row("o3", "", 0),
            row("o4", "guide > scan", 2),
            row("o5", "guide > scan > community", 3));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void everyModelCreditsAsComputedByHand() {
    // o1: guide 30 days, community 3 days, scan 1 day before the order.
    double g = Math.pow(2, -30.0 / 7);
    double c = Math.pow(2, -3.0 / 7);
    double s = Math.pow(2, -1.0 / 7);
    double sum1 = g + c + s;
    // o5: guide and scan 6 hours, community 1 hour before the order.
    double six = Math.pow(2, -6 * 3600 / (7 * DAY_S));
    double one = Math.pow(2, -1 * 3600 / (7 * DAY_S));
    double sum5 = six + six + one;
    List<Object[]> want = new ArrayList<>();
    want.addAll(
        credits(
            "o1",
            new String[] {"guide", "community", "scan"},
            new double[][] {
              {1, 0, 0}, // first_touch
              {0, 0, 1}, // last_touch
              {1.0 / 3, 1.0 / 3, 1.0 / 3}, // linear
              {g / sum1, c / sum1, s / sum1}, // time_decay
              {0.4, 0.2, 0.4}, // position_based
              {0.5, 0.2, 0.3}, // markov: 0.5, 0.2, 0.3 over 1.0
              {0.6, 0.0, 0.4} // shapley: community's negative value floored to 0
            },
            300.00));
    want.addAll(direct("o2", 80.00));
    want.addAll(direct("o3", 50.00));
    want.addAll(
        credits(
            "o4",
            new String[] {"guide", "scan"},
            new double[][] {
              {1, 0}, {0, 1}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5 / 0.8, 0.3 / 0.8}, {0.6, 0.4}
            },
            100.00));
    want.addAll(
        credits(
            "o5",
            new String[] {"guide", "scan", "community"},
            new double[][] {
              {1, 0, 0},
              {0, 0, 1},
              {1.0 / 3, 1.0 / 3, 1.0 / 3},
              {six / sum5, six / sum5, one / sum5},
              {0.4, 0.2, 0.4},
              {0.5, 0.3, 0.2},
              {0.6, 0.4, 0.0}
            },
            40.00));
    Dataset<Row> actual =
        attributed.select("order_id", "model", "channel", "credit", "credited_revenue");
    List<Row> expectedRows = want.stream().map(RowFactory::create).toList();
    Dataset<Row> expected = SharedSpark.spark().createDataFrame(expectedRows, actual.schema());
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, EPS);
    assertEquals(want.size(), attributed.count());
  }

  @Test
  void carriesOrderDateAndUser() {
    Dataset<Row> actual = attributed.select("order_id", "order_date", "user_id").distinct();
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("o1", date("2026-11-20"), "u1"),
            row("o2", date("2026-11-20"), null),
            row("o3", date("2026-11-20"), "u2"),
            row("o4", date("2026-11-20"), "u3"),
            row("o5", date("2026-11-20"), "u3"));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void channelDailySumsCreditsAndRevenue() {
    Dataset<Row> daily = AttributionChannelDaily.build(attributed).filter("model = 'last_touch'");
    Dataset<Row> expected =
        rows(
            daily.schema(),
            row(date("2026-11-20"), "last_touch", "scan", 2.0, 400.0),
            row(date("2026-11-20"), "last_touch", "community", 1.0, 40.0),
            row(date("2026-11-20"), "last_touch", "guide", 0.0, 0.0), // on paths, never last
            row(date("2026-11-20"), "last_touch", "direct", 2.0, 130.0));
    SharedSpark.assertDataFrameApproximateEquals(expected, daily, EPS);
  }

  static final String[] MODELS = {
    "first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"
  };

  /** Rows of one order: per model, the channel credits (zero credits are still rows). */
  static List<Object[]> credits(String order, String[] channels, double[][] byModel, double v) {
    List<Object[]> out = new ArrayList<>();
    for (int m = 0; m < MODELS.length; m++) {
      for (int c = 0; c < channels.length; c++) {
        out.add(row(order, MODELS[m], channels[c], byModel[m][c], byModel[m][c] * v));
      }
    }
    return out;
  }

  static List<Object[]> direct(String order, double v) {
    List<Object[]> out = new ArrayList<>();
    for (String m : MODELS) {
      out.add(row(order, m, "direct", 1.0, v));
    }
    return out;
  }
}
