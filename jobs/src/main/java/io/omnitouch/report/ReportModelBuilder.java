package io.omnitouch.report;

import static io.omnitouch.marts.DateRange.between;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.ingest.SourceSpec;
import io.omnitouch.quality.CompletenessCheck;
import io.omnitouch.report.ReportModel.CampaignUplift;
import io.omnitouch.report.ReportModel.CaseRow;
import io.omnitouch.report.ReportModel.ChannelShare;
import io.omnitouch.report.ReportModel.CompletenessNote;
import io.omnitouch.report.ReportModel.ConversionPoint;
import io.omnitouch.report.ReportModel.ConversionSeries;
import io.omnitouch.report.ReportModel.DayValue;
import io.omnitouch.report.ReportModel.DistributorRow;
import io.omnitouch.report.ReportModel.Diversion;
import io.omnitouch.report.ReportModel.DoublingProgress;
import io.omnitouch.report.ReportModel.Flow;
import io.omnitouch.report.ReportModel.GroupRow;
import io.omnitouch.report.ReportModel.GuideRow;
import io.omnitouch.report.ReportModel.Kpis;
import io.omnitouch.report.ReportModel.Metric;
import io.omnitouch.report.ReportModel.ProgramUplift;
import io.omnitouch.report.ReportModel.RedPacketRisk;
import io.omnitouch.report.ReportModel.SourceQuality;
import io.omnitouch.report.ReportModel.StoreMultiple;
import io.omnitouch.run.Parallel;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the {@link ReportModel} of one business date from the marts: a pure function of its inputs
 * (no reads, writes or clocks). Each section is a small aggregate over the mart rows of a date
 * window, collected to plain records. Display names come from the reference dimensions; an id
 * without a name shows as the id.
 */
public final class ReportModelBuilder {
  /** Days of the revenue and conversion trends, report date included. */
  static final int TREND_DAYS = 14;

  /** Days of the "last 7 days" views (top guides and groups, red packets, confirmed cases). */
  static final int WEEK_DAYS = 7;

  /** Rows of each ranking (top guides, groups, doubling stores, worst distributors). */
  static final int TOP_N = 5;

  /** Recent confirmed cases listed. */
  static final int CASES_SHOWN = 8;

  /** ISO weeks of the province flow chart, the report date's week included. */
  static final int FLOW_WEEKS = 4;

  /** Section queries run at once (each is small; their latency, not CPU, dominates). */
  static final int PARALLEL_QUERIES = 4;

  /** Quarantine reasons are long; the report shows this many characters of the top one. */
  static final int REASON_CHARS = 90;

  static final String LAST_TOUCH = "last_touch";
  static final String MARKOV = "markov";
  static final String SHAPLEY = "shapley";
  static final String ALL_STORES = "ALL";
  static final String CONFIRMED = "confirmed";
  static final String INGEST_PREFIX = "ingest:";
  static final String REFERENCE = "reference";

  /** The programmes in the order the report lists them (then any other, alphabetically). */
  static final List<String> PROGRAM_ORDER = List.of("guide", "community", "mini_program", "scan");

  /** The event logs in the order the data quality table lists them; reference files come last. */
  static final List<String> SOURCE_ORDER =
      List.of("orders", "scans", "guide_events", "group_events", REFERENCE);

  private ReportModelBuilder() {}

  public static ReportModel build(ReportInputs in, LocalDate date) {
    return build(in, date, null);
  }

