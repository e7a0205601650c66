package io.omnitouch.report;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.channel.PriceDeviationDaily;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's channel-control card (优码), self-contained. Scan rates: the latest code_scan_rate
 * snapshot dated on or before the report date, one row per sku × batch × authorised distributor
 * (the mart's grain); rows with fewer than {@value #MIN_CODES_SHIPPED} codes shipped are left out
 * of the ranking (one code moves their rate by 5 points or more) and counted in a note. The {@value
 * #BATCHES_SHOWN} lowest scan rates are listed (ties: more codes shipped first, then sku, batch,
 * distributor), then the highest among the rest, so no row is in both lists. Price deviation (乱价):
 * the report date's price_deviation_daily per city (rows with a city_code), below_floor_share =
 * below_floor_units / units over the skus that have a list price (the others cannot be judged),
 * cities with any unit below the floor, highest share first (then more units below), at most
 * {@value #CITIES_SHOWN}. Names come from the distributors and regions dimensions.
 */
public final class ChannelControlSection {
  /** Rows of code_scan_rate with fewer codes shipped are not ranked. */
  static final long MIN_CODES_SHIPPED = 20;

  static final int BATCHES_SHOWN = 5;
  static final int CITIES_SHOWN = 5;

  private ChannelControlSection() {}

  /**
   * The card of one date; null when neither mart has a row for it.
   *
   * @param snapshotDate the code_scan_rate snapshot used (null: none on or before the date)
   * @param ranked snapshot rows with at least {@link #MIN_CODES_SHIPPED} codes shipped
   * @param tooSmall snapshot rows left out for fewer codes
   */
  public record ChannelControl(
      LocalDate snapshotDate,
      long ranked,
      long tooSmall,
      List<Batch> lowest,
      List<Batch> highest,
      List<PriceCity> priceCities) {}

  /** One sku × batch × distributor of the snapshot (batchId null: codes without a batch). */
  public record Batch(
      String sku,
      String batchId,
      String distributorName,
      long codesShipped,
      long codesScanned,
      double scanRate) {}

  /** One city's units of the report date: below the price floor and in all (judged skus). */
  public record PriceCity(String cityName, long belowFloorUnits, long units) {
    public double belowFloorShare() {
      return units == 0 ? 0 : (double) belowFloorUnits / units;
    }
  }

  // ---- model --------------------------------------------------------------------------------

  public static ChannelControl build(
      Dataset<Row> codeScanRate, Dataset<Row> priceDeviation, LocalDate date, Names names) {
    Row latest = codeScanRate.filter(col("dt").leq(sql(date))).agg(max("dt")).first();
    LocalDate snapshot = latest.isNullAt(0) ? null : latest.getDate(0).toLocalDate();
    List<Batch> lowest = new ArrayList<>();
    List<Batch> highest = new ArrayList<>();
    long ranked = 0;
    long tooSmall = 0;
    if (snapshot != null) {
      Dataset<Row> rows = codeScanRate.filter(col("dt").equalTo(sql(snapshot)));
      Column enough = col("codes_shipped").geq(MIN_CODES_SHIPPED);
      Column tooFew = col("codes_shipped").lt(MIN_CODES_SHIPPED);
      Row counts =
          rows.agg(count(when(enough, 1)).as("ranked"), count(when(tooFew, 1)).as("small")).first();
      ranked = counts.getLong(0);
      tooSmall = counts.getLong(1);
      Dataset<Row> eligible = rows.filter(enough);
      lowest = batches(eligible.orderBy(ascending()).limit(BATCHES_SHOWN), names);
      // The exact reverse of the ranking, limited to the rows the lowest list did not take.
      int rest = (int) Math.min(BATCHES_SHOWN, ranked - lowest.size());
      highest = batches(eligible.orderBy(descending()).limit(Math.max(rest, 0)), names);
    }
    List<PriceCity> cities = priceCities(priceDeviation, date, names);
    if (snapshot == null && cities.isEmpty()) {
      return null;
    }
    return new ChannelControl(snapshot, ranked, tooSmall, lowest, highest, cities);
  }

  private static Column[] ascending() {
    return new Column[] {
      asc("scan_rate"), desc("codes_shipped"), asc("sku"), asc("batch_id"), asc("distributor_id")
    };
  }

  private static Column[] descending() {
    return new Column[] {
      desc("scan_rate"), asc("codes_shipped"), desc("sku"), desc("batch_id"), desc("distributor_id")
    };
  }

  private static List<Batch> batches(Dataset<Row> rows, Names names) {
    List<Batch> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(
          new Batch(
              r.getAs("sku"),
              r.getAs("batch_id"),
              names.distributor(r.getAs("distributor_id")),
              ReportModelBuilder.lng(r, "codes_shipped"),
              ReportModelBuilder.lng(r, "codes_scanned"),
              ReportModelBuilder.dbl(r, "scan_rate")));
    }
    return out;
  }

  static List<PriceCity> priceCities(Dataset<Row> priceDeviation, LocalDate date, Names names) {
    Dataset<Row> perCity = PriceDeviationDaily.worstCities(priceDeviation, date, CITIES_SHOWN);
    List<PriceCity> out = new ArrayList<>();
    for (Row r : perCity.collectAsList()) {
      out.add(
          new PriceCity(
              names.city(r.getAs("city_code")),
              ReportModelBuilder.lng(r, "below"),
              ReportModelBuilder.lng(r, "units")));
    }
    return out;
  }

  private static Date sql(LocalDate d) {
    return Date.valueOf(d);
  }

  // ---- HTML ---------------------------------------------------------------------------------

  /** The card: lowest and highest scan rates side by side, then the 乱价 cities. */
  public static String render(ChannelControl c, Messages m, LocalDate date) {
    StringBuilder b = new StringBuilder();
    Cards.open(b, "channel-control", word(m, "section"), null);
    if (c == null) {
      b.append("<p class=\"empty\">").append(Html.text(m.get("noData"))).append("</p>");
    } else {
      scanRates(b, c, m, date);
      prices(b, c, m);
    }
    Cards.close(b, m, "code_scan_rate, price_deviation_daily");
    return b.toString();
  }

  private static void scanRates(StringBuilder b, ChannelControl c, Messages m, LocalDate date) {
    if (c.snapshotDate() == null) {
      b.append("<h3>").append(Html.text(word(m, "scanRates"))).append("</h3>");
      b.append("<p class=\"empty\">").append(Html.text(m.get("noData"))).append("</p>");
      return;
    }
    b.append("<p class=\"note\" id=\"control-batches-note\">")
        .append(Html.text(word(m, "scanNote", MIN_CODES_SHIPPED, m.count(c.tooSmall()))));
    if (!c.snapshotDate().equals(date)) {
      b.append(" ").append(Html.text(word(m, "snapshot", c.snapshotDate())));
    }
    b.append("</p>\n<div class=\"two\"><div>");
    batchTable(b, m, "control-lowest", word(m, "lowest"), c.lowest());
    b.append("</div><div>");
    batchTable(b, m, "control-highest", word(m, "highest"), c.highest());
    b.append("</div></div>\n");
  }

  private static void batchTable(
      StringBuilder b, Messages m, String id, String title, List<Batch> rows) {
    b.append("<h3>").append(Html.text(title)).append("</h3>");
    if (rows.isEmpty()) {
      b.append("<p class=\"empty\">").append(Html.text(m.get("noData"))).append("</p>");
      return;
    }
    b.append("<div class=\"scroll\"><table id=\"").append(id).append("\"><thead><tr>");
    // The rate next to the batch: on a phone the columns after them scroll out of view.
    th(b, word(m, "batch"), false);
    th(b, word(m, "rate"), true);
    th(b, word(m, "shipped"), true);
    th(b, word(m, "scanned"), true);
    th(b, word(m, "distributor"), false);
    b.append("</tr></thead><tbody>");
    for (Batch x : rows) {
      String batch = x.batchId() == null ? word(m, "noBatch") : x.batchId();
      b.append("<tr><td class=\"name\">").append(Html.text(x.sku() == null ? "" : x.sku()));
      b.append(" · ").append(Html.text(batch)).append("</td>");
      num(b, m.pct(x.scanRate()));
      num(b, m.count(x.codesShipped()));
      num(b, m.count(x.codesScanned()));
      b.append("<td class=\"name\">").append(Html.text(x.distributorName())).append("</td>");
      b.append("</tr>");
    }
    b.append("</tbody></table></div>");
  }

  private static void prices(StringBuilder b, ChannelControl c, Messages m) {
    b.append("<h3>").append(Html.text(word(m, "prices"))).append("</h3>");
    b.append("<p class=\"note\">").append(Html.text(word(m, "priceNote"))).append("</p>");
    if (c.priceCities().isEmpty()) {
      b.append("<p class=\"empty\">").append(Html.text(word(m, "noPrices"))).append("</p>");
      return;
    }
    b.append("<div class=\"scroll\"><table id=\"control-cities\"><thead><tr>");
    th(b, word(m, "city"), false);
    th(b, word(m, "belowShare"), true);
    th(b, word(m, "belowUnits"), true);
    th(b, word(m, "units"), true);
    b.append("</tr></thead><tbody>");
    for (PriceCity p : c.priceCities()) {
      b.append("<tr><td class=\"name\">").append(Html.text(p.cityName())).append("</td>");
      num(b, m.pct(p.belowFloorShare()));
      num(b, m.count(p.belowFloorUnits()));
      num(b, m.count(p.units()));
      b.append("</tr>");
    }
    b.append("</tbody></table></div>");
  }

  private static void th(StringBuilder b, String text, boolean numeric) {
    b.append(numeric ? "<th class=\"num\">" : "<th>").append(Html.text(text)).append("</th>");
  }

  private static void num(StringBuilder b, String text) {
    b.append("<td class=\"num\">").append(Html.text(text)).append("</td>");
  }

  /** The section's words: {@link Messages} keys {@code control.<key>}. */
  private static String word(Messages m, String key, Object... args) {
    return m.get("control." + key, args);
  }
}
