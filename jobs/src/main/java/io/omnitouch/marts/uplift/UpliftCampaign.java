package io.omnitouch.marts.uplift;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code uplift_campaign}: one row per dt (the run date) and campaign with a randomised holdout in
 * campaign_assignments that had started by dt (marts.md, Uplift).
 *
 * <p>Over the campaign window (order dates start_date..end_date inclusive, cut at dt while the
 * campaign runs: {@code complete} says when it is final), per arm: users (assigned), converters
 * (users with a paid order dated in the window), conversion rate, revenue per user (value of those
 * paid orders over all users of the arm, 0 for non-buyers). Lifts are treatment minus control:
 * conversion with a 95% Wald interval and a two-sided two-proportion z test; revenue per user with
 * a 95% Welch interval and a two-sided Welch t test; conversion_lift_rel = lift / control rate.
 * incremental_revenue = revenue-per-user lift × treatment users; incremental_gross_margin the same
 * with line margin = paid_amount − quantity × unit_cost; cost = rewards paid for scan campaigns
 * (sum of reward_amount of silver scans with the campaign_id, up to dt), else the budget; roi =
 * incremental_gross_margin / cost; iroas = incremental_revenue / cost. Rates and relative lifts are
 * fractions.
 *
 * <p>Readings of the contract: orders count by their order-level user (paid_orders.user_id) and
 * value; a line whose sku has no unit_cost makes the margin unknown, so incremental_gross_margin
 * and roi are null rather than silently overstated; a cost of 0 or null leaves roi and iroas null.
 * Users are randomised, so users are the independent units of the tests.
 */
public final class UpliftCampaign extends Mart {
  public static final String NAME = "uplift_campaign";

  /** The campaign type whose cost is the rewards paid rather than the budget. */
  public static final String SCAN_CAMPAIGN = "scan_red_packet";

  static final String TREATMENT = "treatment";
  static final String CONTROL = "control";
  private static final String PAID = "paid";

  public UpliftCampaign() {
    super(NAME, UpliftInputs.GROUP, "dt");
  }

