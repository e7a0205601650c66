package io.omnitouch.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code silver/customer_state}: one row per buyer with a paid order dated on or before {@code
 * as_of} (the same date on every row): first and last order date, orders and revenue dated as_of −
 * 364 … as_of, and the buyer's latest cohort (the latest date they were <em>new</em>: no paid order
 * in the 365 days before; its channel; the first paid order date after it). It is the buyers'
 * history summed up to a frontier, so the customer-asset marts classify the days after it from this
 * table plus {@code silver/buyer_days} of those days, never from all order history.
 *
 * <p>The frontier {@code as_of} is the run date − late horizon − 1: every date a nightly run may
 * restate lies after it. A night moves it by one day with {@link #advance} (the new day in, the day
 * leaving the 365-day window out); anything else (the first run, a backfill, a rerun of an older
 * date, a late order dated on or before the frontier) rebuilds it from {@code silver/buyer_days}
 * with {@link #rebuild}, which defines it. {@code advance(rebuild(d), d + 1) = rebuild(d + 1)}.
 */
public final class CustomerState {
  public static final String TABLE = "silver/customer_state";

  /** "New" looks back this many days: no paid order dated d − 365 … d − 1. */
  public static final int NEW_LOOKBACK_DAYS = 365;

  /** The RFM window: orders dated d − 364 … d. */
  public static final int WINDOW_DAYS = 365;

  private CustomerState() {}

  /** The state as of {@code asOf} from every buyer-day of the warehouse (later days ignored). */
  public static Dataset<Row> rebuild(Dataset<Row> buyerDays, LocalDate asOf) {
    Column asOfDate = lit(Date.valueOf(asOf));
    Dataset<Row> upTo = buyerDays.filter(col("order_date").leq(asOfDate));
    WindowSpec byDate = Window.partitionBy("user_id").orderBy("order_date");
    Column prev = org.apache.spark.sql.functions.lag("order_date", 1).over(byDate);
    Column isNew = prev.isNull().or(datediff(col("order_date"), prev).gt(NEW_LOOKBACK_DAYS));
    Dataset<Row> flagged = upTo.withColumn("_new", isNew);
    Column latestCohort =
        max(when(col("_new"), struct(col("order_date"), col("first_channel"))))
            .over(Window.partitionBy("user_id"));
    Dataset<Row> withCohort =
        flagged
            .withColumn("_cohort", latestCohort)
            .withColumn("cohort_date", col("_cohort.order_date"))
            .withColumn("cohort_channel", col("_cohort.first_channel"));
    Column inWindow = datediff(asOfDate, col("order_date")).lt(WINDOW_DAYS);
    Dataset<Row> perBuyer =
        withCohort
            .groupBy("user_id", "cohort_date", "cohort_channel")
            .agg(
                min("order_date").as("first_order_date"),
                max("order_date").as("last_order_date"),
                coalesce(sum(when(inWindow, col("orders"))), lit(0L)).as("orders_365d"),
                coalesce(sum(when(inWindow, col("revenue"))), lit(0).cast("decimal(18,2)"))
                    .as("revenue_365d"),
                min(when(col("order_date").gt(col("cohort_date")), col("order_date")))
                    .as("next_order_date"));
    return Schemas.conform(perBuyer.withColumn("as_of", asOfDate), TABLE);
  }

  /**
   * The state as of {@code state.as_of + 1}: {@code newDay} holds the buyer-days of that date,
   * {@code leavingDay} those of the date leaving the 365-day window (new as_of − 365).
   */
  public static Dataset<Row> advance(
      Dataset<Row> state, Dataset<Row> newDay, Dataset<Row> leavingDay, LocalDate newAsOf) {
    Column day = lit(Date.valueOf(newAsOf));
    Dataset<Row> s = state.alias("s");
    Dataset<Row> a =
        newDay.select(
            col("user_id").as("a_user"),
            col("orders").as("a_orders"),
            col("revenue").as("a_revenue"),
            col("first_channel").as("a_channel"));
    Dataset<Row> l =
        leavingDay.select(
            col("user_id").as("l_user"),
            col("orders").as("l_orders"),
            col("revenue").as("l_revenue"));
    Dataset<Row> joined =
        s.join(a, col("s.user_id").equalTo(col("a_user")), "full_outer")
            .join(l, coalesce(col("s.user_id"), col("a_user")).equalTo(col("l_user")), "left");
    Column bought = col("a_user").isNotNull();
    Column isNew =
        bought.and(
            col("s.last_order_date")
                .isNull()
                .or(datediff(day, col("s.last_order_date")).gt(NEW_LOOKBACK_DAYS)));
    Column firstRepurchase =
        bought.and(col("s.cohort_date").isNotNull()).and(col("s.next_order_date").isNull());
    Column zeroMoney = lit(0).cast("decimal(18,2)");
    Dataset<Row> next =
        joined.select(
            day.as("as_of"),
            coalesce(col("s.user_id"), col("a_user")).as("user_id"),
            coalesce(col("s.first_order_date"), day).as("first_order_date"),
            when(bought, day).otherwise(col("s.last_order_date")).as("last_order_date"),
            coalesce(col("s.orders_365d"), lit(0L))
                .plus(coalesce(col("a_orders"), lit(0L)))
                .minus(coalesce(col("l_orders"), lit(0L)))
                .as("orders_365d"),
            coalesce(col("s.revenue_365d"), zeroMoney)
                .plus(coalesce(col("a_revenue"), zeroMoney))
                .minus(coalesce(col("l_revenue"), zeroMoney))
                .as("revenue_365d"),
            when(isNew, day).otherwise(col("s.cohort_date")).as("cohort_date"),
            when(isNew, col("a_channel")).otherwise(col("s.cohort_channel")).as("cohort_channel"),
            when(isNew, lit(null).cast("date"))
                .when(firstRepurchase, day)
                .otherwise(col("s.next_order_date"))
                .as("next_order_date"));
    return Schemas.conform(next, TABLE);
  }

  /**
   * The frontier of a run whose last date is {@code runDate}: every restatable date is after it.
   */
  public static LocalDate frontier(LocalDate runDate, int lateHorizonDays) {
    return runDate.minusDays(lateHorizonDays + 1L);
  }

  /** The as_of of the stored state, or null when there is none (or it holds no buyer yet). */
  public static LocalDate storedAsOf(Warehouse wh) {
    if (!wh.exists(TABLE)) {
      return null;
    }
    List<Row> first = wh.read(TABLE).select("as_of").limit(1).collectAsList();
    return first.isEmpty() ? null : first.get(0).getDate(0).toLocalDate();
  }

  /**
   * Brings the stored state to the frontier of {@code runDate}, after {@code silver/buyer_days} of
   * the changed order dates was restated. Returns how it was done ("advanced", "kept", "rebuilt").
   */
  public static String update(
      Warehouse wh, LocalDate runDate, int lateHorizonDays, Collection<LocalDate> changedDates) {
    LocalDate target = frontier(runDate, lateHorizonDays);
    LocalDate stored = storedAsOf(wh);
    boolean historyChanged =
        stored == null || changedDates.stream().anyMatch(d -> !d.isAfter(stored));
    long step = stored == null ? -1 : ChronoUnit.DAYS.between(stored, target);
    Dataset<Row> days = wh.read(BuyerDays.TABLE);
    if (!historyChanged && step == 0) {
      return "kept";
    }
    Dataset<Row> next;
    String how;
    if (!historyChanged && step == 1) {
      Dataset<Row> current = wh.read(TABLE);
      next =
          advance(
              current,
              days.filter(col("order_date").equalTo(lit(Date.valueOf(target)))),
              days.filter(
                  col("order_date").equalTo(lit(Date.valueOf(target.minusDays(WINDOW_DAYS))))),
              target);
      how = "advanced";
    } else {
      next = rebuild(days, target);
      how = "rebuilt";
    }
    wh.overwrite(TABLE, next);
    return how;
  }
}
