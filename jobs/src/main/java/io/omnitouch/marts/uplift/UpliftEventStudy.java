package io.omnitouch.marts.uplift;

import io.omnitouch.config.OmnitouchConfig.UpliftSettings;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.schema.Schemas;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code uplift_event_study} (marts.md, Uplift planning): as of dt (the run date), one row per
 * program × cohort_start (null: the store-day-weighted average over cohorts) × event_week k =
 * floor((date − cohort_start) / 7 days) from −4 to +3: att, the DiD of mean store-day revenue
 * between week k and the reference week −1, the treated cohort against the programme's controls as
 * in {@code uplift_program} (0 at k = −1 by construction), its 95% store-clustered interval,
 * treated_stores and control_stores. Weeks not yet observed are absent.
 *
 * <p>Computation ({@link EventStudy} on the panel of {@link StoreWeeks}): a store's outcome in week
 * k is its mean revenue per known day of the week (a partly elapsed week counts its elapsed days);
 * att(c, k) = (treated mean of week k − of week −1) − (control mean of week k − of week −1). The
 * pooled row averages per treated store of the cohorts observing week k, each store weighted by the
 * days its cohort observes in week k (treated store-days). Inference: the store-level cluster
 * bootstrap of {@code uplift_program} (same replicates count and per-programme seed); interval and
 * warnings null with fewer than 2 treated or 2 control stores. {@code warnings} is {@code
 * pre_trend} on a pre week (k ≤ −2) whose interval excludes 0: that week already differed from the
 * reference week, so parallel trends are doubtful; a cohort without any control store gets rows
 * with att null.
 */
public final class UpliftEventStudy extends Mart {
  public static final String NAME = "uplift_event_study";
  static final String PRE_TREND = "pre_trend";

