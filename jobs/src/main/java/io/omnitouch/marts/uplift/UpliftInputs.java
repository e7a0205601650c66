package io.omnitouch.marts.uplift;

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
