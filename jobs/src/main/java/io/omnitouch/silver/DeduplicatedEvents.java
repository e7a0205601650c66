package io.omnitouch.silver;

import io.omnitouch.schema.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * {@code silver/scans}, {@code silver/guide_events}, {@code silver/group_events}: one row per event
 * id. Events are delivered at least once, so a repeated id is the same event and its first delivery
 * (earliest dt, then file, then line) is kept (inputs.md). Built from every bronze row of the
 * restated event dates, so a rerun gives the same rows.
 */
public final class DeduplicatedEvents {
  private DeduplicatedEvents() {}

  public static Dataset<Row> build(Dataset<Row> bronze, String idColumn, String silverTable) {
    WindowSpec firstDelivery =
        Window.partitionBy(idColumn).orderBy("dt", "source_file", "source_line");
    Dataset<Row> ranked =
        bronze.withColumn("_delivery", functions.row_number().over(firstDelivery));
    return Schemas.conform(ranked.filter("_delivery = 1"), "silver/" + silverTable);
  }
}
