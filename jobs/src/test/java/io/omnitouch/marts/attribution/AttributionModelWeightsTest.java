package io.omnitouch.marts.attribution;

import static io.omnitouch.marts.attribution.Fixtures.date;
import static io.omnitouch.marts.attribution.Fixtures.money;
import static io.omnitouch.marts.attribution.Fixtures.order;
import static io.omnitouch.marts.attribution.Fixtures.touch;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The window ending 2026-11-20 (orders of 10-22 .. 11-20). Converting paths: {@code scan} and
 * {@code guide > scan}; an order of 10-21 is outside, a direct order is not part of the chain.
 * Non-converting paths: u7's {@code guide > guide} (collapsed to {@code guide}) and u9's {@code
 * guide}; u1's touch before their order is not one, u8's touch older than the window is ignored.
 *
 * <p>Chain: start->scan 1, start->guide 3, guide->scan 1, guide->null 2, scan->conversion 2.
 * P(conv) = 1/4 + 3/4 * 1/3 = 1/2. Without scan nothing converts: RE = 1. Without guide only
 * start->scan converts, 1/4: RE = 1 - (1/4)/(1/2) = 1/2. Weights 2/3 and 1/3.
 *
 * <p>Shapley: v({scan}) = 1/1, v({guide, scan}) = 1/1, v({guide}) = 0/2. phi(scan) = 1/2 (1 - 0) +
 * 1/2 (1 - 0) = 1; phi(guide) = 1/2 (0 - 0) + 1/2 (1 - 1) = 0.
 */
class AttributionModelWeightsTest {
  static final LocalDate DAY = LocalDate.parse("2026-11-20");

  @Test
  void markovAndShapleyOverTheThirtyDayWindow() {
    String pathDdl = "order_date DATE, touch_count INT, path STRING, value DECIMAL(18,2)";
    Dataset<Row> orderPaths =
        rows(
            pathDdl,
            row(date("2026-11-15"), 1, "scan", money("10.00")),
            row(date("2026-11-18"), 2, "guide > scan", money("30.00")),
            row(date("2026-10-21"), 1, "guide", money("99.00")), // before the window
            row(date("2026-11-19"), 0, "", money("5.00"))); // direct
    Dataset<Row> touches =
        rows(
            Fixtures.TOUCHES,
            touch("u1", "2026-11-17 09:00:00", "guide", "t1"), // before u1's order: converting
            touch("u7", "2026-11-12 09:00:00", "guide", "t7a"),
            touch("u7", "2026-11-13 09:00:00", "guide", "t7b"),
            touch("u9", "2026-11-10 09:00:00", "guide", "t9"),
            touch("u8", "2026-10-20 09:00:00", "scan", "t8")); // older than the window
    Dataset<Row> orders =
        rows(
            Fixtures.PAID_ORDERS,
            order("oA", "u2", "2026-11-15 10:00:00", "10.00"),
            order("oB", "u1", "2026-11-18 10:00:00", "30.00"));
    Dataset<Row> actual = AttributionModelWeights.build(orderPaths, touches, orders, DAY, DAY);
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(date("2026-11-20"), "markov", "scan", 1.0, 2.0 / 3, 2L, 2L),
            row(date("2026-11-20"), "markov", "guide", 0.5, 1.0 / 3, 2L, 2L),
            row(date("2026-11-20"), "shapley", "scan", 1.0, 1.0, 2L, 2L),
            row(date("2026-11-20"), "shapley", "guide", 0.0, 0.0, 2L, 2L));
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, 1e-12);
  }

  @Test
  void aTouchAfterTheLastOrderIsNonConverting() {
    // u1 bought on 11-18 after a guide touch, then was scanned on 11-19 without buying again:
    // the window holds the converting "guide" and the non-converting "scan".
    Dataset<Row> orderPaths =
        rows(
            "order_date DATE, touch_count INT, path STRING, value DECIMAL(18,2)",
            row(date("2026-11-18"), 1, "guide", money("30.00")));
    Dataset<Row> touches =
        rows(
            Fixtures.TOUCHES,
            touch("u1", "2026-11-17 09:00:00", "guide", "t1"),
            touch("u1", "2026-11-19 09:00:00", "scan", "t2"));
    Dataset<Row> orders =
        rows(Fixtures.PAID_ORDERS, order("oB", "u1", "2026-11-18 10:00:00", "30.00"));
    Dataset<Row> actual =
        AttributionModelWeights.build(orderPaths, touches, orders, DAY, DAY)
            .filter("model = 'markov'")
            .select("channel", "effect", "window_conversions", "window_null_paths");
    // start->guide 1 (converts), start->scan 1 (null): removing guide loses every conversion,
    // removing scan none.
    Dataset<Row> expected =
        rows(actual.schema(), row("guide", 1.0, 1L, 1L), row("scan", 0.0, 1L, 1L));
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, 1e-12);
  }
}
