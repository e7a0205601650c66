package io.omnitouch.marts.fraud;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.ScanTypes;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code campaign_fraud_daily}: one row per dt and campaign_id with consumer scans that day (scans
 * without a campaign_id are not a campaign's and are left out). scans: consumer scans;
 * rewarded_scans: those with reward_amount &gt; 0; reward_amount: rewards paid (sum); flagged_scans
 * and flagged_reward_amount: the same over scans in {@code fraud_scan_flags} (money at risk);
 * flagged_share: flagged_reward_amount / reward_amount (null when no reward was paid).
 *
 * <p>Restatement: the run date and late dates (dt from..to), from those dates' silver scans and
 * fraud_scan_flags.
 */
public final class CampaignFraudDaily extends Mart {
  public static final String NAME = "campaign_fraud_daily";

  public CampaignFraudDaily() {
    super(NAME, "fraud", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    return build(
        wh.read("silver/scans").filter(DateRange.between(col("event_date"), from, to)),
        wh.read("gold/" + FraudScanFlags.NAME).filter(DateRange.between(col("dt"), from, to)));
  }

  /** Pure: per day and campaign, rewards paid and rewards on flagged scans. */
  public static Dataset<Row> build(Dataset<Row> scans, Dataset<Row> flags) {
    Dataset<Row> campaignScans =
        scans
            .filter(col("scan_type").equalTo(lit(ScanTypes.CONSUMER)))
            .filter(col("campaign_id").isNotNull())
            .select("scan_id", "event_date", "campaign_id", "reward_amount");
    Dataset<Row> flaggedIds = flags.select(col("scan_id").as("f_scan_id"));
    Column reward = coalesce(col("reward_amount"), lit(0).cast(Schemas.MONEY));
    Column isFlagged = col("f_scan_id").isNotNull();
    Dataset<Row> perDay =
        campaignScans
            .join(flaggedIds, col("scan_id").equalTo(col("f_scan_id")), "left_outer")
            .groupBy(col("event_date").as("dt"), col("campaign_id"))
            .agg(
                count(lit(1)).as("scans"),
                count(when(reward.gt(0), lit(1))).as("rewarded_scans"),
                sum(reward).as("reward_amount"),
                count(when(isFlagged, lit(1))).as("flagged_scans"),
                sum(when(isFlagged, reward).otherwise(lit(0).cast(Schemas.MONEY)))
                    .as("flagged_reward_amount"));
    return perDay.select(
        col("dt"),
        col("campaign_id"),
        col("scans"),
        col("rewarded_scans"),
        col("reward_amount"),
        col("flagged_scans"),
        col("flagged_reward_amount"),
        when(
                col("reward_amount").gt(0),
                col("flagged_reward_amount")
                    .cast("double")
                    .divide(col("reward_amount").cast("double")))
            .as("flagged_share"));
  }
}
