package io.omnitouch.marts.uplift;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reads of the warehouse shared by the uplift jobs (the I/O edge, never the marts). */
final class UpliftInputs {
  /** The {@code --stages} group of the uplift marts. */
  static final String GROUP = "uplift";

  private UpliftInputs() {}

  /**
   * A silver dimension ({@code silver/<reference name>}); one not loaded yet (campaign_assignments
   * is optional) reads as empty with the reference file's declared columns.
   */
  static Dataset<Row> dimension(Warehouse wh, String reference) {
    String table = "silver/" + reference;
    if (wh.exists(table)) {
      return wh.read(table);
    }
    return wh.empty(Schemas.referenceStruct("reference/" + reference));
  }

  /**
   * The mart as of every date {@code from..to}: each dt is estimated with the data up to that date,
   * so a restated date gets the rows a rerun of that date would write.
   */
  static Dataset<Row> asOfEachDate(
      LocalDate from, LocalDate to, Function<LocalDate, Dataset<Row>> buildAsOf) {
    Dataset<Row> out = buildAsOf.apply(to);
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      out = out.unionByName(buildAsOf.apply(d));
    }
    return out;
  }
}
