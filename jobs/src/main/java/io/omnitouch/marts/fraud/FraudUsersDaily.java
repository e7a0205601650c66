package io.omnitouch.marts.fraud;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.ScanTypes;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fraud_users_daily}: one row per dt and user with at least one flagged scan that day
 * ({@code fraud_scan_flags}). scans: the user's consumer scans that day (flagged or not); rewards:
 * their reward_amount that day (all scans, 0 when none); rules: the union of the rules of their
 * flagged scans, alphabetical, comma-separated. Extra: flagged_scans, flagged_rewards,
 * max_risk_score.
 *
 * <p>Restatement: the run date and late dates (dt from..to), from those dates' silver scans and
 * fraud_scan_flags.
 */
public final class FraudUsersDaily extends Mart {
  public static final String NAME = "fraud_users_daily";

  public FraudUsersDaily() {
    super(NAME, "fraud", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    return build(
        wh.read("silver/scans").filter(DateRange.between(col("event_date"), from, to)),
        wh.read("gold/" + FraudScanFlags.NAME).filter(DateRange.between(col("dt"), from, to)));
  }

  /** Pure: users with a flagged scan, per day, from the day's scans and flags. */
  public static Dataset<Row> build(Dataset<Row> scans, Dataset<Row> flags) {
    Dataset<Row> perUser =
        flags
            .groupBy("dt", "user_id")
            .agg(
                count(lit(1)).as("flagged_scans"),
                coalesce(sum("reward_amount"), lit(0).cast(Schemas.MONEY)).as("flagged_rewards"),
                max("risk_score").as("max_risk_score"),
                expr("concat_ws(',', array_sort(array_distinct(flatten(collect_list(split(rules, ','))))))")
                    .as("rules"));
    Dataset<Row> dayTotals =
        scans
            .filter(col("scan_type").equalTo(lit(ScanTypes.CONSUMER)))
            .groupBy(col("event_date").as("s_dt"), col("user_id").as("s_user_id"))
            .agg(
                count(lit(1)).as("scans"),
                coalesce(sum("reward_amount"), lit(0).cast(Schemas.MONEY)).as("rewards"));
    return perUser
        .join(
            dayTotals,
            col("dt").equalTo(col("s_dt")).and(col("user_id").equalTo(col("s_user_id"))),
            "inner")
        .select(
            col("dt"),
            col("user_id"),
            col("scans"),
            col("rewards"),
            col("rules"),
            col("flagged_scans"),
            col("flagged_rewards"),
            col("max_risk_score"));
  }
}
