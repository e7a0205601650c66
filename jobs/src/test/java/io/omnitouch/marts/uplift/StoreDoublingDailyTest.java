package io.omnitouch.marts.uplift;

import static io.omnitouch.marts.uplift.UpliftFixtures.d;
import static io.omnitouch.marts.uplift.UpliftFixtures.paidOrders;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollout;
import static io.omnitouch.marts.uplift.UpliftFixtures.rollouts;
import static io.omnitouch.marts.uplift.UpliftFixtures.sale;
import static io.omnitouch.marts.uplift.UpliftFixtures.stores;
import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.testing.SharedSpark;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Hand-computed 倍增 progress as of 2026-02-25 (trailing week 02-19 .. 02-25). */
class StoreDoublingDailyTest {
  static final LocalDate RUN = LocalDate.parse("2026-02-25");

  @Test
  void baselineTrailingWeekAndMultiple() {
    Dataset<Row> orders =
        paidOrders(
            sale("T1", "2026-01-01", "1400"), // first order in the warehouse
            sale("T1", "2026-01-20", "1400"),
            sale("T1", "2026-02-20", "1400"),
            sale("T3", "2026-01-10", "1400"),
            sale("T3", "2026-01-25", "1400"),
            sale("T3", "2026-02-03", "700"),
            sale("T3", "2026-02-20", "4200"),
            sale("N1", "2026-01-16", "500"),
            sale("N1", "2026-02-22", "350"),
            sale("X1", "2026-02-01", "2800"),
            sale("X1", "2026-02-25", "700"),
            sale("X1", "2026-02-26", "7000")); // after the run date
    Dataset<Row> rollouts =
        rollouts(
            rollout("T1", "guide", "2026-01-29"),
            rollout("T1", "scan", "2026-01-05"),
            rollout("T3", "guide", "2026-02-05"),
            rollout("G1", "community", "2026-01-29"),
            rollout("N1", "scan", "2026-01-20"),
            rollout("X1", "scan", "2026-02-24"),
            rollout("C2", "guide", "2026-03-10")); // not yet adopted: no row
    Dataset<Row> stores =
        stores(row("T1"), row("T3"), row("G1"), row("N1", d("2026-01-15")), row("X1"), row("C2"));
    Dataset<Row> actual = StoreDoublingDaily.build(orders, rollouts, stores, RUN);
    Dataset<Row> expected =
        SharedSpark.rows(
            "dt DATE, store_id STRING, program STRING, baseline DOUBLE, revenue_7d_mean DOUBLE,"
                + " multiple DOUBLE, start_date DATE, baseline_days INT, days_since_start INT,"
                + " doubled BOOLEAN",
            // 01-01 .. 01-28: 2800 / 28 = 100; the week: 1400 / 7 = 200 -> exactly doubled.
            row(d("2026-02-25"), "T1", "guide", 100.0, 200.0, 2.0, d("2026-01-29"), 28, 27, true),
            // Baseline starts at the first order date: 01-01 .. 01-04, 1400 / 4.
            row(
                d("2026-02-25"),
                "T1",
                "scan",
                350.0,
                200.0,
                200.0 / 350,
                d("2026-01-05"),
                4,
                51,
                false),
            // 01-08 .. 02-04: 3500 / 28 = 125; the week: 4200 / 7 = 600.
            row(d("2026-02-25"), "T3", "guide", 125.0, 600.0, 4.8, d("2026-02-05"), 28, 20, true),
            // No sales at all: a baseline of 0 has no multiple.
            row(d("2026-02-25"), "G1", "community", 0.0, 0.0, null, d("2026-01-29"), 28, 27, null),
            // Opened 01-15: baseline 01-15 .. 01-19 = 500 / 5; the week 350 / 7.
            row(d("2026-02-25"), "N1", "scan", 100.0, 50.0, 0.5, d("2026-01-20"), 5, 36, false),
            // Started yesterday: the trailing week is mostly before the start, as defined.
            row(d("2026-02-25"), "X1", "scan", 100.0, 100.0, 1.0, d("2026-02-24"), 28, 1, false));
    SharedSpark.assertDataFrameApproximateEquals(
        UpliftFixtures.withSchema(expected, actual), actual, 1e-9);
  }

  /**
   * uplift.doubling.baseline_days = 14, trailing_days = 3: T3 (started 02-05) has the baseline
   * 01-22 .. 02-04 = (1400 + 700) / 14 = 150 and the trailing 02-23 .. 02-25 = 300 / 3 = 100.
   */
  @Test
  void theWindowsAreSettable() {
    Dataset<Row> orders =
        paidOrders(
            sale("T3", "2026-01-10", "1400"),
            sale("T3", "2026-01-25", "1400"),
            sale("T3", "2026-02-03", "700"),
            sale("T3", "2026-02-20", "4200"),
            sale("T3", "2026-02-24", "300"));
    Row r =
        StoreDoublingDaily.build(
                orders,
                rollouts(rollout("T3", "guide", "2026-02-05")),
                stores(row("T3")),
                RUN,
                14,
                3)
            .first();
    assertEquals(150.0, r.<Double>getAs("baseline"), 1e-9);
    assertEquals(100.0, r.<Double>getAs("revenue_7d_mean"), 1e-9);
    assertEquals(100.0 / 150, r.<Double>getAs("multiple"), 1e-9);
    assertEquals(14, r.<Integer>getAs("baseline_days"));
  }
}
