package io.omnitouch.marts.diversion;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.MartJob;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.CodePacking;
import io.omnitouch.silver.Territories;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code diversion_scans} (串货): one row per out-of-territory scan, keyed by scan_id, dated by the
 * scan's Asia/Shanghai date {@code dt}.
 *
 * <p>A code's authorised distributor at time t is the distributor of its latest {@code factory_out}
 * at or before t (from {@link CodeRegistry}; codes can be re-allocated); the territory is that
 * distributor's {@code ;}-separated region-code prefixes in force on the scan's date (the period of
 * distributor_territories.csv covering it, else distributors.csv). A {@code consumer}, {@code
 * dealer_out} or {@code store_in} scan is out of territory when its place does not start with any
 * prefix. The place is the scan's region_code for consumer scans and the receiving store's
 * region_code for dealer_out and store_in (evidence {@code channel}, else {@code consumer}). A code
 * without a factory_out at or before the scan has no authorised distributor and is never diversion;
 * neither is a scan whose place or distributor territory is unknown. distance_km: great-circle
 * (haversine) distance from the scan's lat/lon (else the place's region centroid) to the nearest
 * centroid of a territory prefix (the regions row of the prefix padded with zeros, {@code
 * 33→330000}); null when no position is known.
 *
 * <p>Unit codes only: a dealer_out or store_in scan of a case or pallet code is judged once per
 * unit packed in it (scan_id {@code <scan_id>#<unit code>}), so a case sent to the wrong city is
 * one out-of-territory scan per unit, evidence {@code channel}.
 *
 * <p>Extra columns tie each scan to its case: event_time, store_id, user_id, city_code, week
 * ({@code 2026-W45}), week_start and case_id ({@code distributor_id|sku|city_code|week}).
 *
 * <p>Restatement: the run date and late dates ({@code dt} from..to), reading only those silver scan
 * partitions and the code registry.
 */
public final class DiversionScans implements MartJob {
  public static final String NAME = "diversion_scans";
  public static final String EVIDENCE_CHANNEL = "channel";
  public static final String EVIDENCE_CONSUMER = "consumer";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String group() {
    return "diversion";
  }

  @Override
  public String dateColumn() {
    return "dt";
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    CodeRegistry.refresh(ctx, from, to);
    return build(
        WarehouseInputs.scans(wh, from, to),
        wh.read(CodeRegistry.TABLE),
        WarehouseInputs.dimension(wh, "distributors"),
        WarehouseInputs.dimension(wh, Territories.HISTORY),
        WarehouseInputs.dimension(wh, "stores"),
        WarehouseInputs.dimension(wh, "regions"),
        CodePacking.read(wh));
  }

  /**
   * Pure: out-of-territory scans among {@code scans} (silver scans columns), judged against the
   * registry's allocations, the territory in force on each scan's date (the history, else the
   * distributors' territory) and the dimensions. Channel scans of a case or pallet are judged per
   * unit packed in it ({@code packing}: silver/code_packing).
   */
  public static Dataset<Row> build(
      Dataset<Row> scans,
      Dataset<Row> registry,
      Dataset<Row> distributors,
      Dataset<Row> territoryHistory,
      Dataset<Row> stores,
      Dataset<Row> regions,
      Dataset<Row> packing) {
    Dataset<Row> unitScans = CodePacking.expand(downstreamScans(scans), packing);
    Dataset<Row> placed = withPlace(unitScans, stores);
    Dataset<Row> authorised = withAuthorisedDistributor(placed, registry);
    Dataset<Row> inForce =
        Territories.inForce(
            authorised, "distributor_id", col("event_date"), distributors, territoryHistory);
    Dataset<Row> territoryStrings =
        distributors.select("territory").unionByName(territoryHistory.select("territory"));
    Dataset<Row> judged =
        inForce.join(
            broadcast(territories(territoryStrings, regions)),
            col("territory").equalTo(col("t_territory")),
            "inner");
    Dataset<Row> outOfTerritory =
        judged.filter(
            col("place").isNotNull().and(expr("NOT exists(prefixes, p -> startswith(place, p))")));
    return withCaseKeys(withDistance(outOfTerritory, regions))
        .select(
            col("scan_id"),
            col("code"),
            col("sku"),
            col("event_date").as("dt"),
            col("scan_type"),
            col("distributor_id"),
            col("territory"),
            col("place").as("region_code"),
            col("evidence"),
            col("distance_km"),
            col("event_time"),
            col("store_id"),
            col("user_id"),
            col("city_code"),
            col("week"),
            col("week_start"),
            col("case_id"));
  }

  private static Dataset<Row> downstreamScans(Dataset<Row> scans) {
    return scans
        .filter(col("scan_type").isin(ScanTypes.CONSUMER, ScanTypes.DEALER_OUT, ScanTypes.STORE_IN))
        .select(
            "scan_id",
            "code",
            "sku",
            "scan_type",
            "event_time",
            "event_date",
            "store_id",
            "user_id",
            "region_code",
            "lat",
            "lon");
  }

  /** place: consumer scans' own region; dealer_out/store_in: the receiving store's region. */
  private static Dataset<Row> withPlace(Dataset<Row> scans, Dataset<Row> stores) {
    Dataset<Row> storeRegions =
        stores.select(col("store_id").as("s_store_id"), col("region_code").as("store_region"));
    Column isConsumer = col("scan_type").equalTo(lit(ScanTypes.CONSUMER));
    return scans
        .join(broadcast(storeRegions), col("store_id").equalTo(col("s_store_id")), "left_outer")
        .withColumn("place", when(isConsumer, col("region_code")).otherwise(col("store_region")))
        .withColumn(
            "evidence", when(isConsumer, lit(EVIDENCE_CONSUMER)).otherwise(lit(EVIDENCE_CHANNEL)))
        .drop("s_store_id", "store_region", "region_code");
  }

  /**
   * distributor_id: the registry's authorised distributor at the scan's time (inner: none, no row).
   */
  private static Dataset<Row> withAuthorisedDistributor(Dataset<Row> scans, Dataset<Row> registry) {
    Dataset<Row> allocations = registry.select(col("code").as("r_code"), col("allocations"));
    return scans
        .join(allocations, col("code").equalTo(col("r_code")), "inner")
        .withColumn("distributor_id", CodeRegistry.authorisedAt("allocations", "event_time"))
        .filter(col("distributor_id").isNotNull())
        .drop("r_code", "allocations");
  }

  /**
   * One row per distinct territory ({@code t_territory}): its prefixes (in order), the centroids of
   * the prefixes that have a regions row with a position, and the province of the first prefix.
   */
  public static Dataset<Row> territories(Dataset<Row> territoryStrings, Dataset<Row> regions) {
    Dataset<Row> prefixes =
        territoryStrings
            .filter(col("territory").isNotNull())
            .distinct()
            .select(
                col("territory").as("t_territory"), split(col("territory"), ";").as("prefixes"));
    Dataset<Row> exploded =
        prefixes.select(
            col("t_territory"), posexplode(col("prefixes")).as(new String[] {"i", "prefix"}));
    Dataset<Row> centroidRows =
        regions
            .filter(col("lat").isNotNull().and(col("lon").isNotNull()))
            .select(col("region_code").as("c_code"), col("lat"), col("lon"));
    Dataset<Row> centroids =
        exploded
            .join(
                broadcast(centroidRows),
                expr(Geo.paddedPrefixSql("prefix")).equalTo(col("c_code")),
                "inner")
            .groupBy(col("t_territory").as("c_territory"))
            .agg(collect_list(struct(col("lat"), col("lon"))).as("centroids"));
    return prefixes
        .join(centroids, col("t_territory").equalTo(col("c_territory")), "left_outer")
        .select(
            col("t_territory"),
            col("prefixes"),
            expr("coalesce(centroids, array())").as("centroids"),
            Geo.province(col("prefixes").getItem(0)).as("from_province"));
  }

  private static Dataset<Row> withDistance(Dataset<Row> scans, Dataset<Row> regions) {
    Dataset<Row> positioned =
        Geo.withCentroid(scans, "place", regions, "place")
            .withColumn(
                "pos_lat",
                when(col("lat").isNotNull().and(col("lon").isNotNull()), col("lat"))
                    .otherwise(col("place_lat")))
            .withColumn(
                "pos_lon",
                when(col("lat").isNotNull().and(col("lon").isNotNull()), col("lon"))
                    .otherwise(col("place_lon")));
    return positioned.withColumn(
        "distance_km",
        expr(
            "array_min(transform(centroids, c -> "
                + Geo.haversineSql("pos_lat", "pos_lon", "c.lat", "c.lon")
                + "))"));
  }

  private static Dataset<Row> withCaseKeys(Dataset<Row> scans) {
    return scans
        .withColumn("city_code", Geo.city(col("place")))
        .withColumn("week", Geo.isoWeek(col("event_date")))
        .withColumn("week_start", Geo.weekStart(col("event_date")))
        .withColumn(
            "case_id",
            concat_ws("|", col("distributor_id"), col("sku"), col("city_code"), col("week")));
  }
}
