package io.omnitouch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.report.ReportModel.Metric;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's refunds and gross margin card (退款与毛利), self-contained, from sales_daily of the
 * report date, the day before and 7 days before (the KPI tiles' comparisons): refunded_amount
 * (lines of orders dated that day whose latest status is refunded); refund rate = refunded_amount /
 * (revenue + refunded_amount), the share of the day's paid value refunded since; gross_margin (its
 * sum over the rows that have one: a row with a line of a sku without unit_cost has none); margin
 * rate = gross_margin / the revenue of those rows. The share of revenue without a unit cost is
 * named, since the margin leaves it out. Amounts change relative to the compared day, rates in
 * percentage points.
 */
public final class MarginSection {
  static final int WEEK_DAYS = 7;

  private MarginSection() {}

  /**
   * The card of one date; null when sales_daily has no row for it.
   *
   * @param uncostedShare share of the date's revenue in rows without gross_margin
   */
  public record Margin(
      Metric refunds,
      Metric refundRate,
      Metric grossMargin,
      Metric marginRate,
      double uncostedShare) {}

  /** One day's sums. */
  record Day(double revenue, double refunded, Double grossMargin, double costedRevenue) {
    Double refundRate() {
      return revenue + refunded == 0 ? null : refunded / (revenue + refunded);
    }

    Double marginRate() {
      return grossMargin == null || costedRevenue == 0 ? null : grossMargin / costedRevenue;
    }
  }

  // ---- model --------------------------------------------------------------------------------

  public static Margin build(Dataset<Row> salesDaily, LocalDate date) {
    Map<LocalDate, Day> days = new HashMap<>();
    for (Row r :
        salesDaily
            .filter(
                col("dt").isin(sql(date), sql(date.minusDays(1)), sql(date.minusDays(WEEK_DAYS))))
            .groupBy("dt")
            .agg(
                sum("revenue").as("revenue"),
                sum("refunded_amount").as("refunded"),
                sum("gross_margin").as("gross_margin"),
                sum(when(col("gross_margin").isNotNull(), col("revenue"))).as("costed_revenue"))
            .collectAsList()) {
      days.put(
          r.<Date>getAs("dt").toLocalDate(),
          new Day(
              ReportModelBuilder.dbl(r, "revenue"),
              ReportModelBuilder.dbl(r, "refunded"),
              ReportModelBuilder.nullableDbl(r, "gross_margin"),
              ReportModelBuilder.dbl(r, "costed_revenue")));
    }
    Day today = days.get(date);
    if (today == null) {
      return null;
    }
    return new Margin(
        metric(days, date, Day::refunded),
        metric(days, date, Day::refundRate),
        metric(days, date, Day::grossMargin),
        metric(days, date, Day::marginRate),
        today.revenue() == 0 ? 0 : (today.revenue() - today.costedRevenue()) / today.revenue());
  }

  private static Metric metric(Map<LocalDate, Day> days, LocalDate date, Function<Day, Double> f) {
    return new Metric(
        value(days.get(date), f),
        value(days.get(date.minusDays(1)), f),
        value(days.get(date.minusDays(WEEK_DAYS)), f));
  }

  private static Double value(Day d, Function<Day, Double> f) {
    return d == null ? null : f.apply(d);
  }

  private static Date sql(LocalDate d) {
    return Date.valueOf(d);
  }

  // ---- HTML ---------------------------------------------------------------------------------

  /** The card: four tiles (refunds, refund rate, gross margin, margin rate) with their deltas. */
  public static String render(Margin g, Messages m) {
    StringBuilder b = new StringBuilder();
    Cards.open(b, "margin", word(m, "section"), word(m, "note"));
    if (g == null) {
      b.append("<p class=\"empty\">").append(Html.text(m.get("noData"))).append("</p>");
    } else {
      b.append("<div class=\"kpis\">");
      // More refunds read red, more margin green.
      amountTile(b, m, "refunds", "refunds", g.refunds(), false);
      rateTile(b, m, "refund-rate", "refundRate", g.refundRate(), false);
      amountTile(b, m, "gross-margin", "grossMargin", g.grossMargin(), true);
      rateTile(b, m, "margin-rate", "marginRate", g.marginRate(), true);
      b.append("</div>");
      if (g.uncostedShare() > 0) {
        b.append("<p class=\"warn\" id=\"margin-uncosted\">")
            .append(Html.text(word(m, "uncosted", m.pct(g.uncostedShare()))))
            .append("</p>");
      }
    }
    Cards.close(b, m, "sales_daily (refunded_amount, gross_margin, revenue)");
    return b.toString();
  }

  private static void amountTile(
      StringBuilder b, Messages m, String id, String key, Metric metric, boolean upIsGood) {
    Tiles.metric(b, m, "margin-" + id, word(m, key), metric, m::moneyCompact, upIsGood);
  }

  /** A rate's tile: its moves are differences in percentage points, not relative changes. */
  private static void rateTile(
      StringBuilder b, Messages m, String id, String key, Metric rate, boolean upIsGood) {
    Double vsPrev = difference(rate.value(), rate.previousDay());
    Double vsWeek = difference(rate.value(), rate.lastWeek());
    Tiles.tile(
        b,
        "margin-" + id,
        word(m, key),
        rate.value() == null ? null : m.pct(rate.value()),
        Tiles.Line.move(
            m.get("kpi.vsPrev"), vsPrev == null ? null : points(m, vsPrev), vsPrev, upIsGood),
        Tiles.Line.move(
            m.get("kpi.vsWeek"), vsWeek == null ? null : points(m, vsWeek), vsWeek, upIsGood));
  }

  private static Double difference(Double now, Double base) {
    return now == null || base == null ? null : now - base;
  }

  /** A difference of two rates in percentage points: ▲ 1.2 pp / ▼ 0.4 pp / 0.0 pp. */
  static String points(Messages m, double difference) {
    double p = difference * 100;
    String v = Messages.fixed(Math.abs(p), 1) + " " + word(m, "points");
    if (Math.round(p * 10) == 0) {
      return v;
    }
    return (p > 0 ? "▲ " : "▼ ") + v;
  }

  /** The section's words: {@link Messages} keys {@code margin.<key>}. */
  private static String word(Messages m, String key, Object... args) {
    return m.get("margin." + key, args);
  }
}
