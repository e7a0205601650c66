package io.omnitouch.marts.diversion;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads of the warehouse inputs shared by the diversion and fraud jobs (the I/O edge only): silver
 * scans of a date range (partition-pruned on {@code event_date}) and the silver dimensions.
 */
public final class WarehouseInputs {
  public static final String SCANS = "silver/scans";

  private WarehouseInputs() {}

  /** Silver scans with {@code event_date} in {@code from..to}: only those partitions are read. */
  public static Dataset<Row> scans(Warehouse wh, LocalDate from, LocalDate to) {
    return wh.read(SCANS).where(Warehouse.dateRange("event_date", from, to));
  }

  /**
   * A silver dimension ({@code regions}, {@code distributors}, {@code stores}, ...); absent, it
   * reads as empty with the reference file's declared columns.
   */
  public static Dataset<Row> dimension(Warehouse wh, String name) {
    String table = "silver/" + name;
    if (wh.exists(table)) {
      return wh.read(table);
    }
    return wh.empty(Schemas.referenceStruct("reference/" + name));
  }
}
