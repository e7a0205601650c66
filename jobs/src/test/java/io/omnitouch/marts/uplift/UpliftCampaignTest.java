package io.omnitouch.marts.uplift;

import static io.omnitouch.marts.uplift.UpliftFixtures.assignments;
import static io.omnitouch.marts.uplift.UpliftFixtures.campaign;
import static io.omnitouch.marts.uplift.UpliftFixtures.campaigns;
import static io.omnitouch.marts.uplift.UpliftFixtures.d;
import static io.omnitouch.marts.uplift.UpliftFixtures.line;
import static io.omnitouch.marts.uplift.UpliftFixtures.order;
import static io.omnitouch.marts.uplift.UpliftFixtures.orderLines;
import static io.omnitouch.marts.uplift.UpliftFixtures.paidOrders;
import static io.omnitouch.marts.uplift.UpliftFixtures.product;
import static io.omnitouch.marts.uplift.UpliftFixtures.products;
import static io.omnitouch.marts.uplift.UpliftFixtures.rewardScan;
import static io.omnitouch.marts.uplift.UpliftFixtures.scans;
import static io.omnitouch.testing.SharedSpark.row;

import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed holdout readouts. Expected test statistics were computed independently with mpmath
 * (regularised incomplete beta for t, erf for the normal) and are written out below.
 */
class UpliftCampaignTest {
  static final LocalDate RUN = LocalDate.parse("2026-03-08");

  static Dataset<Row> build() {
    Dataset<Row> campaigns =
        campaigns(
            campaign("K1", "coupon", "2026-03-01", "2026-03-07", "100.00"),
            campaign("K2", "scan_red_packet", "2026-03-01", "2026-03-10", "999.00"),
            campaign("K3", "guide_push", "2026-03-01", "2026-03-07", "50.00"), // no holdout
            campaign("K4", "coupon", "2026-03-20", "2026-03-27", "10.00")); // not started
    Dataset<Row> assignments =
        assignments(
            row("K1", "u1", "treatment"),
            row("K1", "u2", "treatment"),
            row("K1", "u3", "treatment"),
            row("K1", "u4", "treatment"),
            row("K1", "u5", "control"),
            row("K1", "u6", "control"),
            row("K1", "u7", "control"),
            row("K1", "u8", "control"),
            row("K2", "u1", "treatment"),
            row("K2", "u3", "treatment"),
            row("K2", "u2", "control"),
            row("K2", "u5", "control"),
            row("K4", "u1", "treatment"),
            row("K4", "u2", "control"));
    Dataset<Row> paid =
        paidOrders(
            order("o1", "u1", "S1", "2026-03-02", "60.00"),
            order("o2", "u1", "S1", "2026-03-05", "40.00"),
            order("o3", "u2", "S1", "2026-03-07", "30.00"), // K1's last day
            order("o4", "u3", "S1", "2026-03-08", "500.00"), // after K1, inside K2
            order("o5", "u5", "S1", "2026-02-28", "200.00"), // before both
            order("o6", "u6", "S1", "2026-03-03", "20.00"),
            order("o7", null, "S1", "2026-03-03", "70.00"), // anonymous
            order("o8", "u9", "S1", "2026-03-03", "80.00")); // not assigned
    Dataset<Row> lines =
        orderLines(
            line("o1", 1, "paid", "A", 2, "60.00"),
            line("o2", 1, "paid", "B", 1, "40.00"),
            line("o3", 1, "paid", "A", 1, "30.00"),
            line("o3", 2, "refunded", "B", 1, "99.00"), // counts for nothing
            line("o4", 1, "paid", "C", 1, "500.00"), // C has no unit_cost
            line("o5", 1, "paid", "A", 1, "200.00"),
            line("o6", 1, "paid", "A", 1, "20.00"),
            line("o7", 1, "paid", "A", 1, "70.00"),
            line("o8", 1, "paid", "A", 1, "80.00"));
    Dataset<Row> products = products(product("A", "10.00"), product("B", "15.00"));
    Dataset<Row> scans =
        scans(
            rewardScan("s1", "K2", "2026-03-02", "5.00"),
            rewardScan("s2", "K2", "2026-03-04", "3.50"),
            rewardScan("s3", "K2", "2026-03-04", null),
            rewardScan("s4", "K2", "2026-03-09", "2.00"), // after the run date
            rewardScan("s5", "K1", "2026-03-02", "1.00")); // K1 is a coupon: its cost is the budget
    return UpliftCampaign.build(campaigns, assignments, lines, paid, products, scans, RUN);
  }

