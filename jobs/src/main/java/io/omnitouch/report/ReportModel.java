package io.omnitouch.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the executive report shows for one business date, as plain values computed from the
 * gold marts by {@link ReportModelBuilder}. Language-neutral: names are the upstream names (not yet
 * escaped), money is yuan, shares and rates are fractions, uplift percentages are percent as in the
 * marts. An empty list or a null section means "no data" and the renderer says so.
 */
public record ReportModel(
    LocalDate date,
    Kpis kpis,
    List<DayValue> revenueTrend,
    List<ChannelShare> channelMix,
    List<ConversionSeries> conversion,
    List<GuideRow> topGuides,
    List<GroupRow> topGroups,
    List<ProgramUplift> programs,
    List<CampaignUplift> campaigns,
    List<DoublingProgress> doubling,
    List<StoreMultiple> topDoublers,
    Diversion diversion,
    List<RedPacketRisk> redPackets,
    List<SourceQuality> dataQuality,
    CustomerSection.CustomerAssets customers,
    List<CompletenessNote> completeness,
    Map<LocalDate, String> dayLabels,
    List<UpliftWeeks.Program> upliftWeeks,
    TargetSection.Targets targets,
    MarginSection.Margin margin,
    ChannelControlSection.ChannelControl channelControl,
    PromoComparison.Promo promo) {

  /** The holiday or promo of a date the report shows or compares, or null on an ordinary day. */
  public String dayLabel(LocalDate d) {
    return dayLabels.get(d);
  }

  /**
   * A completeness finding other than ok of the latest run of the date (run_metrics stage {@code
   * completeness:<source>}): short deliveries, doubled files, silent stores.
   */
  public record CompletenessNote(String source, String status, String message) {}

  /** A value on the report date with the same measure the day before and 7 days before. */
  public record Metric(Double value, Double previousDay, Double lastWeek) {
    /** Relative change vs the previous day (0.1 = +10%); null when either side is missing or 0. */
    public Double vsPreviousDay() {
      return change(value, previousDay);
    }

    /** Relative change vs the same weekday last week. */
    public Double vsLastWeek() {
      return change(value, lastWeek);
    }

    static Double change(Double now, Double base) {
      if (now == null || base == null || base == 0) {
        return null;
      }
      return (now - base) / base;
    }
  }

  /**
   * Headline figures: paid revenue (sales_daily), paid orders and known buyers (one last-touch row
   * per paid order in attribution_orders), average order value = revenue / orders. Null when the
   * report date has no sales at all.
   */
  public record Kpis(Metric revenue, Metric orders, Metric buyers, Metric averageOrderValue) {}

  public record DayValue(LocalDate date, double value) {}

  /** One channel's share of the report date's revenue under last touch, Markov and Shapley. */
  public record ChannelShare(
      String channel,
      double lastTouchRevenue,
      double markovRevenue,
      double shapleyRevenue,
      double lastTouchShare,
      double markovShare,
      double shapleyShare) {}

  /**
   * One channel's daily conversion (store_id ALL rows of conversion_daily) over the 14 days ending
   * on the report date, and the pooled rate of its matured cohorts.
   */
  public record ConversionSeries(
      String channel,
      List<ConversionPoint> points,
      long reachedUsers,
      long convertedUsers,
      Double maturedRate) {}

  public record ConversionPoint(
      LocalDate date, long reached, long converted, double rate, boolean matured) {}

  /** A guide's last 7 days (report date included). */
  public record GuideRow(
      String guideId,
      String guideName,
      String storeName,
      double revenueLastTouch,
      double revenueLinear,
      long customersAdded) {}

  /** A community group's last 7 days; members at the end of the report date (or its last day). */
  public record GroupRow(
      String groupId,
      String groupName,
      String storeName,
      double revenueLastTouch,
      long members,
      long joins,
      long groupBuysCompleted) {}

  /** The pooled row (cohort_start null) of one programme in uplift_program as of the date. */
  public record ProgramUplift(
      String program,
      Double upliftPct,
      Double ciLow,
      Double ciHigh,
      Double pValue,
      Double incrementalRevenue,
      int treatedStores,
      int controlStores,
      List<String> warnings) {
    /** True when the 95% interval is known and excludes 0. */
    public boolean significant() {
      return ciLow != null && ciHigh != null && (ciLow > 0 || ciHigh < 0);
    }
  }

  /** A randomised holdout campaign as of the date (uplift_campaign). */
  public record CampaignUplift(
      String campaignId,
      String name,
      double conversionLiftAbs,
      Double liftCiLow,
      Double liftCiHigh,
      Double conversionPValue,
      Double incrementalRevenue,
      Double roi,
      boolean complete) {}

  /** 倍增 progress of a programme: stores adopted and stores at multiple >= 2 (doubled). */
  public record DoublingProgress(
      String program, long stores, long doubled, long measured, Double medianMultiple) {}

  public record StoreMultiple(String storeName, String program, double multiple, double baseline) {}

  public record Diversion(
      long newConfirmedCases,
      long confirmedLast7Days,
      List<CaseRow> recentCases,
      List<DistributorRow> worstDistributors,
      List<Flow> flows,
      LocalDate flowsFrom) {}

  public record CaseRow(
      String distributorName,
      String sku,
      String cityName,
      String week,
      LocalDate confirmedOn,
      long codes,
      long scans,
      String evidence) {}

  public record DistributorRow(
      String distributorName,
      long codesScanned,
      long divertedCodes,
      Double diversionRate,
      long confirmedCases) {}

  /**
   * Codes of one province's distributors scanned out of territory in a province (the same one when
   * the territory is a city or district of it), with the provinces' 2-digit codes and names.
   */
  public record Flow(
      String fromCode, String fromProvince, String toCode, String toProvince, long codes) {
    public boolean withinProvince() {
      return fromCode.equals(toCode);
    }
  }

  /** Red-packet money of one scan campaign on the date and over its last 7 days. */
  public record RedPacketRisk(
      String campaignId,
      String name,
      double rewardAmount,
      double flaggedAmount,
      double rewardAmount7d,
      double flaggedAmount7d) {
    public Double flaggedShare() {
      return rewardAmount == 0 ? null : flaggedAmount / rewardAmount;
    }

    public Double flaggedShare7d() {
      return rewardAmount7d == 0 ? null : flaggedAmount7d / rewardAmount7d;
    }
  }

  /**
   * One input source's rows of the latest run that loaded the date (run_metrics ingest stages) and
   * the quarantined rows whose file date is the report date, with the most frequent reason.
   */
  public record SourceQuality(
      String source,
      Long rowsIn,
      Long rowsLoaded,
      Long rowsRejected,
      String status,
      long quarantined,
      String topReason) {
    public Double rejectedShare() {
      return rowsIn == null || rowsIn == 0 || rowsRejected == null
          ? null
          : (double) rowsRejected / rowsIn;
    }
  }
}
