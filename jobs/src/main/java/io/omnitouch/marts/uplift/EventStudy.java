package io.omnitouch.marts.uplift;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Period-by-period difference in differences of rollout cohorts on a panel of units (stores) ×
 * periods (event weeks for the marts, years for the {@code did} package's mpdta panel), with the
 * same store-level cluster bootstrap as {@link CohortDid}: the statistics core of {@link
 * UpliftEventStudy} and of {@code uplift_program.sensitivity_breakdown}, in plain Java over arrays.
 * The outcome is generic: a unit's mean outcome in a period (revenue per store-day of an event
 * week; log employment of a county-year), NaN where the period is not observed.
 *
 * <p>Cell of cohort c, period t against base period b: {@code DiD(c, t, b) = mean over treated
 * units of (y_t − y_b) − mean over control units of (y_t − y_b)} (every unit of a cohort observes
 * the same periods, so a group mean of changes is also the change of the group means). With the
 * base b = the period before the rollout this is Callaway &amp; Sant'Anna's ATT(g, t) with
 * never-treated (here: not-yet-adopting) controls and unconditional parallel trends; with b = t − 1
 * for pre periods it is their "varying base" pre-test cell.
 *
 * <p>Pooled statistic over cohorts: a list of {@link Term}s (cohort, t, b, weight per treated unit)
 * is averaged per treated unit: {@code Σ_terms Σ_i w (Δy_i − Δȳ_controls(c)) / Σ_terms Σ_i w}. With
 * weight = the days a cohort observes in the period this is the store-day-weighted average over
 * cohorts; with weight 1 it is the cohort-size-weighted average of the {@code did} package's
 * aggregations (simple, group, dynamic).
 *
 * <p>Inference: one replicate draws the distinct control units once (a control shared by cohorts
 * keeps one multiplicity in all of them), the treated units within each cohort (for cohort cells)
 * and the treated units across all cohorts (for pooled statistics, each unit keeping its cohort's
 * comparison); each group draws n − 1 of its n units with replacement (see {@link CohortDid}).
 */
public final class EventStudy {
  private EventStudy() {}

  /** A unit (store, county) and its mean outcome per period of its cohort's axis. */
  public record Unit(String id, double[] y) {}

  /**
   * A rollout cohort on its own period axis.
   *
   * @param start the rollout start (the mpdta adapter uses 1 January of the first treated year)
   * @param periodWeight weight of one treated unit's period p in a pooled average (observed days of
   *     an event week; 1 for a year); 0 where the period is not observed
   */
  public record Cohort(
      LocalDate start, double[] periodWeight, List<Unit> treated, List<Unit> controls) {
    public boolean observed(int p) {
      return p >= 0 && p < periodWeight.length && periodWeight[p] > 0;
    }
  }

  /** One part of a pooled statistic: cohort index, period, base period, weight per treated unit. */
  public record Term(int cohort, int t, int base, double weight) {}

  /**
   * Unit multiplicities of one replicate (all 1 for the estimate): treated units drawn within their
   * cohort, treated units drawn across all cohorts, and each cohort's control units.
   */
  public record Draw(int[][] treatedWithin, int[][] treatedAcross, int[][] controls) {}

  /** The statistics of one draw, e.g. a list of cells and pooled averages. */
  public interface Statistics {
    double[] apply(Panel panel, Draw draw);
  }

  /**
   * Estimates and bootstrap replicates of a vector of statistics.
   *
   * @param replicates [statistic][replicate]
   */
  public record Result(double[] estimate, double[][] replicates) {
    /** 95% percentile interval of statistic i; null when no replicate is finite. */
    public double[] interval(int i) {
      return CohortDid.interval(replicates[i]);
    }

    /** Bootstrap standard error of statistic i (sample SD of the finite replicates). */
    public double standardError(int i) {
      double[] finite = Arrays.stream(replicates[i]).filter(Double::isFinite).toArray();
      double mean = Arrays.stream(finite).average().orElse(Double.NaN);
      double ss = 0;
      for (double r : finite) {
        ss += (r - mean) * (r - mean);
      }
      return Math.sqrt(ss / (finite.length - 1));
    }
  }

  /** The cohorts with their control units numbered once across cohorts. */
  public static final class Panel {
    private final List<Cohort> cohorts;
    private final int distinctControls;
    private final int[][] controlIndex;
    private final int totalTreated;

    public Panel(List<Cohort> cohorts) {
      this.cohorts = List.copyOf(cohorts);
      TreeMap<String, Integer> ids = new TreeMap<>();
      for (Cohort c : cohorts) {
        for (Unit u : c.controls()) {
          ids.putIfAbsent(u.id(), 0);
        }
      }
      int i = 0;
      for (var e : ids.entrySet()) {
        e.setValue(i++);
      }
      distinctControls = ids.size();
      controlIndex = new int[cohorts.size()][];
      int treated = 0;
      for (int c = 0; c < cohorts.size(); c++) {
        controlIndex[c] =
            cohorts.get(c).controls().stream().mapToInt(u -> ids.get(u.id())).toArray();
        treated += cohorts.get(c).treated().size();
      }
      totalTreated = treated;
    }

