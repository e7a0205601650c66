package io.omnitouch.marts.uplift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.config.OmnitouchConfig.UpliftSettings;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code uplift_program}: one row per dt (the run date), program and rollout cohort, plus one row
 * per program with cohort_start null (marts.md, Uplift).
 *
 * <p>Outcome: a store's daily paid revenue (orders credited to its store_id, by order date; a day
 * without sales counts as 0). For program p and each rollout cohort (stores sharing a start date s,
 * s ≤ dt): treated = that cohort; controls = stores that had not adopted p by the run date (stores
 * that adopted other programmes can be controls); pre = the 28 days before s, post = s up to
 * min(run date, s + 27). Row: the four group means per store-day, incremental_revenue_per_store_day
 * (the DiD), uplift_pct (DiD over the treated counterfactual {@code treated_pre_mean +
 * control_post_mean − control_pre_mean}, in percent), its 95% interval ci_low..ci_high, p_value and
 * incremental_revenue (DiD × treated store-days). The pooled row is the store-day-weighted average
 * over cohorts (weights: treated stores × post days).
 *
 * <p>Readings of the contract: days before the first order date in the warehouse are unknown, not
 * zero, so the pre window starts no earlier than that date ({@code pre_days} < 28 then, flagged);
 * every store of a cohort row covers all of its window days (a store whose open_date falls after
 * the start of the window is left out of that cohort's comparison, treated or control).
 *
 * <p>Inference: a store-level cluster bootstrap with a fixed seed (whole stores resampled, see
 * {@link CohortDid}); 95% percentile interval, two-sided bootstrap p-value, null with fewer than 2
 * treated or 2 control stores. Pre-trend check: the same DiD of the later half of the pre window
 * against its earlier half ({@code pretrend_diff}, {@code pretrend_p_value}). {@code warnings}
 * lists {@code few_controls}, {@code pre_trend}, {@code short_pre_period} and {@code small_cohort}
 * (see {@link UpliftSettings} for the thresholds), each about the row's own figures.
 *
 * <p>{@code sensitivity_breakdown} (marts.md, Uplift planning; a relative-magnitudes bound in the
 * spirit of Rambachan &amp; Roth's HonestDiD): the largest M̄ for which the 95% interval of the
 * post-period effect, widened on each side by M̄ × the largest |att| of the row's pre-period event
 * weeks (k = −4 … −2 of {@link UpliftEventStudy}, against week −1), still excludes 0. Computed on
 * the row's own percent scale: with {@code pre = 100 × max_k |att_k| / (treated_pre_mean +
 * control_post_mean − control_pre_mean)} (the pre-week drift as a share of the counterfactual),
 * {@code M̄ = min(|ci_low|, |ci_high|) / pre}, the distance from the nearer bound to 0 in units of
 * the worst pre week. Null when the plain interval is null or includes 0, when no pre week k ≤ −2
 * is observed, and when the pre weeks' largest |att| is exactly 0 (no drift to scale by: the
 * verdict holds for every M̄). The pooled row uses the pooled event-study pre weeks (the
 * store-day-weighted average over cohorts) and the pooled counterfactual.
 */
public final class UpliftProgram extends Mart {
  public static final String NAME = "uplift_program";

  /**
   * Days of the pre window before the rollout start (the contract's 28; settable, see {@link
   * UpliftSettings}).
   */
  public static final int PRE_DAYS = 28;

  /** Days of the post window from the rollout start, start included (s .. s + 27). */
  public static final int POST_DAYS = 28;

  static final String TREATED = "treated";
  static final String CONTROL = "control";

  /** Running-total lookups: the day before each window starts, and the last post day. */
  private static final String PRE_START = "before_pre";

  private static final String LATE_START = "before_late";
  private static final String POST_START = "before_post";
  private static final String POST_END = "post_end_total";

  public UpliftProgram() {
    super(NAME, UpliftInputs.GROUP, "dt");
  }

