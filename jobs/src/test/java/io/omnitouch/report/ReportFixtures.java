package io.omnitouch.report;

import io.omnitouch.schema.Schemas;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Report inputs from inline rows: every table starts empty with its declared schema; a fixture
 * lists only the columns its rule reads, the other columns get a neutral value (null where
 * nullable, else 0, "", false or the epoch).
 */
final class ReportFixtures {
  Dataset<Row> salesDaily = mart("sales_daily");
  Dataset<Row> attributionOrders = mart("attribution_orders");
  Dataset<Row> attributionChannelDaily = mart("attribution_channel_daily");
  Dataset<Row> conversionDaily = mart("conversion_daily");
  Dataset<Row> guidePerformanceDaily = mart("guide_performance_daily");
  Dataset<Row> groupPerformanceDaily = mart("group_performance_daily");
  Dataset<Row> upliftProgram = mart("uplift_program");
  Dataset<Row> upliftCampaign = mart("uplift_campaign");
  Dataset<Row> storeDoublingDaily = mart("store_doubling_daily");
  Dataset<Row> diversionCases = mart("diversion_cases");
  Dataset<Row> distributorScorecard = mart("distributor_scorecard");
  Dataset<Row> diversionFlowsWeekly = mart("diversion_flows_weekly");
  Dataset<Row> campaignFraudDaily = mart("campaign_fraud_daily");
  Dataset<Row> runMetrics = mart("run_metrics");
  Dataset<Row> quarantine = table(Schemas.struct("silver/quarantine"), "");
  Dataset<Row> customerAssetsDaily = mart("customer_assets_daily");
  Dataset<Row> customerRepurchaseCohorts = mart("customer_repurchase_cohorts");
  Dataset<Row> customerRfm = mart("customer_rfm");
  Dataset<Row> stores = dim("stores");
  Dataset<Row> guides = dim("guides");
  Dataset<Row> groups = dim("groups");
  Dataset<Row> distributors = dim("distributors");
  Dataset<Row> campaigns = dim("campaigns");
  Dataset<Row> regions = dim("regions");
  Dataset<Row> upliftEventStudy = mart("uplift_event_study");
  Dataset<Row> codeScanRate = mart("code_scan_rate");
  Dataset<Row> priceDeviationDaily = mart("price_deviation_daily");
  Dataset<Row> targets = dim("targets");

  ReportInputs inputs() {
    return new ReportInputs(
        salesDaily,
        attributionOrders,
        attributionChannelDaily,
        conversionDaily,
        guidePerformanceDaily,
        groupPerformanceDaily,
        upliftProgram,
        upliftCampaign,
        storeDoublingDaily,
        diversionCases,
        distributorScorecard,
        diversionFlowsWeekly,
        campaignFraudDaily,
        runMetrics,
        quarantine,
        stores,
        guides,
        groups,
        distributors,
        campaigns,
        regions,
        customerAssetsDaily,
        customerRepurchaseCohorts,
        customerRfm,
        upliftEventStudy,
        codeScanRate,
        priceDeviationDaily,
        targets);
  }

  static Dataset<Row> mart(String name, String columns, Object[]... values) {
    return table(Schemas.struct("marts/" + name), columns, values);
  }

  static Dataset<Row> dim(String name, String columns, Object[]... values) {
    return table(Schemas.referenceStruct("reference/" + name), columns, values);
  }

  static Dataset<Row> quarantine(String columns, Object[]... values) {
    return table(Schemas.struct("silver/quarantine"), columns, values);
  }

  /** Rows of a declared table giving only {@code columns} (comma-separated) per row. */
  static Dataset<Row> table(StructType schema, String columns, Object[]... values) {
    List<String> given =
        columns.isBlank()
            ? List.of()
            : Arrays.stream(columns.split(",")).map(String::trim).toList();
    for (String c : given) {
      if (!Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("no column " + c + " in " + schema.simpleString());
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Object[] v : values) {
      Object[] full = new Object[schema.size()];
      for (int i = 0; i < schema.size(); i++) {
        StructField f = schema.fields()[i];
        int at = given.indexOf(f.name());
        full[i] = at >= 0 ? v[at] : neutral(f);
      }
      rows.add(RowFactory.create(full));
    }
    return SharedSpark.spark().createDataFrame(rows, schema);
  }

  private static Object neutral(StructField f) {
    if (f.nullable()) {
      return null;
    }
    DataType t = f.dataType();
    if (t instanceof StringType) return "";
    if (t instanceof LongType) return 0L;
    if (t instanceof IntegerType) return 0;
    if (t instanceof DoubleType) return 0d;
    if (t instanceof BooleanType) return false;
    if (t instanceof DecimalType) return BigDecimal.ZERO.setScale(2);
    if (t instanceof DateType) return Date.valueOf("1970-01-01");
    if (t instanceof TimestampType) return new Timestamp(0);
    throw new IllegalArgumentException("no neutral value for " + f);
  }

  static Date d(String iso) {
    return Date.valueOf(iso);
  }

  static BigDecimal money(String yuan) {
    return new BigDecimal(yuan);
  }

  /** An instant written with its offset, e.g. {@code 2026-11-22T00:30:00+08:00}. */
  static Timestamp ts(String isoWithOffset) {
    return Timestamp.from(Instant.from(java.time.OffsetDateTime.parse(isoWithOffset)));
  }

  static Object[] row(Object... values) {
    return values;
  }

  private static Dataset<Row> mart(String name) {
    return table(Schemas.struct("marts/" + name), "");
  }

  private static Dataset<Row> dim(String name) {
    return table(Schemas.referenceStruct("reference/" + name), "");
  }
}
