package io.omnitouch.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.storage.Warehouse;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Case and pallet scans (inputs.md): a {@code factory_out}, {@code dealer_out} or {@code store_in}
 * scan whose code is a case or pallet code of {@code silver/code_packing} stands for one scan of
 * every unit packed in it, with the scan's other fields and the scan_id {@code <scan_id>#<unit
 * code>}. Every consumer of channel scans reads them through {@link #expand}, so it sees units
 * only.
 */
public final class CodePacking {
  public static final String TABLE = "silver/code_packing";

  /** Separates the container scan's id from the unit code in an expanded scan_id. */
  public static final String SCAN_ID_SEPARATOR = "#";

  private static final List<String> CHANNEL_TYPES =
      List.of("factory_out", "dealer_out", "store_in");

  private CodePacking() {}

  /** The compact packing table; empty (no unit is packed) before the first load. */
  public static Dataset<Row> read(Warehouse wh) {
    return wh.read(TABLE);
  }

  /**
   * Pure: {@code scans} with each channel scan of a container code replaced by one scan per unit in
   * it; every other scan (consumer scans, unit codes, codes absent from the packing table) is kept
   * as it is. One join of the channel scans with the compact table (one row per container), never a
   * lookup per row.
   *
   * @param scans scans with at least scan_id, code and scan_type
   * @param packing {@code silver/code_packing} (container_code, units)
   */
  public static Dataset<Row> expand(Dataset<Row> scans, Dataset<Row> packing) {
    Column channel = col("scan_type").isin(CHANNEL_TYPES.toArray());
    Dataset<Row> containers =
        packing.select(col("container_code").as("_container"), col("units").as("_units"));
    Dataset<Row> channelScans =
        scans
            .filter(channel)
            .join(containers, col("code").equalTo(col("_container")), "left_outer")
            .withColumn("_unit", explode_outer(col("_units")));
    Column unitScanId =
        when(col("_unit").isNotNull(), concat(col("scan_id"), lit(SCAN_ID_SEPARATOR), col("_unit")))
            .otherwise(col("scan_id"));
    Column[] columns =
        Arrays.stream(scans.columns())
            .map(
                c ->
                    switch (c) {
                      case "scan_id" -> unitScanId.as(c);
                      case "code" -> coalesce(col("_unit"), col("code")).as(c);
                      default -> col(c);
                    })
            .toArray(Column[]::new);
    Dataset<Row> unitScans = channelScans.select(columns);
    return scans.filter(not(channel).or(col("scan_type").isNull())).unionByName(unitScans);
  }
}
