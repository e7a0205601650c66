package io.omnitouch.marts;

import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;

/** Date-range predicates for mart inputs; on a partition column Delta prunes the other dates. */
public final class DateRange {
  private DateRange() {}

  /** {@code from <= c <= to}, both inclusive. */
  public static Column between(Column c, LocalDate from, LocalDate to) {
    return c.geq(lit(Date.valueOf(from))).and(c.leq(lit(Date.valueOf(to))));
  }
}