  /**
   * The model, with the completeness findings of the date and, when a business calendar is given,
   * the holiday or promo of the report date and of the days it is compared with (the day before,
   * the same weekday a week before) and, on a promo day, the same promo day of the year before.
   */
  public static ReportModel build(ReportInputs in, LocalDate date, Calendar calendar) {
    Names names = Names.of(in);
    // The sections are independent small queries: run them side by side, so the report costs
    // about the latency of its slowest query rather than the sum of them all.
    try (Parallel.Pool pool = Parallel.pool(PARALLEL_QUERIES)) {
      Future<List<DayValue>> trend = pool.submit(() -> revenueTrend(in.salesDaily(), date));
      Future<Map<LocalDate, long[]>> orders =
          pool.submit(() -> ordersAndBuyers(in.attributionOrders(), date));
      Future<List<ChannelShare>> mix =
          pool.submit(() -> channelMix(in.attributionChannelDaily(), date));
      Future<List<ConversionSeries>> conversion =
          pool.submit(() -> conversion(in.conversionDaily(), date));
      Future<List<GuideRow>> guides =
          pool.submit(() -> topGuides(in.guidePerformanceDaily(), date, names));
      Future<List<GroupRow>> groups =
          pool.submit(() -> topGroups(in.groupPerformanceDaily(), date, names));
      Future<List<ProgramUplift>> programs = pool.submit(() -> programs(in.upliftProgram(), date));
      Future<List<CampaignUplift>> campaigns =
          pool.submit(() -> campaigns(in.upliftCampaign(), date, names));
      Future<List<Row>> doublingRows =
          pool.submit(() -> doublingRows(in.storeDoublingDaily(), date));
      Future<Diversion> diversion = pool.submit(() -> diversion(in, date, names));
      Future<List<RedPacketRisk>> redPackets =
          pool.submit(() -> redPackets(in.campaignFraudDaily(), date, names));
      Future<List<SourceQuality>> quality =
          pool.submit(() -> dataQuality(in.runMetrics(), in.quarantine(), date));
      Future<CustomerSection.CustomerAssets> customers =
          pool.submit(
              () ->
                  CustomerSection.build(
                      in.customerAssetsDaily(),
                      in.customerRepurchaseCohorts(),
                      in.customerRfm(),
                      date));
      Future<List<CompletenessNote>> completeness =
          pool.submit(() -> completeness(in.runMetrics(), date));
      Future<List<UpliftWeeks.Program>> upliftWeeks =
          pool.submit(() -> UpliftWeeks.build(in.upliftEventStudy(), in.upliftProgram(), date));
      Future<TargetSection.Targets> targets =
          pool.submit(() -> TargetSection.build(in.salesDaily(), in.targets(), date, names));
      Future<MarginSection.Margin> margin =
          pool.submit(() -> MarginSection.build(in.salesDaily(), date));
      Future<ChannelControlSection.ChannelControl> channelControl =
          pool.submit(
              () ->
                  ChannelControlSection.build(
                      in.codeScanRate(), in.priceDeviationDaily(), date, names));
      Future<PromoComparison.Promo> promo =
          pool.submit(() -> PromoComparison.build(in.salesDaily(), date, calendar));
      List<DayValue> revenueTrend = Parallel.await(trend);
      return new ReportModel(
          date,
          kpis(date, revenueTrend, Parallel.await(orders)),
          revenueTrend,
          Parallel.await(mix),
          Parallel.await(conversion),
          Parallel.await(guides),
          Parallel.await(groups),
          Parallel.await(programs),
          Parallel.await(campaigns),
          doubling(Parallel.await(doublingRows)),
          topDoublers(Parallel.await(doublingRows), names),
          Parallel.await(diversion),
          Parallel.await(redPackets),
          Parallel.await(quality),
          Parallel.await(customers),
          Parallel.await(completeness),
          dayLabels(calendar, date),
          Parallel.await(upliftWeeks),
          Parallel.await(targets),
          Parallel.await(margin),
          Parallel.await(channelControl),
          Parallel.await(promo));
    }
  }

  /** Labels of the report date, the day before and a week before that are holiday or promo. */
  static Map<LocalDate, String> dayLabels(Calendar calendar, LocalDate date) {
    Map<LocalDate, String> out = new TreeMap<>();
    if (calendar != null) {
      for (LocalDate d : List.of(date, date.minusDays(1), date.minusDays(WEEK_DAYS))) {
        String label = calendar.day(d).label();
        if (label != null) {
          out.put(d, label);
        }
      }
    }
    return out;
  }

  static List<CompletenessNote> completeness(Dataset<Row> runMetrics, LocalDate date) {
    return CompletenessCheck.notOk(runMetrics, date).stream()
        .map(r -> new CompletenessNote(r.source(), r.status(), r.message()))
        .toList();
  }

  // ---- headline -----------------------------------------------------------------------------

  /** Paid revenue per day over the trend window (days without any sales row are absent). */
  static List<DayValue> revenueTrend(Dataset<Row> salesDaily, LocalDate date) {
    Dataset<Row> perDay =
        salesDaily
            .filter(between(col("dt"), date.minusDays(TREND_DAYS - 1), date))
            .groupBy("dt")
            .agg(sum("revenue").as("revenue"))
            .orderBy("dt");
    List<DayValue> out = new ArrayList<>();
    for (Row r : perDay.collectAsList()) {
      out.add(new DayValue(localDate(r, "dt"), dbl(r, "revenue")));
    }
    return out;
  }

