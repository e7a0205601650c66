package io.omnitouch.marts.channel;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code code_scan_rate}: a snapshot as of dt (each run writes its run date), one row per sku x
 * batch_id (null is its own group) x distributor_id, the code's authorised distributor as of dt
 * (its latest factory_out on or before dt). Unit codes only: case and pallet factory_outs count
 * through the units packed in them. codes_shipped: unit codes with a factory_out on or before dt;
 * codes_scanned: of them, codes with a consumer scan on or before dt; scan_rate = codes_scanned /
 * codes_shipped; first_scans_7d: codes whose first consumer scan is dated dt - 6 .. dt;
 * avg_days_to_first_scan: mean over the scanned codes of the time from the latest factory_out at or
 * before the first consumer scan to that scan, in days (a code scanned before any factory_out has
 * no such time and is left out of the mean). The sku and batch of a code are those of its latest
 * factory_out.
 *
 * <p>Read from the compact code registry (allocations, first consumer scan, latest factory_out),
 * never from the history of scans. Dates are Asia/Shanghai (the session time zone).
 */
public final class CodeScanRate extends Mart {
  public static final String NAME = "code_scan_rate";

  /** first_scans_7d counts first scans of dt and the 6 days before. */
  public static final int RECENT_DAYS = 7;

  private static final double SECONDS_PER_DAY = 86_400.0;

  public CodeScanRate() {
    super(NAME, "channel", "dt");
  }

  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    return build(ctx.warehouse().read(io.omnitouch.silver.CodeRegistry.TABLE), to);
  }

  /**
   * Pure: the snapshot as of {@code dt} from the code registry (code, allocations sorted by time
   * with event_time and distributor_id, first_consumer with event_time, latest_factory_out with sku
   * and batch_id).
   */
  public static Dataset<Row> build(Dataset<Row> registry, LocalDate dt) {
    String asOf = "DATE'" + dt + "'";
    Dataset<Row> shipped =
        registry
            .select(
                col("code"),
                expr("filter(allocations, a -> to_date(a.event_time) <= " + asOf + ")")
                    .as("shipments"),
                col("first_consumer.event_time").as("first_scan_time"),
                col("latest_factory_out"))
            .filter(expr("size(shipments) > 0"));
    Column firstScanDay = expr("to_date(first_scan_time)");
    Column scanned =
        col("first_scan_time").isNotNull().and(firstScanDay.leq(lit(Date.valueOf(dt))));
    Column recent = scanned.and(firstScanDay.geq(lit(Date.valueOf(dt.minusDays(RECENT_DAYS - 1)))));
    Column shippedBeforeFirstScan =
        expr(
            "aggregate(shipments, CAST(NULL AS TIMESTAMP), (acc, a) -> IF(a.event_time <="
                + " first_scan_time, a.event_time, acc))");
    Column daysToFirstScan =
        when(
            scanned,
            col("first_scan_time")
                .cast("double")
                .minus(col("shipped_time").cast("double"))
                .divide(SECONDS_PER_DAY));
    Dataset<Row> perCode =
        shipped
            .withColumn("latest", expr("element_at(shipments, -1)"))
            .withColumn("shipped_time", shippedBeforeFirstScan)
            .select(
                col("latest_factory_out.sku").as("sku"),
                col("latest_factory_out.batch_id").as("batch_id"),
                col("latest.distributor_id").as("distributor_id"),
                scanned.as("scanned"),
                recent.as("recent"),
                daysToFirstScan.as("days_to_first_scan"));
    Dataset<Row> perBatch =
        perCode
            .groupBy(col("sku"), col("batch_id"), col("distributor_id"))
            .agg(
                count(lit(1)).as("codes_shipped"),
                sum(when(col("scanned"), lit(1L)).otherwise(lit(0L))).as("codes_scanned"),
                sum(when(col("recent"), lit(1L)).otherwise(lit(0L))).as("first_scans_7d"),
                avg(col("days_to_first_scan")).as("avg_days_to_first_scan"));
    return perBatch.select(
        lit(Date.valueOf(dt)).as("dt"),
        col("sku"),
        col("batch_id"),
        col("distributor_id"),
        col("codes_shipped"),
        col("codes_scanned"),
        col("codes_scanned").cast("double").divide(col("codes_shipped")).as("scan_rate"),
        col("first_scans_7d"),
        col("avg_days_to_first_scan"));
  }
}
