package io.omnitouch.marts.fraud;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.config.OmnitouchConfig.FraudThresholds;
import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Geo;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.silver.ScanTypes;
import io.omnitouch.storage.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code fraud_scan_flags} (羊毛党): one row per flagged consumer scan, keyed by scan_id, dated by the
 * scan's Asia/Shanghai date {@code dt}. Rules (thresholds from {@link FraudThresholds}):
 *
 * <ul>
 *   <li>HIGH_VOLUME: every scan of a user who scanned more than N distinct codes that day (20);
 *   <li>SHARED_DEVICE: scans from a device used by more than N distinct users that day (3);
 *   <li>IMPOSSIBLE_TRAVEL: the great-circle distance from the same user's previous consumer scan
 *       (scans ordered by event_time, scan_id) implies more than N km/h (300), i.e. distance_km
 *       &gt; N × hours (so a jump at the same instant counts); positions are lat/lon when given,
 *       else the region_code centroid; unknown positions never flag;
 *   <li>CODE_REUSE: the code was already scanned by another user (exact, from {@link CodeRegistry}:
 *       first scanner and first other user);
 *   <li>UNKNOWN_CODE: the code has no factory_out at or before the scan;
 *   <li>GEO_MISMATCH: ip_region_code and region_code in different provinces: weak, listed only when
 *       another rule hits; a scan whose only hit is GEO_MISMATCH is not flagged.
 * </ul>
 *
 * <p>rules: the names hit, alphabetical, comma-separated; risk_score: see {@link FraudRule}. Extra
 * columns: code, device_id, event_time, reward_amount.
 *
 * <p>Restatement: the run date and late dates (dt from..to). The previous scan of a user may be on
 * an earlier day: the job also reads the consumer scans of the {@link #travelLookbackDays} days
 * before {@code from} (3 at 300 km/h: no journey on Earth takes longer than 66.7 h at that speed),
 * reduced to each user's last scan; never the history of scans.
 */
public final class FraudScanFlags extends Mart {
  public static final String NAME = "fraud_scan_flags";

  private static final double SECONDS_PER_HOUR = 3600.0;
  private static final double HOURS_PER_DAY = 24.0;

  /**
   * Days before a date in which a previous scan can still imply more than {@code kmh}: the longest
   * great-circle distance divided by the speed, in whole days.
   */
  public static int travelLookbackDays(double kmh) {
    return (int) Math.ceil(Geo.MAX_SURFACE_DISTANCE_KM / kmh / HOURS_PER_DAY);
  }

  public FraudScanFlags() {
    super(NAME, "fraud", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    FraudThresholds thresholds = ctx.config().fraud;
    LocalDate lookbackFrom = from.minusDays(travelLookbackDays(thresholds.impossibleTravelKmh()));
    return build(
        wh.read("silver/scans").filter(DateRange.between(col("event_date"), lookbackFrom, to)),
        wh.read(CodeRegistry.TABLE),
        Dimensions.read(wh, "regions"),
        thresholds,
        from,
        to);
  }

  /**
   * Pure: the flagged consumer scans dated from..to. {@code scans} are silver scans covering
   * from..to and, for IMPOSSIBLE_TRAVEL, the days before (earlier rows only serve as previous
   * scans); {@code registry} must include the scans judged.
   */
  public static Dataset<Row> build(
      Dataset<Row> scans,
      Dataset<Row> registry,
      Dataset<Row> regions,
      FraudThresholds thresholds,
      LocalDate from,
      LocalDate to) {
    Dataset<Row> consumer =
        scans
            .filter(col("scan_type").equalTo(lit(ScanTypes.CONSUMER)))
            .select(
                "scan_id",
                "code",
                "user_id",
                "device_id",
                "event_time",
                "event_date",
                "region_code",
                "ip_region_code",
                "lat",
                "lon",
                "campaign_id",
                "reward_amount");
    Column inRange =
        col("event_date")
            .geq(lit(Date.valueOf(from)))
            .and(col("event_date").leq(lit(Date.valueOf(to))));
    Dataset<Row> judged = consumer.filter(inRange);
    Dataset<Row> before = consumer.filter(col("event_date").lt(lit(Date.valueOf(from))));

    Dataset<Row> withTravel = withImpossibleTravel(judged, before, regions, thresholds);
    Dataset<Row> withVolume = withHighVolume(withTravel, thresholds);
    Dataset<Row> withDevice = withSharedDevice(withVolume, thresholds);
    Dataset<Row> withCode = withCodeRules(withDevice, registry);
    Dataset<Row> withGeo =
        withCode.withColumn(
            FraudRule.GEO_MISMATCH.name(),
            col("ip_region_code")
                .isNotNull()
                .and(col("region_code").isNotNull())
                .and(
                    Geo.province(col("ip_region_code"))
                        .notEqual(Geo.province(col("region_code")))));
    return flagged(withGeo);
  }

  /** Keeps scans hitting a rule that is not weak; names and scores their rules. */
  private static Dataset<Row> flagged(Dataset<Row> judged) {
    Column strong = lit(false);
    List<Column> names = new ArrayList<>();
    Column score = lit(0);
    for (FraudRule r : FraudRule.alphabetical()) {
      Column hit = col(r.name());
      if (!r.weak()) {
        strong = strong.or(hit);
      }
      names.add(when(hit, lit(r.name())));
      score = score.plus(when(hit, lit(r.weight)).otherwise(lit(0)));
    }
    return judged
        .filter(strong)
        .select(
            col("scan_id"),
            col("event_date").as("dt"),
            col("user_id"),
            col("campaign_id"),
            concat_ws(",", names.toArray(Column[]::new)).as("rules"),
            least(score, lit(FraudRule.MAX_RISK_SCORE)).as("risk_score"),
            col("code"),
            col("device_id"),
            col("event_time"),
            col("reward_amount"));
  }

  /**
   * HIGH_VOLUME as a window per (user, day): it reuses the partitioning by user of the travel
   * window, so it costs no extra shuffle.
   */
  private static Dataset<Row> withHighVolume(Dataset<Row> scans, FraudThresholds t) {
    WindowSpec userDay = Window.partitionBy("user_id", "event_date");
    return scans.withColumn(
        FraudRule.HIGH_VOLUME.name(),
        size(collect_set("code").over(userDay)).gt(t.highVolumeCodesPerDay()));
  }

  private static Dataset<Row> withSharedDevice(Dataset<Row> scans, FraudThresholds t) {
    WindowSpec deviceDay = Window.partitionBy("device_id", "event_date");
    return scans.withColumn(
        FraudRule.SHARED_DEVICE.name(),
        col("device_id")
            .isNotNull()
            .and(size(collect_set("user_id").over(deviceDay)).gt(t.sharedDeviceUsersPerDay())));
  }

  /**
   * IMPOSSIBLE_TRAVEL against the user's previous scan: among the judged scans, or the user's last
   * scan before them (one row per user from the lookback days).
   */
  private static Dataset<Row> withImpossibleTravel(
      Dataset<Row> judged, Dataset<Row> before, Dataset<Row> regions, FraudThresholds t) {
    Dataset<Row> lastBefore =
        before
            .groupBy("user_id")
            .agg(
                max(struct(
                        col("event_time"),
                        col("scan_id"),
                        col("region_code"),
                        col("lat"),
                        col("lon")))
                    .as("last"))
            .select(
                col("user_id"),
                col("last.event_time").as("event_time"),
                col("last.scan_id").as("scan_id"),
                col("last.region_code").as("region_code"),
                col("last.lat").as("lat"),
                col("last.lon").as("lon"),
                lit(false).as("judged"));
    Dataset<Row> track = judged.withColumn("judged", lit(true)).unionByName(lastBefore, true);
    Dataset<Row> positioned =
        Geo.withCentroid(track, "region_code", regions, "region")
            .withColumn(
                "pos_lat",
                when(col("lat").isNotNull().and(col("lon").isNotNull()), col("lat"))
                    .otherwise(col("region_lat")))
            .withColumn(
                "pos_lon",
                when(col("lat").isNotNull().and(col("lon").isNotNull()), col("lon"))
                    .otherwise(col("region_lon")));
    WindowSpec byUser = Window.partitionBy("user_id").orderBy(col("event_time"), col("scan_id"));
    Dataset<Row> legs =
        positioned
            .withColumn("prev_time", lag("event_time", 1).over(byUser))
            .withColumn("prev_lat", lag("pos_lat", 1).over(byUser))
            .withColumn("prev_lon", lag("pos_lon", 1).over(byUser))
            .filter(col("judged"));
    Column hours =
        col("event_time")
            .cast("double")
            .minus(col("prev_time").cast("double"))
            .divide(SECONDS_PER_HOUR);
    Column impossible =
        Geo.haversineKm("prev_lat", "prev_lon", "pos_lat", "pos_lon")
            .gt(hours.multiply(t.impossibleTravelKmh()));
    return legs.withColumn(FraudRule.IMPOSSIBLE_TRAVEL.name(), coalesce(impossible, lit(false)))
        .drop(
            "judged",
            "region_lat",
            "region_lon",
            "pos_lat",
            "pos_lon",
            "prev_time",
            "prev_lat",
            "prev_lon");
  }

  /** CODE_REUSE and UNKNOWN_CODE from the registry state of the code. */
  private static Dataset<Row> withCodeRules(Dataset<Row> scans, Dataset<Row> registry) {
    Dataset<Row> state =
        registry.select(
            col("code").as("r_code"),
            col("allocations"),
            col("first_consumer"),
            col("first_other_user"));
    Column otherUserEarlier =
        expr(
            "first_other_user IS NOT NULL AND (first_other_user.event_time < event_time"
                + " OR (first_other_user.event_time = event_time"
                + " AND first_other_user.scan_id < scan_id))");
    Column otherUserFirst =
        coalesce(col("first_consumer.user_id").notEqual(col("user_id")), lit(false));
    return scans
        .join(state, col("code").equalTo(col("r_code")), "left_outer")
        .withColumn(FraudRule.CODE_REUSE.name(), otherUserFirst.or(otherUserEarlier))
        .withColumn(
            FraudRule.UNKNOWN_CODE.name(),
            CodeRegistry.authorisedAt("allocations", "event_time").isNull())
        .drop("r_code", "allocations", "first_consumer", "first_other_user");
  }
}
