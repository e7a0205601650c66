package io.omnitouch.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code silver/out_of_territory_scans}: the downstream scans judged out of their authorised
 * distributor's territory (the judgement of the {@code diversion_scans} mart, which adds distance
 * and case keys), kept in silver so the {@link DivertedCodes} state is folded by the silver stage
 * and the marts only read.
 *
 * <p>A code's authorised distributor at time t is the distributor of its latest {@code factory_out}
 * at or before t (from {@link CodeRegistry}; codes can be re-allocated); the territory is that
 * distributor's {@code ;}-separated region-code prefixes in force on the scan's date (the period of
 * distributor_territories.csv covering it, else distributors.csv, see {@link Territories}). A
 * {@code consumer}, {@code dealer_out} or {@code store_in} scan is out of territory when its place
 * does not start with any prefix. The place is the scan's region_code for consumer scans and the
 * receiving store's region_code for dealer_out and store_in (evidence {@code channel}, else {@code
 * consumer}). A code without a factory_out at or before the scan has no authorised distributor and
 * is never diversion; neither is a scan whose place or distributor territory is unknown.
 *
 * <p>Unit codes only: a dealer_out or store_in scan of a case or pallet code is judged once per
 * unit packed in it (scan_id {@code <scan_id>#<unit code>}, {@link CodePacking}), so a case sent to
 * the wrong city is one out-of-territory scan per unit, evidence {@code channel}.
 *
 * <p>Maintenance (a step of the silver stage, after {@link CodeRegistry}): the event dates the run
 * restates are replaced, judged from those silver scan partitions and the registry. Returns the
 * rows written.
 */
public final class OutOfTerritoryScans {
  public static final String TABLE = "silver/out_of_territory_scans";
  public static final String EVIDENCE_CHANNEL = "channel";
  public static final String EVIDENCE_CONSUMER = "consumer";

  private static final String SCANS = "silver/scans";

  private OutOfTerritoryScans() {}

  /**
   * Replaces the event dates {@code from..to} with the judgement of their silver scans (the
   * dimensions are there: ingest loads them before silver, as for touches' groups).
   */
  public static long refresh(Warehouse wh, LocalDate from, LocalDate to) {
    String dates = Warehouse.dateRange("event_date", from, to);
    wh.replaceWhere(
        TABLE,
        build(
            wh.read(SCANS).where(dates),
            wh.read(CodeRegistry.TABLE),
            wh.read("silver/distributors"),
            Dimensions.read(wh, Territories.HISTORY),
            wh.read("silver/stores"),
            CodePacking.read(wh)),
        dates);
    return wh.lastCommitRows(TABLE);
  }

  /**
   * Pure: out-of-territory scans among {@code scans} (silver scans columns), judged against the
   * registry's allocations and the dimensions.
   */
  public static Dataset<Row> build(
      Dataset<Row> scans,
      Dataset<Row> registry,
      Dataset<Row> distributors,
      Dataset<Row> territoryHistory,
      Dataset<Row> stores,
      Dataset<Row> packing) {
    Dataset<Row> unitScans = CodePacking.expand(downstreamScans(scans), packing);
    Dataset<Row> placed = withPlace(unitScans, stores);
    Dataset<Row> authorised = withAuthorisedDistributor(placed, registry);
    Dataset<Row> inForce =
        Territories.inForce(
            authorised, "distributor_id", col("event_date"), distributors, territoryHistory);
    return inForce
        .filter(col("territory").isNotNull())
        .withColumn("prefixes", split(col("territory"), ";"))
        .filter(
            col("place").isNotNull().and(expr("NOT exists(prefixes, p -> startswith(place, p))")))
        .select(
            col("scan_id"),
            col("code"),
            col("sku"),
            col("scan_type"),
            col("event_time"),
            col("event_date"),
            col("store_id"),
            col("user_id"),
            col("lat"),
            col("lon"),
            col("place"),
            col("evidence"),
            col("distributor_id"),
            col("territory"));
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
}
