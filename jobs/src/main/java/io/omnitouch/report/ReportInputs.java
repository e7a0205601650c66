package io.omnitouch.report;

import io.omnitouch.run.RunMetrics;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the report reads: gold marts (every number), run metrics and quarantine (data quality), and
 * the reference dimensions for display names only. {@link #read(Warehouse)} is the I/O edge; tests
 * build it from inline rows. A table not written yet reads as empty with its declared schema.
 */
public record ReportInputs(
    Dataset<Row> salesDaily,
    Dataset<Row> attributionOrders,
    Dataset<Row> attributionChannelDaily,
    Dataset<Row> conversionDaily,
    Dataset<Row> guidePerformanceDaily,
    Dataset<Row> groupPerformanceDaily,
    Dataset<Row> upliftProgram,
    Dataset<Row> upliftCampaign,
    Dataset<Row> storeDoublingDaily,
    Dataset<Row> diversionCases,
    Dataset<Row> distributorScorecard,
    Dataset<Row> diversionFlowsWeekly,
    Dataset<Row> campaignFraudDaily,
    Dataset<Row> runMetrics,
    Dataset<Row> quarantine,
    Dataset<Row> stores,
    Dataset<Row> guides,
    Dataset<Row> groups,
    Dataset<Row> distributors,
    Dataset<Row> campaigns,
    Dataset<Row> regions,
    Dataset<Row> customerAssetsDaily,
    Dataset<Row> customerRepurchaseCohorts,
    Dataset<Row> customerRfm) {

  public static ReportInputs read(Warehouse wh) {
    return new ReportInputs(
        wh.read("gold/sales_daily"),
        wh.read("gold/attribution_orders"),
        wh.read("gold/attribution_channel_daily"),
        wh.read("gold/conversion_daily"),
        wh.read("gold/guide_performance_daily"),
        wh.read("gold/group_performance_daily"),
        wh.read("gold/uplift_program"),
        wh.read("gold/uplift_campaign"),
        wh.read("gold/store_doubling_daily"),
        wh.read("gold/diversion_cases"),
        wh.read("gold/distributor_scorecard"),
        wh.read("gold/diversion_flows_weekly"),
        wh.read("gold/campaign_fraud_daily"),
        wh.read(RunMetrics.TABLE),
        wh.read(Warehouse.QUARANTINE),
        dimension(wh, "stores"),
        dimension(wh, "guides"),
        dimension(wh, "groups"),
        dimension(wh, "distributors"),
        dimension(wh, "campaigns"),
        dimension(wh, "regions"),
        wh.read("gold/customer_assets_daily"),
        wh.read("gold/customer_repurchase_cohorts"),
        wh.read("gold/customer_rfm"));
  }

  /** A reference dimension {@code silver/<name>}, empty with its declared columns when absent. */
  private static Dataset<Row> dimension(Warehouse wh, String name) {
    String table = "silver/" + name;
    return wh.exists(table)
        ? wh.read(table)
        : wh.empty(Schemas.referenceStruct("reference/" + name));
  }
}
