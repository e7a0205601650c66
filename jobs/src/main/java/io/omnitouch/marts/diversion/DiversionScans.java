package io.omnitouch.marts.diversion;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.Geo;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.silver.OutOfTerritoryScans;
import io.omnitouch.silver.Territories;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code diversion_scans} (串货): one row per out-of-territory scan, keyed by scan_id, dated by the
 * scan's Asia/Shanghai date {@code dt}.
 *
 * <p>Which scans are out of territory is judged by the silver stage ({@link OutOfTerritoryScans},
 * against the {@link CodeRegistry}): a code's authorised distributor at time t is the distributor
 * of its latest {@code factory_out} at or before t; the territory is that distributor's {@code
 * ;}-separated region-code prefixes in force on the scan's date (distributor_territories.csv, else
 * distributors.csv); case and pallet channel scans are judged per unit packed in them; a {@code
 * consumer}, {@code dealer_out} or {@code store_in} scan is out of territory when its place (the
 * scan's region_code for consumer scans, the receiving store's for dealer_out and store_in:
 * evidence {@code channel}, else {@code consumer}) does not start with any prefix. A code without a
 * factory_out at or before the scan is never diversion; neither is a scan whose place or
 * distributor territory is unknown. distance_km: great-circle (haversine) distance from the scan's
 * lat/lon (else the place's region centroid) to the nearest centroid of a territory prefix (the
 * regions row of the prefix padded with zeros, {@code 33→330000}); null when no position is known.
 *
 * <p>Extra columns tie each scan to its case: event_time, store_id, user_id, city_code, week
 * ({@code 2026-W45}), week_start and case_id ({@code distributor_id|sku|city_code|week}).
 *
 * <p>Restatement: the run date and late dates ({@code dt} from..to), reading only those dates of
 * the silver judgement.
 */
public final class DiversionScans extends Mart {
  public static final String NAME = "diversion_scans";
  public static final String EVIDENCE_CHANNEL = OutOfTerritoryScans.EVIDENCE_CHANNEL;
  public static final String EVIDENCE_CONSUMER = OutOfTerritoryScans.EVIDENCE_CONSUMER;

  public DiversionScans() {
    super(NAME, "diversion", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    return enrich(
        wh.read(OutOfTerritoryScans.TABLE).filter(DateRange.between(col("event_date"), from, to)),
        Dimensions.read(wh, "distributors"),
        Dimensions.read(wh, Territories.HISTORY),
        Dimensions.read(wh, "regions"));
  }

  /**
   * Pure: out-of-territory scans among {@code scans} (silver scans columns), judged against the
   * registry's allocations, the territory in force on each scan's date and the dimensions; channel
   * scans of a case or pallet are judged per unit ({@code packing}: silver/code_packing).
   */
  public static Dataset<Row> build(
      Dataset<Row> scans,
      Dataset<Row> registry,
      Dataset<Row> distributors,
      Dataset<Row> territoryHistory,
      Dataset<Row> stores,
      Dataset<Row> regions,
      Dataset<Row> packing) {
    return enrich(
        OutOfTerritoryScans.build(scans, registry, distributors, territoryHistory, stores, packing),
        distributors,
        territoryHistory,
        regions);
  }

  /**
   * Pure: the mart's rows from the silver judgement: distance to the territory in force and case
   * keys.
   */
  static Dataset<Row> enrich(
      Dataset<Row> outOfTerritory,
      Dataset<Row> distributors,
      Dataset<Row> territoryHistory,
      Dataset<Row> regions) {
    Dataset<Row> territoryStrings =
        distributors.select("territory").unionByName(territoryHistory.select("territory"));
    Dataset<Row> centroids =
        territories(territoryStrings, regions).select(col("t_territory"), col("centroids"));
    Dataset<Row> judged =
        outOfTerritory.join(
            broadcast(centroids), col("territory").equalTo(col("t_territory")), "inner");
    return withCaseKeys(withDistance(judged, regions))
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