  public UpliftEventStudy() {
    super(NAME, UpliftInputs.GROUP, "dt");
  }

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
    Map<String, List<EventStudy.Cohort>> programs =
        StoreWeeks.byProgram(paidOrders, programRollouts, stores, runDate);
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, List<EventStudy.Cohort>> p : programs.entrySet()) {
      for (WeekEstimate w : estimate(p.getValue(), settings, seed(settings, p.getKey()))) {
        out.add(
            RowFactory.create(
                Date.valueOf(runDate),
                p.getKey(),
                w.cohortStart() == null ? null : Date.valueOf(w.cohortStart()),
                w.eventWeek(),
                w.att(),
                w.ciLow(),
                w.ciHigh(),
                w.treatedStores(),
                w.controlStores(),
                w.warnings()));
      }
    }
    return paidOrders.sparkSession().createDataFrame(out, Schemas.struct("marts/" + NAME));
  }

  /** The per-programme bootstrap seed of {@code uplift_program}. */
  static long seed(UpliftSettings settings, String program) {
    return settings.bootstrapSeed() * 31 + program.hashCode();
  }

  /** One output row; {@code cohortStart} null for the pooled row. */
  public record WeekEstimate(
      LocalDate cohortStart,
      int eventWeek,
      Double att,
      Double ciLow,
      Double ciHigh,
      int treatedStores,
      int controlStores,
      String warnings) {}

  /**
   * The rows of one programme: per cohort (start order) its observed weeks, then the pooled weeks.
   */
  public static List<WeekEstimate> estimate(
      List<EventStudy.Cohort> cohorts, UpliftSettings settings, long seed) {
    EventStudy.Panel panel = new EventStudy.Panel(cohorts);
    int k = cohorts.size();
    int ref = StoreWeeks.index(StoreWeeks.REFERENCE_WEEK);
    List<List<EventStudy.Term>> pooledTerms = new ArrayList<>();
    for (int j = 0; j < StoreWeeks.WEEKS; j++) {
      pooledTerms.add(pooledTerms(panel, j));
    }
    EventStudy.Statistics stats =
        (p, draw) -> {
          double[] out = new double[(k + 1) * StoreWeeks.WEEKS];
          for (int j = 0; j < StoreWeeks.WEEKS; j++) {
            for (int c = 0; c < k; c++) {
              out[c * StoreWeeks.WEEKS + j] = p.cell(c, j, ref, draw);
            }
            out[k * StoreWeeks.WEEKS + j] = p.pooled(pooledTerms.get(j), draw);
          }
          return out;
        };
    EventStudy.Result result =
        EventStudy.bootstrap(panel, stats, settings.bootstrapReplicates(), seed);
    List<WeekEstimate> rows = new ArrayList<>();
    int controls = panel.distinctControls();
    for (int c = 0; c < k; c++) {
      EventStudy.Cohort cohort = cohorts.get(c);
      boolean resamplable = cohort.treated().size() >= 2 && cohort.controls().size() >= 2;
      for (int j = 0; j < StoreWeeks.WEEKS; j++) {
        if (cohort.observed(j) && cohort.observed(ref)) {
          rows.add(
              row(
                  cohort.start(),
                  j,
                  result,
                  c * StoreWeeks.WEEKS + j,
                  resamplable,
                  cohort.treated().size(),
                  cohort.controls().size()));
        }
      }
    }
    for (int j = 0; j < StoreWeeks.WEEKS; j++) {
      int treated = 0;
      for (EventStudy.Term t : pooledTerms.get(j)) {
        treated += cohorts.get(t.cohort()).treated().size();
      }
      if (treated > 0) {
        rows.add(
            row(
                null,
                j,
                result,
                k * StoreWeeks.WEEKS + j,
                treated >= 2 && controls >= 2,
                treated,
                controls));
      }
    }
    return rows;
  }

  /**
   * The largest |att| over the observed pre weeks (k ≤ −2) of each cohort, by start, and of the
   * pooled rows (key null), point estimates only; NaN where no pre week is observed. The scale of
   * {@code uplift_program.sensitivity_breakdown}.
   */
  static Map<LocalDate, Double> worstPreWeek(List<EventStudy.Cohort> cohorts) {
    EventStudy.Panel panel = new EventStudy.Panel(cohorts);
    EventStudy.Draw all = panel.observed();
    int ref = StoreWeeks.index(StoreWeeks.REFERENCE_WEEK);
    Map<LocalDate, Double> out = new java.util.HashMap<>();
    double pooled = Double.NaN;
    for (int j = 0; j < ref; j++) {
      pooled = worse(pooled, panel.pooled(pooledTerms(panel, j), all));
    }
    out.put(null, pooled);
    for (int c = 0; c < cohorts.size(); c++) {
      double worst = Double.NaN;
      for (int j = 0; j < ref; j++) {
        worst = worse(worst, panel.cell(c, j, ref, all));
      }
      out.put(cohorts.get(c).start(), worst);
    }
    return out;
  }

  /** The larger of a running maximum |att| (NaN: none yet) and |att| (ignored when NaN). */
  private static double worse(double worst, double att) {
    if (!Double.isFinite(att)) {
      return worst;
    }
    return Double.isNaN(worst) ? Math.abs(att) : Math.max(worst, Math.abs(att));
  }

  /**
   * Week j of every cohort observing it and the reference week and having control stores, each
   * treated store weighted by the days its cohort observes in week j.
   */
  static List<EventStudy.Term> pooledTerms(EventStudy.Panel panel, int j) {
    int ref = StoreWeeks.index(StoreWeeks.REFERENCE_WEEK);
    List<EventStudy.Term> terms = new ArrayList<>();
    for (int c = 0; c < panel.cohorts().size(); c++) {
      EventStudy.Cohort cohort = panel.cohorts().get(c);
      if (cohort.observed(j)
          && cohort.observed(ref)
          && !cohort.controls().isEmpty()
          && !cohort.treated().isEmpty()) {
        terms.add(new EventStudy.Term(c, j, ref, cohort.periodWeight()[j]));
      }
    }
    return terms;
  }

  private static WeekEstimate row(
      LocalDate start,
      int j,
      EventStudy.Result result,
      int statistic,
      boolean resamplable,
      int treated,
      int controls) {
    double att = result.estimate()[statistic];
    if (!Double.isFinite(att)) {
      return new WeekEstimate(start, StoreWeeks.week(j), null, null, null, treated, controls, null);
    }
    double[] ci = resamplable ? result.interval(statistic) : null;
    boolean preTrend =
        ci != null && StoreWeeks.week(j) < StoreWeeks.REFERENCE_WEEK && (ci[0] > 0 || ci[1] < 0);
    return new WeekEstimate(
        start,
        StoreWeeks.week(j),
        att,
        ci == null ? null : ci[0],
        ci == null ? null : ci[1],
        treated,
        controls,
        preTrend ? PRE_TREND : null);
  }
}
