package io.omnitouch.report;

import static io.omnitouch.marts.DateRange.between;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's month-to-date card (月度目标), self-contained: its model, its query and its HTML.
 * Month-to-date (MTD) revenue is the paid revenue of sales_daily dated from the 1st of the report
 * date's month through the report date: every row for the brand, the store's rows for a store. The
 * target is the targets.csv row of that month ({@code silver/targets}; store_id empty = the whole
 * brand). achieved = MTD / target.
 *
 * <p>Pace: the report date counts as elapsed (its sales are in), so elapsed days = the report
 * date's day of month and the remaining days are those AFTER the report date up to the month's end
 * (0 on the last day: the month is closed and no pace is needed). Needed pace = max(target − MTD,
 * 0) / remaining days, shown beside the MTD daily average = MTD / elapsed days. A store is on pace
 * when its achieved share is at least the elapsed share of the month (elapsed / days in the month),
 * the linear path to its target; the stores behind it are listed furthest first (lowest achieved
 * share: every store has the same elapsed share), at most {@value #STORES_SHOWN}.
 */
public final class TargetSection {
  /** The reference file's dimension ({@code silver/targets}). */
  public static final String REFERENCE = "targets";

  /** Stores listed behind pace. */
  static final int STORES_SHOWN = 5;

  private TargetSection() {}

  /**
   * The card of one date.
   *
   * @param targetsLoaded false when targets.csv holds no row at all (the file is optional)
   * @param brand the brand's progress; null when the month has no brand row
   * @param storesBehind stores with a positive target that are behind pace, furthest first
   * @param storesWithTarget stores with a positive target this month
   * @param storesOnPace of them, stores at or ahead of the linear path
   */
  public record Targets(
      YearMonth month,
      int elapsedDays,
      int remainingDays,
      boolean targetsLoaded,
      Progress brand,
      List<Progress> storesBehind,
      int storesWithTarget,
      int storesOnPace) {
    /** Elapsed share of the month: where a linear path to the target stands today. */
    public double elapsedShare() {
      return (double) elapsedDays / month.lengthOfMonth();
    }

    public boolean hasTargets() {
      return brand != null || storesWithTarget > 0;
    }
  }

  /**
   * One target's progress: MTD revenue and target (yuan), achieved share (null for a 0 target),
   * needed daily pace (null once no day remains) and the MTD daily average.
   */
  public record Progress(
      String name,
      double revenue,
      double target,
      Double achieved,
      Double neededPerDay,
      double dailyAverage) {}

  // ---- model --------------------------------------------------------------------------------

  public static Targets build(
      Dataset<Row> salesDaily, Dataset<Row> targets, LocalDate date, Names names) {
    YearMonth month = YearMonth.from(date);
    int elapsed = date.getDayOfMonth();
    int remaining = month.lengthOfMonth() - elapsed;
    List<Row> targetRows = targets.select("month", "store_id", "revenue_target").collectAsList();
    Double brandTarget = null;
    Map<String, Double> storeTargets = new TreeMap<>();
    for (Row r : targetRows) {
      if (!month.toString().equals(r.getString(0))) {
        continue;
      }
      double target = r.<BigDecimal>getAs("revenue_target").doubleValue();
      String store = r.getString(1);
      if (store == null) {
        brandTarget = target;
      } else if (target > 0) {
        storeTargets.put(store, target);
      }
    }
    if (brandTarget == null && storeTargets.isEmpty()) {
      return new Targets(month, elapsed, remaining, !targetRows.isEmpty(), null, List.of(), 0, 0);
    }
    Map<String, Double> mtdByStore = new HashMap<>();
    double brandMtd = 0;
    for (Row r :
        salesDaily
            .filter(between(col("dt"), month.atDay(1), date))
            .groupBy("store_id")
            .agg(sum("revenue").as("revenue"))
            .collectAsList()) {
      double revenue = ReportModelBuilder.dbl(r, "revenue");
      brandMtd += revenue;
      if (r.getAs("store_id") != null) {
        mtdByStore.put(r.getAs("store_id"), revenue);
      }
    }
    Progress brand =
        brandTarget == null ? null : progress("", brandMtd, brandTarget, elapsed, remaining);
    double onPaceShare = (double) elapsed / month.lengthOfMonth();
    // Keyed by store id: two stores may share a name, and ties are broken by the id.
    List<Map.Entry<String, Progress>> behind = new ArrayList<>();
    int onPace = 0;
    for (Map.Entry<String, Double> e : storeTargets.entrySet()) {
      Progress p =
          progress(
              names.store(e.getKey()),
              mtdByStore.getOrDefault(e.getKey(), 0.0),
              e.getValue(),
              elapsed,
              remaining);
      if (p.achieved() >= onPaceShare) {
        onPace++;
      } else {
        behind.add(Map.entry(e.getKey(), p));
      }
    }
    List<Progress> furthestFirst =
        behind.stream()
            .sorted(
                Comparator.comparingDouble(
                        (Map.Entry<String, Progress> e) -> e.getValue().achieved())
                    .thenComparingDouble(e -> e.getValue().revenue() - e.getValue().target())
                    .thenComparing(Map.Entry::getKey))
            .limit(STORES_SHOWN)
            .map(Map.Entry::getValue)
            .toList();
    return new Targets(
        month, elapsed, remaining, true, brand, furthestFirst, storeTargets.size(), onPace);
  }

  static Progress progress(String name, double mtd, double target, int elapsed, int remaining) {
    return new Progress(
        name,
        mtd,
        target,
        target > 0 ? mtd / target : null,
        remaining == 0 ? null : Math.max(target - mtd, 0) / remaining,
        mtd / elapsed);
  }

  // ---- HTML ---------------------------------------------------------------------------------

  /** The card: the brand's four tiles, then the stores behind pace in a scrolling table. */
  public static String render(Targets t, Messages m) {
    StringBuilder b = new StringBuilder();
    Cards.open(b, "targets", word(m, "section"), null);
    if (t == null) {
      b.append("<p class=\"empty\">").append(Html.text(m.get("noData"))).append("</p>");
    } else if (!t.targetsLoaded()) {
      b.append("<p class=\"empty\">").append(Html.text(word(m, "noFile"))).append("</p>");
    } else if (!t.hasTargets()) {
      b.append("<p class=\"empty\">")
          .append(Html.text(word(m, "noMonth", t.month())))
          .append("</p>");
    } else {
      b.append("<p class=\"note\">")
          .append(
              Html.text(
                  word(
                      m,
                      "note",
                      t.month(),
                      t.elapsedDays(),
                      t.month().lengthOfMonth(),
                      m.pct(t.elapsedShare()),
                      t.remainingDays())))
          .append("</p>\n");
      brand(b, t, m);
      stores(b, t, m);
    }
    Cards.close(b, m, "sales_daily (revenue), targets.csv");
    return b.toString();
  }

  private static void brand(StringBuilder b, Targets t, Messages m) {
    Progress p = t.brand();
    if (p == null) {
      b.append("<p class=\"note\">").append(Html.text(word(m, "noBrand"))).append("</p>");
      return;
    }
    b.append("<div class=\"kpis\">");
    tile(b, "mtd", word(m, "mtd"), m.moneyCompact(p.revenue()), null, null);
    tile(b, "target", word(m, "target"), m.moneyCompact(p.target()), null, null);
    tile(
        b,
        "achieved",
        word(m, "achieved"),
        p.achieved() == null ? "—" : m.pct(p.achieved()),
        word(m, "timeShare"),
        m.pct(t.elapsedShare()));
    tile(
        b,
        "pace",
        word(m, "needed"),
        p.neededPerDay() == null ? "—" : m.moneyCompact(p.neededPerDay()),
        word(m, "average"),
        m.moneyCompact(p.dailyAverage()));
    b.append("</div>\n");
    if (p.neededPerDay() == null) {
      b.append("<p class=\"note\">").append(Html.text(word(m, "closed"))).append("</p>\n");
    }
  }

  private static void stores(StringBuilder b, Targets t, Messages m) {
    if (t.storesWithTarget() == 0) {
      return;
    }
    b.append("<h3>").append(Html.text(word(m, "behind"))).append("</h3>");
    b.append("<p class=\"note\" id=\"targets-on-pace\">")
        .append(Html.text(word(m, "onPace", t.storesOnPace(), t.storesWithTarget())))
        .append("</p>");
    if (t.storesBehind().isEmpty()) {
      return;
    }
    b.append("<div class=\"scroll\"><table id=\"targets-stores\"><thead><tr><th>")
        .append(Html.text(word(m, "store")))
        .append("</th>");
    // The achieved share next to the store: on a phone the later columns scroll out of view.
    for (String key : List.of("achieved", "mtdShort", "target", "needed", "average")) {
      b.append("<th class=\"num\">").append(Html.text(word(m, key))).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (Progress p : t.storesBehind()) {
      b.append("<tr><td class=\"name\">").append(Html.text(p.name())).append("</td>");
      num(b, p.achieved() == null ? "—" : m.pct(p.achieved()));
      num(b, m.money(p.revenue()));
      num(b, m.money(p.target()));
      num(b, p.neededPerDay() == null ? "—" : m.money(p.neededPerDay()));
      num(b, m.money(p.dailyAverage()));
      b.append("</tr>");
    }
    b.append("</tbody></table></div>");
  }

  private static void tile(
      StringBuilder b, String id, String label, String value, String subLabel, String subValue) {
    Tiles.Line[] lines =
        subLabel == null
            ? new Tiles.Line[0]
            : new Tiles.Line[] {Tiles.Line.plain(subLabel, subValue)};
    Tiles.tile(b, "targets-" + id, label, value, lines);
  }

  private static void num(StringBuilder b, String text) {
    b.append("<td class=\"num\">").append(Html.text(text)).append("</td>");
  }

  /** The section's words: {@link Messages} keys {@code targets.<key>}. */
  private static String word(Messages m, String key, Object... args) {
    return m.get("targets." + key, args);
  }
}