  /** Estimated as of the run date (a backfill estimates as of its last date). */
  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> campaigns = Dimensions.read(wh, "campaigns");
    Dataset<Row> assignments = Dimensions.read(wh, "campaign_assignments");
    Dataset<Row> orderLines = wh.read("silver/order_lines");
    Dataset<Row> paidOrders = wh.read("silver/paid_orders");
    Dataset<Row> products = Dimensions.read(wh, "products");
    Dataset<Row> scans = wh.read("silver/scans");
    return UpliftInputs.asOfEachDate(
        from,
        to,
        d ->
            UpliftCampaign.build(
                campaigns, assignments, orderLines, paidOrders, products, scans, d));
  }

  /**
   * @param campaigns silver/campaigns
   * @param assignments silver/campaign_assignments (campaign_id, user_id, arm)
   * @param orderLines silver/order_lines (current version of every line)
   * @param paidOrders silver/paid_orders
   * @param products silver/products (sku, unit_cost)
   * @param scans silver/scans (campaign_id, reward_amount, event_date)
   */
  public static Dataset<Row> build(
      Dataset<Row> campaigns,
      Dataset<Row> assignments,
      Dataset<Row> orderLines,
      Dataset<Row> paidOrders,
      Dataset<Row> products,
      Dataset<Row> scans,
      LocalDate runDate) {
    Column asOf = lit(Date.valueOf(runDate));
    Dataset<Row> started =
        campaigns
            .filter(col("start_date").leq(asOf))
            .select(
                col("campaign_id"),
                col("type"),
                col("budget"),
                col("start_date").as("window_start"),
                least(col("end_date"), asOf).as("window_end"),
                col("end_date").leq(asOf).as("complete"));
    Dataset<Row> arms =
        assignments
            .select("campaign_id", "user_id", "arm")
            .join(
                started.select("campaign_id", "window_start", "window_end"),
                new String[] {"campaign_id"},
                "inner");
    Dataset<Row> userOutcomes = userOutcomes(arms, orderOutcomes(orderLines, paidOrders, products));
    Dataset<Row> armStats =
        userOutcomes
            .groupBy("campaign_id", "arm")
            .agg(
                count(lit(1)).as("users"),
                sum(when(col("orders").gt(0), 1).otherwise(0)).as("converters"),
                avg("revenue").as("revenue_mean"),
                coalesce(var_samp("revenue"), lit(0.0)).as("revenue_var"),
                avg("margin").as("margin_mean"),
                max("margin_unknown").as("margin_unknown"));
    Dataset<Row> campaignFacts =
        started.join(rewardsPaid(scans, asOf), new String[] {"campaign_id"}, "left");

    Map<String, Map<String, Row>> statsByCampaign = new HashMap<>();
    for (Row r : armStats.collectAsList()) {
      statsByCampaign
          .computeIfAbsent(r.getAs("campaign_id"), k -> new HashMap<>())
          .put(r.getAs("arm"), r);
    }
    List<Row> out = new ArrayList<>();
    for (Row c : campaignFacts.collectAsList()) {
      Map<String, Row> stats = statsByCampaign.get(c.<String>getAs("campaign_id"));
      if (stats != null) {
        out.add(outputRow(runDate, c, stats.get(TREATMENT), stats.get(CONTROL)));
      }
    }
    return paidOrders.sparkSession().createDataFrame(out, Schemas.struct("marts/" + NAME));
  }

  /**
   * One row per paid order: user_id, order_date, revenue (its value), margin (sum over its counting
   * lines of paid_amount − quantity × unit_cost) and margin_unknown (1 when a line has no
   * unit_cost).
   */
  private static Dataset<Row> orderOutcomes(
      Dataset<Row> orderLines, Dataset<Row> paidOrders, Dataset<Row> products) {
    Column lineMargin =
        col("paid_amount").minus(col("quantity").multiply(col("unit_cost"))).cast("double");
    Dataset<Row> orderMargins =
        orderLines
            .filter(col("status").equalTo(PAID))
            .join(products.select("sku", "unit_cost"), new String[] {"sku"}, "left")
            .groupBy("order_id")
            .agg(
                sum(lineMargin).as("margin"),
                max(when(col("unit_cost").isNull(), 1).otherwise(0)).as("margin_unknown"));
    return paidOrders
        .filter(col("user_id").isNotNull())
        .select(
            col("order_id"),
            col("user_id"),
            col("order_date"),
            col("value").cast(DataTypes.DoubleType).as("revenue"))
        .join(orderMargins, new String[] {"order_id"}, "inner");
  }

  /** One row per assigned user: orders, revenue and margin of their paid orders in the window. */
  private static Dataset<Row> userOutcomes(Dataset<Row> arms, Dataset<Row> orders) {
    Column inWindow =
        arms.col("user_id")
            .equalTo(orders.col("user_id"))
            .and(orders.col("order_date").geq(arms.col("window_start")))
            .and(orders.col("order_date").leq(arms.col("window_end")));
    return arms.join(orders, inWindow, "left")
        .groupBy(arms.col("campaign_id"), arms.col("arm"), arms.col("user_id"))
        .agg(
            count(orders.col("order_id")).as("orders"),
            coalesce(sum("revenue"), lit(0.0)).as("revenue"),
            coalesce(sum("margin"), lit(0.0)).as("margin"),
            coalesce(max("margin_unknown"), lit(0)).as("margin_unknown"));
  }

  /** Rewards paid per campaign: reward_amount of its scans dated up to the run date. */
  private static Dataset<Row> rewardsPaid(Dataset<Row> scans, Column asOf) {
    return scans
        .filter(col("campaign_id").isNotNull().and(col("event_date").leq(asOf)))
        .groupBy("campaign_id")
        .agg(sum("reward_amount").as("rewards_paid"));
  }

  private static Row outputRow(LocalDate runDate, Row c, Row treatment, Row control) {
    long nT = armCount(treatment, "users");
    long nC = armCount(control, "users");
    long xT = armCount(treatment, "converters");
    long xC = armCount(control, "converters");
    Double rateT = nT == 0 ? null : (double) xT / nT;
    Double rateC = nC == 0 ? null : (double) xC / nC;
    TwoSampleTests.ProportionTest conv = TwoSampleTests.twoProportion(xT, nT, xC, nC);
    Double revT = mean(treatment, "revenue_mean");
    Double revC = mean(control, "revenue_mean");
    TwoSampleTests.WelchTest rev =
        revT == null || revC == null
            ? null
            : TwoSampleTests.welch(
                revT, treatment.getAs("revenue_var"), nT, revC, control.getAs("revenue_var"), nC);
    Double revLift = revT == null || revC == null ? null : revT - revC;
    boolean marginKnown =
        armCount(treatment, "margin_unknown") == 0 && armCount(control, "margin_unknown") == 0;
    Double marginT = marginKnown ? mean(treatment, "margin_mean") : null;
    Double marginC = marginKnown ? mean(control, "margin_mean") : null;
    Double incrementalRevenue = revLift == null ? null : revLift * nT;
    Double incrementalMargin = marginT == null || marginC == null ? null : (marginT - marginC) * nT;
    BigDecimal cost = cost(c);
    return RowFactory.create(
        Date.valueOf(runDate),
        c.getAs("campaign_id"),
        c.getAs("window_start"),
        c.getAs("window_end"),
        nT,
        nC,
        xT,
        xC,
        rateT,
        rateC,
        conv == null ? null : conv.diff(),
        conv == null ? null : conv.ciLow(),
        conv == null ? null : conv.ciHigh(),
        conv == null || xC == 0 ? null : conv.diff() / rateC,
        conv == null ? null : conv.pValue(),
        revT,
        revC,
        revLift,
        rev == null ? null : rev.ciLow(),
        rev == null ? null : rev.ciHigh(),
        rev == null ? null : rev.pValue(),
        incrementalRevenue,
        incrementalMargin,
        cost,
        perCost(incrementalMargin, cost),
        perCost(incrementalRevenue, cost),
        c.getAs("type"),
        c.getAs("complete"),
        conv == null ? null : conv.z(),
        rev == null ? null : rev.t(),
        rev == null ? null : rev.df(),
        marginT,
        marginC);
  }

  /** Rewards paid for a scan campaign (0 when none of its scans paid), else the budget. */
  private static BigDecimal cost(Row c) {
    if (SCAN_CAMPAIGN.equals(c.getAs("type"))) {
      BigDecimal paid = c.getAs("rewards_paid");
      return paid == null ? BigDecimal.ZERO.setScale(2) : paid;
    }
    return c.getAs("budget");
  }

  private static Double perCost(Double amount, BigDecimal cost) {
    if (amount == null || cost == null || cost.signum() == 0) {
      return null;
    }
    return amount / cost.doubleValue();
  }

  private static long armCount(Row arm, String column) {
    return arm == null ? 0 : ((Number) arm.getAs(column)).longValue();
  }

  private static Double mean(Row arm, String column) {
    return arm == null ? null : arm.<Double>getAs(column);
  }
}