  /**
   * Paid orders and known buyers per day for the report date, the day before and 7 days before,
   * from attribution_orders' last-touch rows (exactly one per paid order): sales_daily's buyers do
   * not add up across its rows. Values: {orders, buyers}.
   */
  static Map<LocalDate, long[]> ordersAndBuyers(Dataset<Row> attributionOrders, LocalDate date) {
    Dataset<Row> perDay =
        attributionOrders
            .filter(col("model").equalTo(LAST_TOUCH))
            .filter(
                col("order_date")
                    .isin(sqlDates(date, date.minusDays(1), date.minusDays(WEEK_DAYS))))
            .groupBy("order_date")
            .agg(
                countDistinct("order_id").as("orders"), countDistinct(col("user_id")).as("buyers"));
    Map<LocalDate, long[]> out = new HashMap<>();
    for (Row r : perDay.collectAsList()) {
      out.put(localDate(r, "order_date"), new long[] {lng(r, "orders"), lng(r, "buyers")});
    }
    return out;
  }

  /**
   * Revenue (sales_daily, via the trend), orders and buyers, and average order value = revenue /
   * orders. Null when the report date has neither sales nor orders.
   */
  static Kpis kpis(LocalDate date, List<DayValue> revenueTrend, Map<LocalDate, long[]> perDay) {
    LocalDate previous = date.minusDays(1);
    LocalDate lastWeek = date.minusDays(WEEK_DAYS);
    Map<LocalDate, Double> revenue = new HashMap<>();
    revenueTrend.forEach(d -> revenue.put(d.date(), d.value()));
    Map<LocalDate, Double> orders = new HashMap<>();
    Map<LocalDate, Double> buyers = new HashMap<>();
    perDay.forEach(
        (d, v) -> {
          orders.put(d, (double) v[0]);
          buyers.put(d, (double) v[1]);
        });
    if (!revenue.containsKey(date) && !orders.containsKey(date)) {
      return null;
    }
    Map<LocalDate, Double> aov = new HashMap<>();
    for (LocalDate d : List.of(date, previous, lastWeek)) {
      Double r = revenue.get(d);
      Double o = orders.get(d);
      if (r != null && o != null && o > 0) {
        aov.put(d, r / o);
      }
    }
    return new Kpis(
        metric(revenue, date), metric(orders, date), metric(buyers, date), metric(aov, date));
  }

  private static Metric metric(Map<LocalDate, Double> byDay, LocalDate date) {
    return new Metric(
        byDay.get(date), byDay.get(date.minusDays(1)), byDay.get(date.minusDays(WEEK_DAYS)));
  }

  // ---- attribution and conversion -----------------------------------------------------------

  /** The report date's credited revenue per channel under three models, with each model's share. */
  static List<ChannelShare> channelMix(Dataset<Row> channelDaily, LocalDate date) {
    Dataset<Row> perChannel =
        channelDaily
            .filter(col("dt").equalTo(sqlDate(date)))
            .filter(col("model").isin(LAST_TOUCH, MARKOV, SHAPLEY))
            .groupBy("channel")
            .agg(
                modelRevenue(LAST_TOUCH).as("last_touch"),
                modelRevenue(MARKOV).as("markov"),
                modelRevenue(SHAPLEY).as("shapley"));
    List<Row> rows = perChannel.collectAsList();
    double lt = 0;
    double mk = 0;
    double sh = 0;
    for (Row r : rows) {
      lt += dbl(r, "last_touch");
      mk += dbl(r, "markov");
      sh += dbl(r, "shapley");
    }
    List<ChannelShare> out = new ArrayList<>();
    for (Row r : rows) {
      double a = dbl(r, "last_touch");
      double b = dbl(r, "markov");
      double c = dbl(r, "shapley");
      out.add(
          new ChannelShare(r.getAs("channel"), a, b, c, share(a, lt), share(b, mk), share(c, sh)));
    }
    out.sort(
        Comparator.comparingDouble(ChannelShare::lastTouchRevenue)
            .reversed()
            .thenComparing(ChannelShare::channel));
    return out;
  }

  private static Column modelRevenue(String model) {
    return sum(when(col("model").equalTo(model), col("revenue")).otherwise(lit(0d)));
  }

