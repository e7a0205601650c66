package io.omnitouch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.calendar.Calendar;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The promo line under the KPI tiles (issue 15: "compares a promo day with the same promo day of
 * the year before when history has it"). When the business calendar marks the report date as a
 * promo day, its same promo day of the year before is the same calendar date one year earlier (29
 * Feb → 28 Feb), provided the calendar gives that date the same promo: promos recur on fixed dates
 * (618 = Jun 1–18, 双11 = Nov 1–11) and an override that moves one does not pair unrelated days. The
 * line compares the two days' paid revenue (sales_daily) and names the earlier day's calendar label
 * (the report date's is beside the date in the masthead); there is no line when the date is no
 * promo day, the year before is not the same promo, or either day has no sales row in the
 * warehouse.
 */
public final class PromoComparison {
  private PromoComparison() {}

  /** The report date and its promo day of the year before, with their labels and revenue. */
  public record Promo(
      String promo,
      LocalDate date,
      double revenue,
      LocalDate lastYear,
      String lastYearLabel,
      double lastYearRevenue) {
    /** Relative change vs the year before; null when that day's revenue is 0. */
    public Double change() {
      return ReportModel.Metric.change(revenue, lastYearRevenue);
    }
  }

  /** The same promo day of the year before, or null when there is none. */
  static LocalDate samePromoDayLastYear(Calendar calendar, LocalDate date) {
    Calendar.Day today = calendar.day(date);
    if (!today.promoDay()) {
      return null;
    }
    LocalDate before = date.minusYears(1);
    return today.promo().equals(calendar.day(before).promo()) ? before : null;
  }

  public static Promo build(Dataset<Row> salesDaily, LocalDate date, Calendar calendar) {
    if (calendar == null) {
      return null;
    }
    LocalDate before = samePromoDayLastYear(calendar, date);
    if (before == null) {
      return null;
    }
    Map<LocalDate, Double> revenue = new HashMap<>();
    for (Row r :
        salesDaily
            .filter(col("dt").isin(Date.valueOf(date), Date.valueOf(before)))
            .groupBy("dt")
            .agg(sum("revenue").as("revenue"))
            .collectAsList()) {
      revenue.put(r.<Date>getAs("dt").toLocalDate(), ReportModelBuilder.dbl(r, "revenue"));
    }
    if (!revenue.containsKey(date) || !revenue.containsKey(before)) {
      return null;
    }
    return new Promo(
        calendar.day(date).promo(),
        date,
        revenue.get(date),
        before,
        calendar.day(before).label(),
        revenue.get(before));
  }

  // ---- HTML ---------------------------------------------------------------------------------

  /** The line, or nothing. */
  public static String render(Promo p, Messages m) {
    if (p == null) {
      return "";
    }
    String change = p.change() == null ? "—" : m.change(p.change());
    return "<p class=\"note\" id=\"promo-compare\">"
        + Html.text(
            m.get(
                "promo.line",
                p.promo(),
                m.moneyCompact(p.revenue()),
                p.lastYear(),
                p.lastYearLabel(),
                m.moneyCompact(p.lastYearRevenue()),
                change))
        + "</p>";
  }
}