    public List<Cohort> cohorts() {
      return cohorts;
    }

    public int distinctControls() {
      return distinctControls;
    }

    public int totalTreated() {
      return totalTreated;
    }

    /** Every unit once. */
    public Draw observed() {
      int k = cohorts.size();
      int[][] treated = new int[k][];
      int[][] controls = new int[k][];
      for (int c = 0; c < k; c++) {
        treated[c] = ones(cohorts.get(c).treated().size());
        controls[c] = ones(cohorts.get(c).controls().size());
      }
      return new Draw(treated, treated, controls);
    }

    Draw resample(SplittableRandom random) {
      int k = cohorts.size();
      int[] controlDraw = draw(random, distinctControls);
      int[][] controls = new int[k][];
      int[][] within = new int[k][];
      for (int c = 0; c < k; c++) {
        controls[c] = new int[controlIndex[c].length];
        for (int j = 0; j < controls[c].length; j++) {
          controls[c][j] = controlDraw[controlIndex[c][j]];
        }
        within[c] = draw(random, cohorts.get(c).treated().size());
      }
      int[] acrossFlat = draw(random, totalTreated);
      int[][] across = new int[k][];
      int offset = 0;
      for (int c = 0; c < k; c++) {
        int n = cohorts.get(c).treated().size();
        across[c] = Arrays.copyOfRange(acrossFlat, offset, offset + n);
        offset += n;
      }
      return new Draw(within, across, controls);
    }

    /**
     * Cohort c's cell DiD(t, b) under the draw's within-cohort treated multiplicities; NaN when a
     * period is not observed or a group drew no unit.
     */
    public double cell(int c, int t, int b, Draw draw) {
      Cohort cohort = cohorts.get(c);
      if (!cohort.observed(t) || !cohort.observed(b)) {
        return Double.NaN;
      }
      double treated = meanChange(cohort.treated(), draw.treatedWithin()[c], t, b);
      double control = meanChange(cohort.controls(), draw.controls()[c], t, b);
      return treated - control;
    }

    /**
     * The pooled average of the terms per treated unit (see the class comment), under the draw's
     * across-cohort treated multiplicities; terms on unobserved periods are skipped; NaN when
     * nothing is left or a cohort in use drew no control.
     */
    public double pooled(List<Term> terms, Draw draw) {
      double sum = 0;
      double weight = 0;
      for (Term term : terms) {
        Cohort cohort = cohorts.get(term.cohort());
        if (!cohort.observed(term.t()) || !cohort.observed(term.base()) || term.weight() == 0) {
          continue;
        }
        int[] m = draw.treatedAcross()[term.cohort()];
        double control =
            meanChange(cohort.controls(), draw.controls()[term.cohort()], term.t(), term.base());
        for (int i = 0; i < m.length; i++) {
          if (m[i] == 0) {
            continue;
          }
          if (Double.isNaN(control)) {
            return Double.NaN;
          }
          double[] y = cohort.treated().get(i).y();
          double w = m[i] * term.weight();
          sum += w * ((y[term.t()] - y[term.base()]) - control);
          weight += w;
        }
      }
      return weight == 0 ? Double.NaN : sum / weight;
    }

    /** Group mean of y_t − y_b with multiplicities; NaN when the group drew nothing. */
    private static double meanChange(List<Unit> units, int[] multiplicity, int t, int b) {
      double sum = 0;
      long n = 0;
      for (int i = 0; i < units.size(); i++) {
        if (multiplicity[i] == 0) {
          continue;
        }
        double[] y = units.get(i).y();
        sum += multiplicity[i] * (y[t] - y[b]);
        n += multiplicity[i];
      }
      return n == 0 ? Double.NaN : sum / n;
    }
  }

  /** The statistics on the full panel and on {@code replicates} seeded resamples. */
  public static Result bootstrap(Panel panel, Statistics stats, int replicates, long seed) {
    double[] estimate = stats.apply(panel, panel.observed());
    double[][] reps = new double[estimate.length][replicates];
    SplittableRandom random = new SplittableRandom(seed);
    for (int b = 0; b < replicates; b++) {
      double[] r = stats.apply(panel, panel.resample(random));
      for (int i = 0; i < r.length; i++) {
        reps[i][b] = r[i];
      }
    }
    return new Result(estimate, reps);
  }

  private static int[] ones(int n) {
    int[] w = new int[n];
    Arrays.fill(w, 1);
    return w;
  }

  /** n − 1 of n units with replacement (1 when n = 1), as in {@link CohortDid}. */
  private static int[] draw(SplittableRandom random, int n) {
    int[] weights = new int[n];
    if (n == 0) {
      return weights;
    }
    int picks = Math.max(n - 1, 1);
    for (int i = 0; i < picks; i++) {
      weights[random.nextInt(n)]++;
    }
    return weights;
  }
}
