package io.omnitouch.marts.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;

import io.omnitouch.marts.DateRange;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.BuyerDays;
import io.omnitouch.silver.CustomerState;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What the customer marts read and the buyer statuses they share (marts.md, Customer assets): a
 * {@code base}, {@code silver/customer_state} as of a date before the first restated date, and the
 * {@code recent} buyer-days after it up to the run date. A buyer's timeline is their last order
 * date of the base followed by their recent order dates: enough to know, for every recent date, the
 * latest paid order before it, without reading older history.
 *
 * @param baseAsOf the state's as_of; recent holds the buyer-days dated baseAsOf + 1 … to
 */
record BuyerTimeline(LocalDate baseAsOf, Dataset<Row> base, Dataset<Row> recent) {

  /** "Reactivated" (回流): the latest paid order before d is dated d − 91 or earlier. */
  static final int REACTIVATED_GAP_DAYS = 91;

  /**
   * Reads the stored state when it lies before {@code from} (every night); otherwise (a backfill
   * restating dates on or before the frontier) rebuilds it as of {@code from − 1} from all
   * buyer-days, which is the definition of the same thing.
   */
  static BuyerTimeline read(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> days = wh.read(BuyerDays.TABLE);
    LocalDate stored = CustomerState.storedAsOf(wh);
    LocalDate asOf;
    Dataset<Row> base;
    if (stored != null && stored.isBefore(from)) {
      asOf = stored;
      base = wh.read(CustomerState.TABLE);
    } else {
      asOf = from.minusDays(1);
      base = CustomerState.rebuild(days, asOf);
    }
    Dataset<Row> recent = days.filter(DateRange.between(col("order_date"), asOf.plusDays(1), to));
    return new BuyerTimeline(asOf, base, recent);
  }

  /**
   * One row per buyer and timeline date: user_id, order_date, recent (false for the base's last
   * order date), first_channel (null on base rows), prev_order_date and next_order_date (the
   * neighbouring dates on the timeline).
   */
  static Dataset<Row> dates(Dataset<Row> base, Dataset<Row> recent) {
    Dataset<Row> fromBase =
        base.select(
            col("user_id"),
            col("last_order_date").as("order_date"),
            lit(false).as("recent"),
            lit(null).cast("string").as("first_channel"));
    Dataset<Row> fromRecent =
        recent.select(
            col("user_id"), col("order_date"), lit(true).as("recent"), col("first_channel"));
    WindowSpec byDate = Window.partitionBy("user_id").orderBy("order_date");
    return fromBase
        .unionByName(fromRecent)
        .withColumn("prev_order_date", lag("order_date", 1).over(byDate))
        .withColumn("next_order_date", lead("order_date", 1).over(byDate));
  }

  /** New on its date: no paid order dated d − 365 … d − 1. */
  static Column isNew() {
    return col("prev_order_date")
        .isNull()
        .or(
            datediff(col("order_date"), col("prev_order_date"))
                .gt(CustomerState.NEW_LOOKBACK_DAYS));
  }

  /** Returning, and the latest paid order before d is dated d − 91 or earlier. */
  static Column isReactivated() {
    return org.apache
        .spark
        .sql
        .functions
        .not(isNew())
        .and(datediff(col("order_date"), col("prev_order_date")).geq(REACTIVATED_GAP_DAYS));
  }
}
