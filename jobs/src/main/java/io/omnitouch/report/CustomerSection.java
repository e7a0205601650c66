package io.omnitouch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.omnitouch.report.ReportModel.Metric;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's customer-asset section (用户资产), self-contained: its model record, the query that
 * builds it from the three customer marts, its HTML and its words in zh and en. Buyers of the date
 * split new / returning / 回流 with the day and week deltas of the KPIs; 365-day actives and 流失; the
 * 30-day repurchase rate of the newest matured cohorts; the RFM segments with their share of
 * 365-day revenue.
 */
public final class CustomerSection {
  /** Cohort days pooled for the repurchase rate: the newest week whose 30 days have passed. */
  static final int COHORT_DAYS = 7;

  static final int REPURCHASE_DAYS = 30;
  static final int WEEK_DAYS = 7;
  static final String ALL = "ALL";

  /** Below this many days of history "new" overcounts; the section says so. */
  static final int FULL_HISTORY_DAYS = 365;

  static final List<String> SEGMENTS = List.of("champion", "new", "active", "lapsing", "lapsed");

  private CustomerSection() {}

  /**
   * The section of one date; null when customer_assets_daily has no row for it.
   *
   * @param cohortFrom first cohort day of the pooled repurchase rate (null: no matured cohort)
   */
  public record CustomerAssets(
      Metric buyers,
      Metric newBuyers,
      Metric returningBuyers,
      Metric reactivatedBuyers,
      Long activeCustomers365d,
      Long churnedCustomers,
      int historyDays,
      LocalDate cohortFrom,
      LocalDate cohortTo,
      long cohortBuyers,
      long repurchased30d,
      List<Segment> segments) {
    public Double repurchaseRate30d() {
      return cohortBuyers == 0 ? null : (double) repurchased30d / cohortBuyers;
    }
  }

  /** One RFM segment of the date's snapshot. */
  public record Segment(String segment, long buyers, double revenue365d, Double revenueShare) {}

  // ---- model --------------------------------------------------------------------------------

  public static CustomerAssets build(
      Dataset<Row> assetsDaily, Dataset<Row> cohorts, Dataset<Row> rfm, LocalDate date) {
    LocalDate previous = date.minusDays(1);
    LocalDate lastWeek = date.minusDays(WEEK_DAYS);
    Map<LocalDate, Row> days = new HashMap<>();
    for (Row r :
        assetsDaily
            .filter(col("channel").equalTo(ALL))
            .filter(col("dt").isin(sql(date), sql(previous), sql(lastWeek)))
            .collectAsList()) {
      days.put(r.<Date>getAs("dt").toLocalDate(), r);
    }
    Row today = days.get(date);
    if (today == null) {
      return null;
    }
    LocalDate cohortTo = date.minusDays(REPURCHASE_DAYS);
    LocalDate cohortFrom = cohortTo.minusDays(COHORT_DAYS - 1L);
    Row pooled =
        cohorts
            .filter(col("channel").equalTo(ALL))
            .filter(col("dt").between(sql(cohortFrom), sql(cohortTo)))
            .agg(sum("new_buyers").as("n"), sum("repurchased_30d").as("r"))
            .first();
    long cohortBuyers = pooled.isNullAt(0) ? 0 : pooled.getLong(0);
    long repurchased = pooled.isNullAt(1) ? 0 : pooled.getLong(1);
    return new CustomerAssets(
        metric(days, "buyers", date),
        metric(days, "new_buyers", date),
        metric(days, "returning_buyers", date),
        metric(days, "reactivated_buyers", date),
        today.getAs("active_customers_365d"),
        today.getAs("churned_customers"),
        today.<Integer>getAs("history_days"),
        cohortBuyers == 0 ? null : cohortFrom,
        cohortTo,
        cohortBuyers,
        repurchased,
        segments(rfm, date));
  }

  private static List<Segment> segments(Dataset<Row> rfm, LocalDate date) {
    Map<String, Row> bySegment = new HashMap<>();
    double total = 0;
    for (Row r :
        rfm.filter(col("dt").equalTo(sql(date)))
            .groupBy("segment")
            .agg(count(lit(1)).as("buyers"), sum("revenue_365d").as("revenue"))
            .collectAsList()) {
      bySegment.put(r.getString(0), r);
      total += r.getDecimal(2).doubleValue();
    }
    List<Segment> out = new ArrayList<>();
    for (String s : SEGMENTS) {
      Row r = bySegment.get(s);
      long buyers = r == null ? 0 : r.getLong(1);
      double revenue = r == null ? 0 : r.getDecimal(2).doubleValue();
      out.add(new Segment(s, buyers, revenue, total == 0 ? null : revenue / total));
    }
    return out;
  }

