package io.omnitouch.ingest;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The quarantine table: every rejected row or file with its source, dt, file, physical line, raw
 * text (phones keyed) and reason. Restated per (source, dt) so a rerun leaves the same rows.
 */
public final class Quarantine {
  private Quarantine() {}

  /** Quarantine rows from parsed rows with a reason. */
  public static Dataset<Row> fromParsed(Dataset<Row> parsed, String source) {
    Dataset<Row> rejected = parsed.filter(functions.col("reason").isNotNull());
    return Schemas.conform(
        rejected
            .withColumn("source", functions.lit(source))
            .withColumn("file", functions.col("source_file"))
            .withColumn("line", functions.col("source_line"))
            .withColumn("ingested_at", functions.current_timestamp()),
        "silver/quarantine");
  }

  /** Replaces the quarantine of {@code sources} for the file dates {@code dts}. */
  public static void write(
      Warehouse wh, Dataset<Row> rows, Collection<String> sources, Collection<LocalDate> dts) {
    StringBuilder in = new StringBuilder("source IN (");
    String sep = "";
    for (String s : sources) {
      in.append(sep).append('\'').append(s).append('\'');
      sep = ", ";
    }
    in.append(") AND ").append(Warehouse.dateIn("dt", dts));
    wh.replaceWhere(Warehouse.QUARANTINE, rows, in.toString());
  }
}
