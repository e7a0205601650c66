package io.omnitouch.marts;

import io.omnitouch.run.RunContext;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The I/O edge of one gold mart: reads what it needs from the warehouse and calls the mart's pure
 * {@code build(...)}. {@link MartRunner} decides the restated dates, conforms the rows to {@code
 * schemas/marts/<name>.json}, replaces those dates in one Delta commit and exports them.
 */
public interface MartJob {

  /** Table name: the Delta table {@code gold/<name>}, the export folder and the sql name. */
  String name();

  /** The {@code --stages} group this mart belongs to (e.g. {@code attribution}, {@code fraud}). */
  String group();

  /**
   * The mart's date column (exports get Hive-style {@code <column>=} folders), or null for a mart
   * replaced whole each run.
   */
  String dateColumn();

  /**
   * How many days before the run date every run restates, on top of the dates late events touched
   * (e.g. 7 for conversion cohorts). 0: only the run date and late dates.
   */
  default int restatedDays() {
    return 0;
  }

  /**
   * True for marts estimated as of the run date (uplift: {@code dt} = the run date of the
   * estimate): a run restates only its own date, late events do not rewrite past estimates, and a
   * backfill estimates as of its last date only (an estimate as of every past date would repeat the
   * whole computation per date; run {@code omnitouch run --stages uplift --date D} for one).
   */
  default boolean asOfRunDate() {
    return false;
  }

  /**
   * The rows of the dates {@code from..to} (inclusive) of {@link #dateColumn()}; for a mart without
   * a date column, all its rows. Rows outside the range make the write fail.
   */
  Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to);
}