  private static Metric metric(Map<LocalDate, Row> days, String column, LocalDate date) {
    return new Metric(
        value(days.get(date), column),
        value(days.get(date.minusDays(1)), column),
        value(days.get(date.minusDays(WEEK_DAYS)), column));
  }

  private static Double value(Row r, String column) {
    return r == null ? null : ((Number) r.getAs(column)).doubleValue();
  }

  private static Date sql(LocalDate d) {
    return Date.valueOf(d);
  }

  // ---- HTML ---------------------------------------------------------------------------------

  /** The section's card, in the page's own classes (tiles, stats, table); no fixed widths. */
  public static String render(CustomerAssets c, Messages m) {
    StringBuilder b = new StringBuilder();
    Cards.open(b, "customers", word(m, "section"), word(m, "note"));
    if (c == null) {
      b.append("<p class=\"empty\">").append(Html.text(m.get("noData"))).append("</p>");
    } else {
      b.append("<div class=\"kpis\">");
      tile(b, m, "buyers", word(m, "buyers"), c.buyers(), m::count);
      tile(b, m, "new", word(m, "new"), c.newBuyers(), m::count);
      tile(b, m, "returning", word(m, "returning"), c.returningBuyers(), m::count);
      tile(b, m, "reactivated", word(m, "reactivated"), c.reactivatedBuyers(), m::count);
      b.append("</div>\n<div class=\"stats\">");
      stat(b, m, "customers-active", c.activeCustomers365d(), word(m, "active"));
      stat(b, m, "customers-churned", c.churnedCustomers(), word(m, "churned"));
      b.append("</div>\n");
      b.append("<p class=\"note\" id=\"customers-repurchase\">");
      if (c.repurchaseRate30d() == null) {
        b.append(Html.text(word(m, "noCohort")));
      } else {
        b.append(
            Html.text(
                word(m, "repurchase")
                    .replace("{0}", c.cohortFrom() + RANGE + c.cohortTo())
                    .replace("{1}", m.pct(c.repurchaseRate30d()))
                    .replace("{2}", m.count(c.repurchased30d()))
                    .replace("{3}", m.count(c.cohortBuyers()))));
      }
      b.append("</p>\n");
      if (c.historyDays() < FULL_HISTORY_DAYS) {
        b.append("<p class=\"warn\">")
            .append(Html.text(word(m, "history").replace("{0}", m.count(c.historyDays()))))
            .append("</p>\n");
      }
      b.append("<h3>").append(Html.text(word(m, "rfm"))).append("</h3>");
      b.append("<table id=\"customers-rfm\"><thead><tr><th>")
          .append(Html.text(word(m, "segment")))
          .append("</th><th class=\"num\">")
          .append(Html.text(word(m, "segmentBuyers")))
          .append("</th><th class=\"num\">")
          .append(Html.text(word(m, "segmentRevenue")))
          .append("</th><th class=\"num\">")
          .append(Html.text(word(m, "segmentShare")))
          .append("</th></tr></thead><tbody>");
      for (Segment s : c.segments()) {
        b.append("<tr><td>").append(Html.text(word(m, "segment." + s.segment()))).append("</td>");
        num(b, m.count(s.buyers()));
        num(b, m.money(s.revenue365d()));
        num(b, s.revenueShare() == null ? "—" : m.pct(s.revenueShare()));
        b.append("</tr>");
      }
      b.append("</tbody></table>");
    }
    Cards.close(
        b, m, "customer_assets_daily (ALL), customer_repurchase_cohorts (ALL), customer_rfm");
    return b.toString();
  }

  static final String RANGE = "\u2013";

  private static void tile(
      StringBuilder b,
      Messages m,
      String id,
      String label,
      Metric metric,
      DoubleFunction<String> format) {
    Tiles.metric(b, m, "customers-" + id, label, metric, format, true);
  }

  private static void stat(StringBuilder b, Messages m, String id, Long value, String label) {
    b.append("<div class=\"stat\" id=\"").append(id).append("\"><b>");
    b.append(value == null ? "—" : Html.text(m.count(value))).append("</b><span>");
    b.append(Html.text(label)).append("</span></div>");
  }

  private static void num(StringBuilder b, String text) {
    b.append("<td class=\"num\">").append(Html.text(text)).append("</td>");
  }

  /** The section's words: {@link Messages} keys {@code customers.<key>}. */
  private static String word(Messages m, String key) {
    return m.get("customers." + key);
  }
}
