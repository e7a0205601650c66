package io.omnitouch.marts.diversion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.omnitouch.marts.DateRange;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ISO weeks a run restates for the weekly marts ({@code diversion_cases}, {@code
 * diversion_flows_weekly}): every week touching the restated dates {@code from..to}. These marts
 * are small (aggregates of out-of-territory scans) and are replaced whole: the rows of the other
 * weeks are carried over from the mart itself, the restated weeks are recomputed from {@code
 * diversion_scans} of those weeks only. No history of scans is read.
 */
public record RestatedWeeks(LocalDate firstMonday, LocalDate lastSunday) {

  public static RestatedWeeks touching(LocalDate from, LocalDate to) {
    return new RestatedWeeks(
        from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
        to.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)));
  }

  /** The diversion_scans of the restated weeks (partition-pruned on dt). */
  public Dataset<Row> scans(Warehouse wh) {
    return wh.read("gold/" + DiversionScans.NAME)
        .filter(DateRange.between(col("dt"), firstMonday, lastSunday));
  }

  /** Rows of a weekly mart whose week_start lies outside the restated weeks. */
  public Dataset<Row> otherWeeks(Dataset<Row> mart) {
    return mart.filter(not(DateRange.between(col("week_start"), firstMonday, lastSunday)));
  }

  /**
   * Carried-over rows of the other weeks plus the recomputed weeks, both in the declared columns of
   * {@code marts/<mart>}, for a whole overwrite.
   */
  public Dataset<Row> replace(String mart, Dataset<Row> existing, Dataset<Row> recomputed) {
    String schema = "marts/" + mart;
    return Schemas.conform(otherWeeks(existing), schema)
        .unionByName(Schemas.conform(recomputed, schema));
  }
}
