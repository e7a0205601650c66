package io.omnitouch.report;

import io.omnitouch.marts.attribution.AttributionChannelDaily;
import io.omnitouch.marts.attribution.AttributionOrders;
import io.omnitouch.marts.channel.CodeScanRate;
import io.omnitouch.marts.channel.PriceDeviationDaily;
import io.omnitouch.marts.conversion.ConversionDaily;
import io.omnitouch.marts.diversion.DistributorScorecard;
import io.omnitouch.marts.diversion.DiversionCases;
import io.omnitouch.marts.diversion.DiversionFlowsWeekly;
import io.omnitouch.marts.engagement.GroupPerformanceDaily;
import io.omnitouch.marts.engagement.GuidePerformanceDaily;
import io.omnitouch.marts.fraud.CampaignFraudDaily;
import io.omnitouch.marts.sales.SalesDaily;
import io.omnitouch.marts.uplift.StoreDoublingDaily;
import io.omnitouch.marts.uplift.UpliftCampaign;
import io.omnitouch.marts.uplift.UpliftProgram;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the report reads: gold marts (every number), run metrics and quarantine (data quality), the
 * reference dimensions for display names, and the monthly revenue targets (targets.csv, an optional
 * reference: empty when the file is not delivered). {@link #read(Warehouse)} is the I/O edge; tests
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
    Dataset<Row> customerRfm,
    Dataset<Row> upliftEventStudy,
    Dataset<Row> codeScanRate,
    Dataset<Row> priceDeviationDaily,
    Dataset<Row> targets) {

  public static ReportInputs read(Warehouse wh) {
    return new ReportInputs(
        mart(wh, SalesDaily.NAME),
        mart(wh, AttributionOrders.NAME),
        mart(wh, AttributionChannelDaily.NAME),
        mart(wh, ConversionDaily.NAME),
        mart(wh, GuidePerformanceDaily.NAME),
        mart(wh, GroupPerformanceDaily.NAME),
        mart(wh, UpliftProgram.NAME),
        mart(wh, UpliftCampaign.NAME),
        mart(wh, StoreDoublingDaily.NAME),
        mart(wh, DiversionCases.NAME),
        mart(wh, DistributorScorecard.NAME),
        mart(wh, DiversionFlowsWeekly.NAME),
        mart(wh, CampaignFraudDaily.NAME),
        wh.read(RunMetrics.TABLE),
        wh.read(Warehouse.QUARANTINE),
        Dimensions.read(wh, "stores"),
        Dimensions.read(wh, "guides"),
        Dimensions.read(wh, "groups"),
        Dimensions.read(wh, "distributors"),
        Dimensions.read(wh, "campaigns"),
        Dimensions.read(wh, "regions"),
        mart(wh, io.omnitouch.marts.customers.CustomerAssetsDaily.NAME),
        mart(wh, io.omnitouch.marts.customers.CustomerRepurchaseCohorts.NAME),
        mart(wh, io.omnitouch.marts.customers.CustomerRfm.NAME),
        mart(wh, io.omnitouch.marts.uplift.UpliftEventStudy.NAME),
        mart(wh, CodeScanRate.NAME),
        mart(wh, PriceDeviationDaily.NAME),
        Dimensions.read(wh, TargetSection.REFERENCE));
  }

  /** A gold mart, named by its class's constant (the catalog's name, never a copy of it). */
  private static Dataset<Row> mart(Warehouse wh, String name) {
    return wh.read("gold/" + name);
  }
}