  /** Estimated as of the run date (a backfill estimates as of its last date). */
  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    return UpliftInputs.asOfEachDate(
        ctx, from, to, (o, r, s, d) -> build(o, r, s, d, ctx.config().uplift));
  }

  /**
   * @param paidOrders silver/paid_orders
   * @param programRollouts silver/program_rollouts (store_id, program, start_date)
   * @param stores silver/stores (store_id, open_date)
   */
  public static Dataset<Row> build(
      Dataset<Row> paidOrders,
      Dataset<Row> programRollouts,
      Dataset<Row> stores,
      LocalDate runDate,
      UpliftSettings settings) {
    Column asOf = lit(Date.valueOf(runDate));
    Dataset<Row> adoptions =
        programRollouts
            .filter(col("start_date").leq(asOf))
            .select(col("program"), col("store_id"), col("start_date"));
    Dataset<Row> windows =
        cohortWindows(adoptions, paidOrders, runDate, settings.preDays(), settings.postDays());
    // A handful of rows: collected once and reused, so the plan below does not recompute them.
    List<Row> cohortRows = windows.collectAsList();
    Dataset<Row> cohorts = paidOrders.sparkSession().createDataFrame(cohortRows, windows.schema());
    Dataset<Row> members = cohortMembers(cohorts, adoptions, programRollouts, stores);
    LocalDate firstDay =
        cohortRows.stream()
            .map(r -> r.<Date>getAs("pre_start").toLocalDate())
            .min(LocalDate::compareTo)
            .orElse(runDate);
    Dataset<Row> cumulative =
        StoreRevenue.cumulative(StoreRevenue.daily(paidOrders, runDate), firstDay, runDate);
    Dataset<Row> storeWindows = storeWindowSums(members, cumulative);
    List<Row> storeRows = storeWindows.collectAsList();
    Map<String, List<EventStudy.Cohort>> weeks =
        StoreWeeks.byProgram(paidOrders, programRollouts, stores, runDate);
    List<Row> out = estimateRows(byProgram(cohortRows, storeRows), weeks, runDate, settings);
    return paidOrders.sparkSession().createDataFrame(out, Schemas.struct("marts/" + NAME));
  }

  /** The driver-side step: each program's cohorts through {@link CohortDid}, as mart rows. */
  private static List<Row> estimateRows(
      Map<String, List<CohortDid.Cohort>> programs,
      Map<String, List<EventStudy.Cohort>> weeks,
      LocalDate runDate,
      UpliftSettings settings) {
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, List<CohortDid.Cohort>> p : programs.entrySet()) {
      Map<LocalDate, Double> worstPre =
          UpliftEventStudy.worstPreWeek(weeks.getOrDefault(p.getKey(), List.of()));
      // One seeded stream per program: a program's intervals do not depend on the other programs.
      long seed = settings.bootstrapSeed() * 31 + p.getKey().hashCode();
      for (CohortDid.Estimate e :
          CohortDid.estimate(p.getValue(), settings.bootstrapReplicates(), seed)) {
        out.add(
            outputRow(
                runDate,
                p.getKey(),
                e,
                sensitivityBreakdown(e, worstPre.getOrDefault(e.cohortStart(), Double.NaN)),
                settings));
      }
    }
    return out;
  }

  /** {@link #cohortWindows(Dataset, Dataset, LocalDate, int, int)} with the contract's 28 + 28. */
  static Dataset<Row> cohortWindows(
      Dataset<Row> adoptions, Dataset<Row> paidOrders, LocalDate runDate) {
    return cohortWindows(adoptions, paidOrders, runDate, PRE_DAYS, POST_DAYS);
  }

  /**
   * One row per program and cohort start: the window dates and lengths. The pre window starts at s
   * − preWindow (28 by default) or at the first order date, whichever is later; its earlier half is
   * {@code early_days = pre_days / 2} (rounded down) days, starting at pre_start; the post window
   * is postWindow days from s, cut at the run date.
   */
  static Dataset<Row> cohortWindows(
      Dataset<Row> adoptions,
      Dataset<Row> paidOrders,
      LocalDate runDate,
      int preWindow,
      int postWindow) {
    Column s = col("cohort_start");
    Dataset<Row> starts =
        adoptions.select(col("program"), col("start_date").as("cohort_start")).distinct();
    Dataset<Row> withStart =
        starts
            .crossJoin(StoreRevenue.dataStart(paidOrders, runDate))
            .withColumn("pre_start", greatest(date_sub(s, preWindow), col("data_start")))
            .withColumn("pre_days", greatest(lit(0), datediff(s, col("pre_start"))))
            .withColumn("early_days", floor(col("pre_days").divide(2)).cast("int"));
    return withStart
        .withColumn("late_start", date_add(col("pre_start"), col("early_days")))
        .withColumn("post_end", least(date_add(s, postWindow - 1), lit(Date.valueOf(runDate))))
        .withColumn("post_days", datediff(col("post_end"), s).plus(1))
        .select(
            "program",
            "cohort_start",
            "pre_start",
            "late_start",
            "post_end",
            "pre_days",
            "early_days",
            "post_days");
  }

  /**
   * The stores of each cohort's comparison with their role: the cohort's own stores (treated) and
   * every known store without an adoption of the program by the run date (control), kept only when
   * open by the start of the window.
   */
  static Dataset<Row> cohortMembers(
      Dataset<Row> cohorts,
      Dataset<Row> adoptions,
      Dataset<Row> programRollouts,
      Dataset<Row> stores) {
    Dataset<Row> universe = StoreRevenue.universe(stores, programRollouts);
    Dataset<Row> treated =
        cohorts
            .join(
                adoptions.withColumnRenamed("start_date", "cohort_start"),
                new String[] {"program", "cohort_start"},
                "inner")
            .withColumn("role", lit(TREATED));
    Dataset<Row> adopters = adoptions.select("program", "store_id").distinct();
    Dataset<Row> controls =
        cohorts
            .crossJoin(universe.select("store_id"))
            .join(adopters, new String[] {"program", "store_id"}, "left_anti")
            .withColumn("role", lit(CONTROL));
    Column windowStart = least(col("pre_start"), col("cohort_start"));
    return treated
        .unionByName(controls)
        .join(universe, new String[] {"store_id"}, "left")
        .filter(col("open_date").isNull().or(col("open_date").leq(windowStart)))
        .drop("open_date");
  }

  /**
   * Revenue sums per store and cohort over the early pre half, the late pre half and the post: each
   * the difference of the store's running total at the window's last day and the day before its
   * first (four lookups per store and cohort).
   */
  private static Dataset<Row> storeWindowSums(Dataset<Row> members, Dataset<Row> cumulative) {
    Column boundaries =
        array(
            boundary(PRE_START, date_sub(col("pre_start"), 1)),
            boundary(LATE_START, date_sub(col("late_start"), 1)),
            boundary(POST_START, date_sub(col("cohort_start"), 1)),
            boundary(POST_END, col("post_end")));
    Dataset<Row> lookups =
        members
            .select(
                col("program"),
                col("cohort_start"),
                col("store_id"),
                col("role"),
                explode(boundaries).as("b"))
            .select(col("*"), col("b.name").as("boundary"), col("b.date").as("date"))
            .drop("b");
    Dataset<Row> totals =
        lookups
            .join(cumulative, new String[] {"store_id", "date"}, "left")
            .groupBy("program", "cohort_start", "store_id", "role")
            .agg(totalAt(PRE_START), totalAt(LATE_START), totalAt(POST_START), totalAt(POST_END));
    return totals.select(
        col("program"),
        col("cohort_start"),
        col("store_id"),
        col("role"),
        col(LATE_START).minus(col(PRE_START)).as("pre_early"),
        col(POST_START).minus(col(LATE_START)).as("pre_late"),
        col(POST_END).minus(col(POST_START)).as("post"));
  }

  private static Column boundary(String name, Column date) {
    return struct(lit(name).as("name"), date.as("date"));
  }

  /** The running total at a boundary; 0 where the store had no sales by then. */
  private static Column totalAt(String name) {
    return coalesce(max(when(col("boundary").equalTo(name), col("cumulative"))), lit(0.0)).as(name);
  }

  /** The collected cohorts and store sums as {@link CohortDid} input, per program in name order. */
  private static Map<String, List<CohortDid.Cohort>> byProgram(
      List<Row> cohortRows, List<Row> storeRows) {
    Map<String, Map<LocalDate, List<CohortDid.StoreWindows>>> treated = new TreeMap<>();
    Map<String, Map<LocalDate, List<CohortDid.StoreWindows>>> controls = new TreeMap<>();
    for (Row r : storeRows) {
      String program = r.getAs("program");
      LocalDate start = r.<Date>getAs("cohort_start").toLocalDate();
      var target = TREATED.equals(r.getAs("role")) ? treated : controls;
      target
          .computeIfAbsent(program, k -> new TreeMap<>())
          .computeIfAbsent(start, k -> new ArrayList<>())
          .add(
              new CohortDid.StoreWindows(
                  r.getAs("store_id"),
                  r.<Double>getAs("pre_early"),
                  r.<Double>getAs("pre_late"),
                  r.<Double>getAs("post")));
    }
    Map<String, List<CohortDid.Cohort>> out = new TreeMap<>();
    for (Row r : cohortRows) {
      String program = r.getAs("program");
      LocalDate start = r.<Date>getAs("cohort_start").toLocalDate();
      out.computeIfAbsent(program, k -> new ArrayList<>())
          .add(
              new CohortDid.Cohort(
                  start,
                  r.<Integer>getAs("pre_days"),
                  r.<Integer>getAs("early_days"),
                  r.<Integer>getAs("post_days"),
                  sortedStores(treated, program, start),
                  sortedStores(controls, program, start)));
    }
    return out;
  }

  /** Stores in id order, so the seeded resample does not depend on the order Spark returns rows. */
  private static List<CohortDid.StoreWindows> sortedStores(
      Map<String, Map<LocalDate, List<CohortDid.StoreWindows>>> byProgram,
      String program,
      LocalDate start) {
    List<CohortDid.StoreWindows> stores =
        new ArrayList<>(byProgram.getOrDefault(program, Map.of()).getOrDefault(start, List.of()));
    stores.sort((a, b) -> a.storeId().compareTo(b.storeId()));
    return stores;
  }

  /**
   * {@code sensitivity_breakdown} of a row (see the class comment); null when the interval is
   * missing or includes 0, or there is no pre-period week or its largest |att| is 0.
   *
   * @param worstPreAtt the largest |att| of the row's pre-period event weeks, yuan per store-day
   */
  static Double sensitivityBreakdown(CohortDid.Estimate e, double worstPreAtt) {
    if (e.ciLow() == null || e.ciHigh() == null || (e.ciLow() <= 0 && e.ciHigh() >= 0)) {
      return null;
    }
    double counterfactual = e.treatedPreMean() + e.controlPostMean() - e.controlPreMean();
    double worstPct = 100.0 * worstPreAtt / counterfactual;
    if (!Double.isFinite(worstPct) || worstPct <= 0) {
      return null;
    }
    return Math.min(Math.abs(e.ciLow()), Math.abs(e.ciHigh())) / worstPct;
  }

  private static Row outputRow(
      LocalDate runDate,
      String program,
      CohortDid.Estimate e,
      Double sensitivityBreakdown,
      UpliftSettings settings) {
    return RowFactory.create(
        Date.valueOf(runDate),
        program,
        e.cohortStart() == null ? null : Date.valueOf(e.cohortStart()),
        e.treatedStores(),
        e.controlStores(),
        e.preDays(),
        e.postDays(),
        e.treatedPreMean(),
        e.treatedPostMean(),
        e.controlPreMean(),
        e.controlPostMean(),
        e.did(),
        e.upliftPct(),
        e.ciLow(),
        e.ciHigh(),
        e.pValue(),
        e.incrementalRevenue(),
        e.treatedStoreDays(),
        e.preTrendDiff(),
        e.preTrendPValue(),
        warnings(e, settings),
        sensitivityBreakdown);
  }

  /** The row's warning codes, alphabetical and comma-separated; null when there are none. */
  static String warnings(CohortDid.Estimate e, UpliftSettings settings) {
    TreeSet<String> codes = new TreeSet<>();
    if (e.controlStores() < settings.minControlStores()) {
      codes.add("few_controls");
    }
    if (e.preTrendPValue() != null && e.preTrendPValue() < settings.preTrendAlpha()) {
      codes.add("pre_trend");
    }
    if (e.preDays() < settings.preDays()) {
      codes.add("short_pre_period");
    }
    if (e.treatedStores() < settings.minCohortStores()) {
      codes.add("small_cohort");
    }
    return codes.isEmpty() ? null : String.join(",", codes);
  }
}