  @Test
  void holdoutReadoutPerCampaign() {
    Dataset<Row> actual = build();
    Dataset<Row> expected =
        SharedSpark.rows(
            "dt DATE, campaign_id STRING, window_start DATE, window_end DATE,"
                + " treatment_users BIGINT, control_users BIGINT, treatment_converters BIGINT,"
                + " control_converters BIGINT, treatment_conversion_rate DOUBLE,"
                + " control_conversion_rate DOUBLE, conversion_lift_abs DOUBLE,"
                + " conversion_lift_abs_ci_low DOUBLE, conversion_lift_abs_ci_high DOUBLE,"
                + " conversion_lift_rel DOUBLE, conversion_p_value DOUBLE,"
                + " treatment_revenue_per_user DOUBLE, control_revenue_per_user DOUBLE,"
                + " revenue_per_user_lift_abs DOUBLE, revenue_per_user_lift_ci_low DOUBLE,"
                + " revenue_per_user_lift_ci_high DOUBLE, revenue_p_value DOUBLE,"
                + " incremental_revenue DOUBLE, incremental_gross_margin DOUBLE,"
                + " cost DECIMAL(18,2), roi DOUBLE, iroas DOUBLE, campaign_type STRING,"
                + " complete BOOLEAN, conversion_z DOUBLE, revenue_t DOUBLE, revenue_df DOUBLE,"
                + " treatment_gross_margin_per_user DOUBLE, control_gross_margin_per_user DOUBLE",
            // K1, 03-01..03-07. Treatment revenue u1 100 (o1 + o2), u2 30 (o3's paid line),
            // u3 0 (o4 is after the window), u4 0: mean 32.5, variance 2225. Control: u6 20,
            // others 0 (o5 is before the window): mean 5, variance 100. Margin: u1 (60 - 2 x 10)
            // + (40 - 15) = 65, u2 30 - 10 = 20 -> 21.25 a user; u6 20 - 10 = 10 -> 2.5.
            row(
                d("2026-03-08"),
                "K1",
                d("2026-03-01"),
                d("2026-03-07"),
                4L,
                4L,
                2L,
                1L,
                0.5,
                0.25,
                0.25,
                -0.398197160217028,
                0.898197160217028,
                1.0,
                0.465208818452142,
                32.5,
                5.0,
                27.5,
                -45.7736542268309,
                100.773654226831,
                0.330633911472189,
                110.0,
                75.0,
                new BigDecimal("100.00"),
                0.75,
                1.1,
                "coupon",
                true,
                0.730296743340221,
                1.14064686420347,
                3.26911931460249,
                21.25,
                2.5),
            // K2, 03-01..03-08 (running). Treatment u1 100, u3 500 (o4 on the run date): mean
            // 300, variance 80000; control u2 30, u5 0: mean 15, variance 450. o4's sku C has no
            // unit_cost, so the margins are unknown (null, not understated). Cost: rewards 5.00 +
            // 3.50 paid up to the run
            // date (not the budget).
            row(
                d("2026-03-08"),
                "K2",
                d("2026-03-01"),
                d("2026-03-08"),
                2L,
                2L,
                2L,
                1L,
                1.0,
                0.5,
                0.5,
                -0.192951912174839,
                1.19295191217484,
                1.0,
                0.248213078989924,
                300.0,
                15.0,
                285.0,
                -2197.35210498702,
                2767.35210498702,
                0.388501550145335,
                570.0,
                null,
                new BigDecimal("8.50"),
                null,
                570.0 / 8.5,
                "scan_red_packet",
                false,
                1.15470053837925,
                1.42100901659105,
                1.01124964405423,
                null,
                null));
    SharedSpark.assertDataFrameApproximateEquals(
        UpliftFixtures.withSchema(expected, actual), actual, 1e-6);
  }
}