  /** Channel totals (store_id ALL) of conversion_daily over the trend window, per channel. */
  static List<ConversionSeries> conversion(Dataset<Row> conversionDaily, LocalDate date) {
    Dataset<Row> rows =
        conversionDaily
            .filter(between(col("dt"), date.minusDays(TREND_DAYS - 1), date))
            .filter(col("store_id").equalTo(ALL_STORES))
            .select("channel", "dt", "reached_users", "converted_users", "matured")
            .orderBy("channel", "dt");
    Map<String, List<ConversionPoint>> byChannel = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      long reached = r.<Long>getAs("reached_users");
      long converted = r.<Long>getAs("converted_users");
      byChannel
          .computeIfAbsent(r.getAs("channel"), k -> new ArrayList<>())
          .add(
              new ConversionPoint(
                  localDate(r, "dt"),
                  reached,
                  converted,
                  reached == 0 ? 0 : (double) converted / reached,
                  r.<Boolean>getAs("matured")));
    }
    List<ConversionSeries> out = new ArrayList<>();
    for (Map.Entry<String, List<ConversionPoint>> e : byChannel.entrySet()) {
      long reached = 0;
      long converted = 0;
      long maturedReached = 0;
      long maturedConverted = 0;
      for (ConversionPoint p : e.getValue()) {
        reached += p.reached();
        converted += p.converted();
        if (p.matured()) {
          maturedReached += p.reached();
          maturedConverted += p.converted();
        }
      }
      Double maturedRate = maturedReached == 0 ? null : (double) maturedConverted / maturedReached;
      out.add(new ConversionSeries(e.getKey(), e.getValue(), reached, converted, maturedRate));
    }
    return out;
  }

  // ---- guides and groups --------------------------------------------------------------------

  /** Guides ranked by last-touch revenue over the last 7 days (then customers added). */
  static List<GuideRow> topGuides(Dataset<Row> guideDaily, LocalDate date, Names names) {
    Dataset<Row> ranked =
        guideDaily
            .filter(between(col("dt"), date.minusDays(WEEK_DAYS - 1), date))
            .groupBy("guide_id")
            .agg(
                max_by(col("store_id"), col("dt")).as("store_id"),
                sum("attributed_revenue_last_touch").as("revenue_last_touch"),
                sum("attributed_revenue_linear").as("revenue_linear"),
                sum("customers_added").as("customers_added"))
            .filter(col("revenue_last_touch").gt(0).or(col("customers_added").gt(0)))
            .orderBy(desc("revenue_last_touch"), desc("customers_added"), col("guide_id"))
            .limit(TOP_N);
    List<GuideRow> out = new ArrayList<>();
    for (Row r : ranked.collectAsList()) {
      String id = r.getAs("guide_id");
      out.add(
          new GuideRow(
              id,
              names.guide(id),
              names.store(r.getAs("store_id")),
              dbl(r, "revenue_last_touch"),
              dbl(r, "revenue_linear"),
              lng(r, "customers_added")));
    }
    return out;
  }

  /** Groups ranked by last-touch revenue over the last 7 days (then joins). */
  static List<GroupRow> topGroups(Dataset<Row> groupDaily, LocalDate date, Names names) {
    Dataset<Row> ranked =
        groupDaily
            .filter(between(col("dt"), date.minusDays(WEEK_DAYS - 1), date))
            .groupBy("group_id")
            .agg(
                max_by(col("store_id"), col("dt")).as("store_id"),
                sum("attributed_revenue_last_touch").as("revenue_last_touch"),
                max_by(col("members"), col("dt")).as("members"),
                sum("joins").as("joins"),
                sum("group_buys_completed").as("group_buys_completed"))
            .filter(col("revenue_last_touch").gt(0).or(col("joins").gt(0)))
            .orderBy(desc("revenue_last_touch"), desc("joins"), col("group_id"))
            .limit(TOP_N);
    List<GroupRow> out = new ArrayList<>();
    for (Row r : ranked.collectAsList()) {
      String id = r.getAs("group_id");
      out.add(
          new GroupRow(
              id,
              names.group(id),
              names.store(r.getAs("store_id")),
              dbl(r, "revenue_last_touch"),
              lng(r, "members"),
              lng(r, "joins"),
              lng(r, "group_buys_completed")));
    }
    return out;
  }

  // ---- uplift and 倍增 ------------------------------------------------------------------------

  /** The pooled row of each programme estimated as of the report date. */
  static List<ProgramUplift> programs(Dataset<Row> upliftProgram, LocalDate date) {
    Dataset<Row> pooled =
        upliftProgram.filter(col("dt").equalTo(sqlDate(date))).filter(col("cohort_start").isNull());
    List<ProgramUplift> out = new ArrayList<>();
    for (Row r : pooled.collectAsList()) {
      String warnings = r.getAs("warnings");
      out.add(
          new ProgramUplift(
              r.getAs("program"),
              nullableDbl(r, "uplift_pct"),
              nullableDbl(r, "ci_low"),
              nullableDbl(r, "ci_high"),
              nullableDbl(r, "p_value"),
              nullableDbl(r, "incremental_revenue"),
              r.<Integer>getAs("treated_stores"),
              r.<Integer>getAs("control_stores"),
              warnings == null || warnings.isBlank()
                  ? List.of()
                  : Arrays.stream(warnings.split(",")).map(String::trim).toList()));
    }
    out.sort(Comparator.comparing(p -> programRank(p.program())));
    return out;
  }

  private static String programRank(String program) {
    int i = PROGRAM_ORDER.indexOf(program);
    return i >= 0 ? "0" + i : "1" + program;
  }

  /** Randomised holdout campaigns as of the report date. */
  static List<CampaignUplift> campaigns(Dataset<Row> upliftCampaign, LocalDate date, Names names) {
    Dataset<Row> rows =
        upliftCampaign
            .filter(col("dt").equalTo(sqlDate(date)))
            .orderBy("window_start", "campaign_id");
    List<CampaignUplift> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      Double lift = nullableDbl(r, "conversion_lift_abs");
      if (lift == null) {
        continue;
      }
      String id = r.getAs("campaign_id");
      out.add(
          new CampaignUplift(
              id,
              names.campaign(id),
              lift,
              nullableDbl(r, "conversion_lift_abs_ci_low"),
              nullableDbl(r, "conversion_lift_abs_ci_high"),
              nullableDbl(r, "conversion_p_value"),
              nullableDbl(r, "incremental_revenue"),
              nullableDbl(r, "roi"),
              r.<Boolean>getAs("complete")));
    }
    return out;
  }

  /** The store_doubling_daily rows as of the report date (one per store and programme). */
  static List<Row> doublingRows(Dataset<Row> storeDoubling, LocalDate date) {
    return storeDoubling
        .filter(col("dt").equalTo(sqlDate(date)))
        .select("store_id", "program", "baseline", "multiple", "doubled")
        .collectAsList();
  }

  /** Per programme: stores adopted, stores doubled (multiple >= 2), stores with a baseline. */
  static List<DoublingProgress> doubling(List<Row> rows) {
    Map<String, List<Row>> byProgram = new TreeMap<>();
    rows.forEach(r -> byProgram.computeIfAbsent(r.getAs("program"), k -> new ArrayList<>()).add(r));
    List<DoublingProgress> out = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byProgram.entrySet()) {
      List<Double> multiples = new ArrayList<>();
      long doubled = 0;
      for (Row r : e.getValue()) {
        Double m = nullableDbl(r, "multiple");
        if (m != null) {
          multiples.add(m);
        }
        if (Boolean.TRUE.equals(r.getAs("doubled"))) {
          doubled++;
        }
      }
      out.add(
          new DoublingProgress(
              e.getKey(), e.getValue().size(), doubled, multiples.size(), median(multiples)));
    }
    out.sort(Comparator.comparing(p -> programRank(p.program())));
    return out;
  }

  /** The stores with the highest multiple as of the report date. */
  static List<StoreMultiple> topDoublers(List<Row> rows, Names names) {
    return rows.stream()
        .filter(r -> r.getAs("multiple") != null)
        .sorted(
            Comparator.comparingDouble((Row r) -> -dbl(r, "multiple"))
                .thenComparing(r -> r.<String>getAs("store_id"))
                .thenComparing(r -> r.<String>getAs("program")))
        .limit(TOP_N)
        .map(
            r ->
                new StoreMultiple(
                    names.store(r.getAs("store_id")),
                    r.getAs("program"),
                    dbl(r, "multiple"),
                    dbl(r, "baseline")))
        .toList();
  }

  /** The median (mean of the two middle values for an even count); null for none. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  // ---- 串货 ----------------------------------------------------------------------------------

  static Diversion diversion(ReportInputs in, LocalDate date, Names names) {
    LocalDate weekFrom = date.minusDays(WEEK_DAYS - 1);
    Dataset<Row> confirmed =
        in.diversionCases()
            .filter(col("status").equalTo(CONFIRMED))
            .withColumn("confirmed_on", to_date(col("confirmed_at")))
            .filter(between(col("confirmed_on"), weekFrom, date));
    List<Row> cases =
        confirmed.orderBy(desc("confirmed_at"), desc("codes"), col("case_id")).collectAsList();
    long newToday = cases.stream().filter(r -> localDate(r, "confirmed_on").equals(date)).count();
    List<CaseRow> recent = new ArrayList<>();
    for (Row r : cases.subList(0, Math.min(CASES_SHOWN, cases.size()))) {
      recent.add(
          new CaseRow(
              names.distributor(r.getAs("distributor_id")),
              r.getAs("sku"),
              names.city(r.getAs("city_code")),
              r.getAs("week"),
              localDate(r, "confirmed_on"),
              lng(r, "codes"),
              lng(r, "scans"),
              r.getAs("evidence")));
    }

    Dataset<Row> worst =
        in.distributorScorecard()
            .filter(col("dt").equalTo(sqlDate(date)))
            .filter(col("diverted_codes").gt(0))
            .orderBy(desc("diverted_codes"), desc("diversion_rate"), col("distributor_id"))
            .limit(TOP_N);
    List<DistributorRow> distributors = new ArrayList<>();
    for (Row r : worst.collectAsList()) {
      distributors.add(
          new DistributorRow(
              names.distributor(r.getAs("distributor_id")),
              lng(r, "codes_scanned"),
              lng(r, "diverted_codes"),
              nullableDbl(r, "diversion_rate"),
              lng(r, "confirmed_cases")));
    }

    LocalDate flowsFrom = date.with(DayOfWeek.MONDAY).minusWeeks(FLOW_WEEKS - 1);
    Dataset<Row> flowRows =
        in.diversionFlowsWeekly()
            .filter(between(col("week_start"), flowsFrom, date))
            .groupBy("from_province", "to_province")
            .agg(sum("codes").as("codes"))
            .orderBy(desc("codes"), col("from_province"), col("to_province"));
    List<Flow> flows = new ArrayList<>();
    for (Row r : flowRows.collectAsList()) {
      flows.add(
          new Flow(
              r.getAs("from_province"),
              names.province(r.getAs("from_province")),
              r.getAs("to_province"),
              names.province(r.getAs("to_province")),
              lng(r, "codes")));
    }
    return new Diversion(newToday, cases.size(), recent, distributors, flows, flowsFrom);
  }

  // ---- red packets and data quality ---------------------------------------------------------

  /** Scan campaigns with rewards in the last 7 days: paid and flagged money, day and week. */
  static List<RedPacketRisk> redPackets(Dataset<Row> campaignFraud, LocalDate date, Names names) {
    Column today = col("dt").equalTo(sqlDate(date));
    Dataset<Row> perCampaign =
        campaignFraud
            .filter(between(col("dt"), date.minusDays(WEEK_DAYS - 1), date))
            .groupBy("campaign_id")
            .agg(
                sum(when(today, col("reward_amount"))).as("reward"),
                sum(when(today, col("flagged_reward_amount"))).as("flagged"),
                sum("reward_amount").as("reward_7d"),
                sum("flagged_reward_amount").as("flagged_7d"))
            .filter(col("reward_7d").gt(0))
            .orderBy(desc("flagged_7d"), col("campaign_id"));
    List<RedPacketRisk> out = new ArrayList<>();
    for (Row r : perCampaign.collectAsList()) {
      String id = r.getAs("campaign_id");
      out.add(
          new RedPacketRisk(
              id,
              names.campaign(id),
              dbl(r, "reward"),
              dbl(r, "flagged"),
              dbl(r, "reward_7d"),
              dbl(r, "flagged_7d")));
    }
    return out;
  }

  /**
   * Ingest rows of the latest run that recorded the date (reference files summed into one row) next
   * to the quarantined rows whose file date is the report date and their top reason.
   */
  static List<SourceQuality> dataQuality(
      Dataset<Row> runMetrics, Dataset<Row> quarantine, LocalDate date) {
    List<Row> ingest =
        runMetrics
            .filter(col("dt").equalTo(sqlDate(date)))
            .filter(col("stage").startsWith(INGEST_PREFIX))
            .select(
                "run_id", "stage", "finished_at", "rows_in", "rows_out", "rows_rejected", "status")
            .collectAsList();
    // The latest run that loaded the date: the one with the last finished stage.
    String latest =
        ingest.stream()
            .max(
                Comparator.comparing((Row r) -> r.<java.sql.Timestamp>getAs("finished_at"))
                    .thenComparing(r -> r.<String>getAs("run_id")))
            .map(r -> r.<String>getAs("run_id"))
            .orElse(null);
    Map<String, long[]> loads = new LinkedHashMap<>();
    Map<String, String> status = new HashMap<>();
    for (Row r : ingest) {
      if (!r.getAs("run_id").equals(latest)) {
        continue;
      }
      String source = sourceOf(r.getAs("stage"));
      long[] n = loads.computeIfAbsent(source, k -> new long[3]);
      n[0] += lngOrZero(r, "rows_in");
      n[1] += lngOrZero(r, "rows_out");
      n[2] += lngOrZero(r, "rows_rejected");
      String s = r.getAs("status");
      status.merge(source, s, (a, b) -> "ok".equals(a) ? b : a);
    }
    Dataset<Row> reasons =
        quarantine
            .filter(col("dt").equalTo(sqlDate(date)))
            .groupBy("source", "reason")
            .agg(count(lit(1)).as("n"));
    Dataset<Row> perSource =
        reasons
            .groupBy("source")
            .agg(
                sum("n").as("quarantined"),
                max_by(col("reason"), expr("struct(n, reason)")).as("top_reason"));
    Map<String, Object[]> quarantined = new HashMap<>();
    for (Row r : perSource.collectAsList()) {
      quarantined.put(
          sourceOf(INGEST_PREFIX + r.getAs("source")),
          new Object[] {lng(r, "quarantined"), r.getAs("top_reason")});
    }
    List<String> sources = new ArrayList<>(loads.keySet());
    quarantined.keySet().stream().filter(s -> !sources.contains(s)).forEach(sources::add);
    sources.sort(Comparator.comparing(ReportModelBuilder::sourceRank));
    List<SourceQuality> out = new ArrayList<>();
    for (String s : sources) {
      long[] n = loads.get(s);
      Object[] q = quarantined.getOrDefault(s, new Object[] {0L, null});
      String reason = (String) q[1];
      if (reason != null && reason.length() > REASON_CHARS) {
        reason = reason.substring(0, REASON_CHARS) + "…";
      }
      out.add(
          new SourceQuality(
              s,
              n == null ? null : n[0],
              n == null ? null : n[1],
              n == null ? null : n[2],
              status.get(s),
              (Long) q[0],
              reason));
    }
    return out;
  }

  /**
   * {@code ingest:orders} → orders; {@code ingest:reference:x} and quarantine source x → reference.
   */
  private static String sourceOf(String stage) {
    String s = stage.substring(INGEST_PREFIX.length());
    return SourceSpec.EVENT_SOURCES.contains(s) ? s : REFERENCE;
  }

  private static String sourceRank(String source) {
    int i = SOURCE_ORDER.indexOf(source);
    return i >= 0 ? "0" + i : "1" + source;
  }

  // ---- helpers ------------------------------------------------------------------------------

  static Column sqlDate(LocalDate d) {
    return lit(Date.valueOf(d));
  }

  private static Object[] sqlDates(LocalDate... ds) {
    return Arrays.stream(ds).map(Date::valueOf).toArray();
  }

  private static double share(double part, double total) {
    return total == 0 ? 0 : part / total;
  }

  static LocalDate localDate(Row r, String field) {
    Object v = r.getAs(field);
    return v instanceof LocalDate ld ? ld : ((Date) v).toLocalDate();
  }

  /** A numeric field as double; null reads as 0 (sums over no rows). */
  static double dbl(Row r, String field) {
    Double d = nullableDbl(r, field);
    return d == null ? 0 : d;
  }

  static Double nullableDbl(Row r, String field) {
    Object v = r.getAs(field);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal b) {
      return b.doubleValue();
    }
    return ((Number) v).doubleValue();
  }

  static long lng(Row r, String field) {
    return ((Number) r.getAs(field)).longValue();
  }

  private static long lngOrZero(Row r, String field) {
    Object v = r.getAs(field);
    return v == null ? 0 : ((Number) v).longValue();
  }
}
