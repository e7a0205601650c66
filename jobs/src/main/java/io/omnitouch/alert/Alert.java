package io.omnitouch.alert;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.config.OmnitouchConfig.AlertThresholds;
import io.omnitouch.marts.channel.PriceDeviationDaily;
import io.omnitouch.quality.CompletenessCheck;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@code omnitouch alert} says about one run date (marts.md, Command line): the 串货 cases
 * confirmed that day, the scan campaigns whose flagged_share is over the threshold, the
 * completeness warnings (silent stores included) of the date's latest run, the cities with the
 * highest below_floor_share, and where the report is. Built by a pure {@link #build} from mart
 * rows; names only (distributors, campaigns, cities, sources): never a user id, phone or key.
 */
public record Alert(
    LocalDate date,
    String dayLabel,
    List<Case> newCases,
    List<Campaign> campaigns,
    List<Warning> warnings,
    List<PriceCity> priceCities,
    String report) {

  public record Case(String distributor, String sku, String city, long codes, String evidence) {}

  public record Campaign(String name, double flaggedShare, double flaggedAmount) {}

  public record Warning(String source, String status, String message) {}

  public record PriceCity(String city, double belowFloorShare, long units) {}

  /** Nothing to act on: no message is sent (the report location alone is no news). */
  public boolean isEmpty() {
    return newCases.isEmpty() && campaigns.isEmpty() && warnings.isEmpty() && priceCities.isEmpty();
  }

  /**
   * @param diversionCases gold diversion_cases
   * @param campaignFraud gold campaign_fraud_daily
   * @param runMetrics gold run_metrics
   * @param priceDeviation gold price_deviation_daily, or null when that mart is not built
   * @param names display names: distributor, campaign, city (4-digit city code) by id
   */
  public static Alert build(
      LocalDate date,
      Calendar.Day day,
      Dataset<Row> diversionCases,
      Dataset<Row> campaignFraud,
      Dataset<Row> runMetrics,
      Dataset<Row> priceDeviation,
      Map<String, Function<String, String>> names,
      AlertThresholds thresholds,
      String report) {
    Date d = Date.valueOf(date);
    List<Case> cases = new ArrayList<>();
    for (Row r :
        diversionCases
            .filter(col("status").equalTo("confirmed"))
            .filter(to_date(col("confirmed_at")).equalTo(lit(d)))
            .orderBy(desc("codes"), col("case_id"))
            .collectAsList()) {
      cases.add(
          new Case(
              names.get("distributor").apply(r.getAs("distributor_id")),
              r.getAs("sku"),
              names.get("city").apply(r.getAs("city_code")),
              ((Number) r.getAs("codes")).longValue(),
              r.getAs("evidence")));
    }
    List<Campaign> campaigns = new ArrayList<>();
    for (Row r :
        campaignFraud
            .filter(col("dt").equalTo(lit(d)))
            .filter(col("flagged_share").gt(thresholds.flaggedShare()))
            .orderBy(desc("flagged_share"), col("campaign_id"))
            .collectAsList()) {
      campaigns.add(
          new Campaign(
              names.get("campaign").apply(r.getAs("campaign_id")),
              ((Number) r.getAs("flagged_share")).doubleValue(),
              ((Number) r.getAs("flagged_reward_amount")).doubleValue()));
    }
    return new Alert(
        date,
        day == null ? null : day.label(),
        cases,
        campaigns,
        warnings(runMetrics, d),
        priceCities(priceDeviation, d, names.get("city"), thresholds.priceCities()),
        report);
  }

  /** The completeness findings that are not ok, of the latest run that checked the date. */
  static List<Warning> warnings(Dataset<Row> runMetrics, Date d) {
    return CompletenessCheck.notOk(runMetrics, d.toLocalDate()).stream()
        .map(r -> new Warning(r.source(), r.status(), r.message()))
        .toList();
  }

  /** The cities with the most units sold below the price floor (share of their units), top n. */
  static List<PriceCity> priceCities(
      Dataset<Row> priceDeviation, Date d, Function<String, String> city, int n) {
    if (priceDeviation == null || n == 0) {
      return List.of();
    }
    Dataset<Row> perCity = PriceDeviationDaily.worstCities(priceDeviation, d.toLocalDate(), n);
    List<PriceCity> out = new ArrayList<>();
    for (Row r : perCity.collectAsList()) {
      out.add(
          new PriceCity(
              city.apply(r.getAs("city_code")),
              ((Number) r.getAs("below")).doubleValue() / ((Number) r.getAs("units")).longValue(),
              ((Number) r.getAs("units")).longValue()));
    }
    return out;
  }
}
