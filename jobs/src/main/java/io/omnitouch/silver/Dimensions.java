package io.omnitouch.silver;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads a dimension {@code silver/<reference name>}; before its first load it reads as empty with
 * the typed columns of {@code schemas/reference/<name>.json}.
 */
public final class Dimensions {
  private Dimensions() {}

  public static Dataset<Row> read(Warehouse warehouse, String reference) {
    String table = "silver/" + reference;
    if (warehouse.exists(table)) {
      return warehouse.read(table);
    }
    return warehouse.empty(Schemas.referenceStruct("reference/" + reference));
  }
}
