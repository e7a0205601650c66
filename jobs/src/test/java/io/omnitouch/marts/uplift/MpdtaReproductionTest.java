package io.omnitouch.marts.uplift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.uplift.EventStudy.Cohort;
import io.omnitouch.marts.uplift.EventStudy.Panel;
import io.omnitouch.marts.uplift.EventStudy.Result;
import io.omnitouch.marts.uplift.EventStudy.Term;
import io.omnitouch.marts.uplift.EventStudy.Unit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code did} package's mpdta panel (Callaway &amp; Sant'Anna; test resources {@code
 * reference/did-mpdta/}, README there) through {@link EventStudy}, the core of the uplift marts: a
 * panel adapter maps counties to stores and years to periods (outcome lemp, period weight 1), and
 * the published ATT(g, t), event-study cells (universal base g − 1) and the simple, group and
 * dynamic aggregates come out to 1e-6. The store-clustered bootstrap intervals' implied standard
 * errors (half-width / 1.96) stay within 15% of the published analytic ones; the ratios are
 * printed.
 */
class MpdtaReproductionTest {
  private static final String DIR = "/reference/did-mpdta/";
  private static final int FIRST_YEAR = 2003;
  private static final int YEARS = 5;
  private static final int[] GROUPS = {2004, 2006, 2007};
  private static final double POINT_TOLERANCE = 1e-6;
  private static final double SE_TOLERANCE = 0.15;
  private static final int REPLICATES = 1999;
  private static final double Z = 1.959963984540054;

  private static Panel panel;
  private static List<String> names;
  private static Result result;

  /** Published figures by statistic name (cell "att g t", "es g t", "simple", ...): att, se. */
  private static final Map<String, double[]> published = new LinkedHashMap<>();

  @BeforeAll
  static void run() throws IOException {
    panel = new Panel(adapter(read("mpdta.csv")));
    for (String[] r : read("att_gt_published.csv")) {
      published.put("att " + r[0] + " " + r[1], new double[] {num(r[5]), num(r[6])});
      published.put("es " + r[0] + " " + r[1], new double[] {num(r[7]), Double.NaN});
    }
    for (String[] r : read("aggte_published.csv")) {
      String key = r[1].isEmpty() ? r[0] : r[0] + " " + r[1];
      if (!r[1].isEmpty()) {
        published.put(key, new double[] {num(r[2]), num(r[3])});
      }
      published.put(r[0] + " overall", new double[] {num(r[4]), num(r[5])});
    }
    names = new ArrayList<>();
    List<List<Term>> statistics = statistics(names);
    result =
        EventStudy.bootstrap(
            panel,
            (p, draw) -> {
              double[] out = new double[statistics.size() + 1];
              for (int i = 0; i < statistics.size(); i++) {
                List<Term> terms = statistics.get(i);
                String name = names.get(i);
                Term cell = terms.get(0);
                out[i] =
                    name.startsWith("att ") || name.startsWith("es ")
                        ? p.cell(cell.cohort(), cell.t(), cell.base(), draw)
                        : p.pooled(terms, draw);
              }
              // dynamic overall: the mean of the post event times' pooled cells
              double sum = 0;
              for (int e = 0; e <= 3; e++) {
                sum += out[names.indexOf("dynamic " + e)];
              }
              out[statistics.size()] = sum / 4;
              return out;
            },
            REPLICATES,
            20_260_101L);
    names.add("dynamic overall");
  }

  /**
   * Counties as stores, years as periods: one cohort per first-treated year, never-treated
   * controls.
   */
  static List<Cohort> adapter(List<String[]> rows) {
    Map<String, double[]> lemp = new TreeMap<>();
    Map<String, Integer> firstTreat = new TreeMap<>();
    for (String[] r : rows) {
      double[] y = lemp.computeIfAbsent(r[1], k -> nanArray());
      y[Integer.parseInt(r[0]) - FIRST_YEAR] = num(r[3]);
      firstTreat.put(r[1], Integer.parseInt(r[4]));
    }
    List<Unit> controls = new ArrayList<>();
    Map<Integer, List<Unit>> treated = new TreeMap<>();
    for (var e : lemp.entrySet()) {
      Unit u = new Unit(e.getKey(), e.getValue());
      int g = firstTreat.get(e.getKey());
      if (g == 0) {
        controls.add(u);
      } else {
        treated.computeIfAbsent(g, k -> new ArrayList<>()).add(u);
      }
    }
    double[] everyYear = new double[YEARS];
    Arrays.fill(everyYear, 1.0);
    List<Cohort> cohorts = new ArrayList<>();
    for (int g : GROUPS) {
      cohorts.add(new Cohort(LocalDate.of(g, 1, 1), everyYear, treated.get(g), controls));
    }
    return cohorts;
  }

  /** Every statistic as pooled terms (a cell is a single term), named like the published keys. */
  static List<List<Term>> statistics(List<String> names) {
    List<List<Term>> out = new ArrayList<>();
    List<Term> simple = new ArrayList<>();
    List<Term> groupOverall = new ArrayList<>();
    Map<Integer, List<Term>> dynamic = new TreeMap<>();
    for (int c = 0; c < GROUPS.length; c++) {
      int g = GROUPS[c];
      int gi = g - FIRST_YEAR;
      List<Term> group = new ArrayList<>();
      for (int year = FIRST_YEAR + 1; year < FIRST_YEAR + YEARS; year++) {
        int t = year - FIRST_YEAR;
        // varying base: post cells against g - 1, pre cells against the year before
        int varying = year >= g ? gi - 1 : t - 1;
        names.add("att " + g + " " + year);
        out.add(List.of(new Term(c, t, varying, 1)));
        names.add("es " + g + " " + year);
        out.add(List.of(new Term(c, t, gi - 1, 1)));
        dynamic.computeIfAbsent(year - g, k -> new ArrayList<>()).add(new Term(c, t, varying, 1));
        if (year >= g) {
          simple.add(new Term(c, t, gi - 1, 1));
          group.add(new Term(c, t, gi - 1, 1));
        }
      }
      names.add("group " + g);
      out.add(group);
      for (Term term : group) {
        groupOverall.add(new Term(c, term.t(), term.base(), 1.0 / group.size()));
      }
    }
    names.add("simple overall");
    out.add(simple);
    names.add("group overall");
    out.add(groupOverall);
    for (var e : dynamic.entrySet()) {
      names.add("dynamic " + e.getKey());
      out.add(e.getValue());
    }
    return out;
  }

  @Test
  void panelIsTheDocumentedOne() {
    assertEquals(3, panel.cohorts().size());
    assertEquals(20, panel.cohorts().get(0).treated().size());
    assertEquals(40, panel.cohorts().get(1).treated().size());
    assertEquals(131, panel.cohorts().get(2).treated().size());
    assertEquals(309, panel.distinctControls());
  }

  @Test
  void pointEstimatesMatchThePublishedFiguresTo1e6() {
    int compared = 0;
    for (int i = 0; i < names.size(); i++) {
      double[] pub = published.get(names.get(i));
      if (pub == null) {
        continue;
      }
      assertEquals(pub[0], result.estimate()[i], POINT_TOLERANCE, names.get(i));
      compared++;
    }
    // 12 ATT(g,t) + 12 event-study cells + 3 groups + 7 event times + 3 overall aggregates
    assertEquals(37, compared);
  }

  /**
   * uplift_program's window DiD ({@link CohortDid}) on the same panel: a post cell ATT(g, t) is the
   * DiD with the year g − 1 as a one-day pre window and the year t as a one-day post window.
   */
  @Test
  void theProgramMartsWindowDidGivesThePostCells() {
    int compared = 0;
    for (int c = 0; c < GROUPS.length; c++) {
      Cohort cohort = panel.cohorts().get(c);
      int base = GROUPS[c] - FIRST_YEAR - 1;
      for (int t = base + 1; t < YEARS; t++) {
        CohortDid.Cohort windows =
            new CohortDid.Cohort(
                cohort.start(),
                1,
                0,
                1,
                windows(cohort.treated(), base, t),
                windows(cohort.controls(), base, t));
        CohortDid.Estimate e = CohortDid.estimate(List.of(windows), 1, 1L).get(0);
        double[] pub = published.get("att " + GROUPS[c] + " " + (FIRST_YEAR + t));
        assertEquals(pub[0], e.did(), POINT_TOLERANCE);
        compared++;
      }
    }
    assertEquals(4 + 2 + 1, compared);
  }

  private static List<CohortDid.StoreWindows> windows(List<Unit> units, int pre, int post) {
    return units.stream()
        .map(u -> new CohortDid.StoreWindows(u.id(), 0, u.y()[pre], u.y()[post]))
        .toList();
  }

  @Test
  void bootstrapStandardErrorsAreWithin15PercentOfTheAnalyticOnes() {
    StringBuilder report = new StringBuilder("mpdta: statistic, att, analytic SE, bootstrap SE");
    report.append(" (interval half-width / 1.96), ratio\n");
    List<String> outside = new ArrayList<>();
    int compared = 0;
    for (int i = 0; i < names.size(); i++) {
      double[] pub = published.get(names.get(i));
      if (pub == null || Double.isNaN(pub[1])) {
        continue;
      }
      double[] ci = result.interval(i);
      double se = (ci[1] - ci[0]) / (2 * Z);
      double ratio = se / pub[1];
      report.append(
          String.format(
              Locale.ROOT,
              "  %-16s %10.6f  %.6f  %.6f  %.3f%n",
              names.get(i),
              result.estimate()[i],
              pub[1],
              se,
              ratio));
      if (Math.abs(ratio - 1) > SE_TOLERANCE) {
        outside.add(names.get(i) + " " + ratio);
      }
      compared++;
    }
    System.out.print(report);
    assertEquals(12 + 3 + 7 + 3, compared);
    assertTrue(outside.isEmpty(), "ratios outside 1 ± 0.15: " + outside);
  }

  private static double[] nanArray() {
    double[] y = new double[YEARS];
    Arrays.fill(y, Double.NaN);
    return y;
  }

  private static double num(String s) {
    return Double.parseDouble(s);
  }

  /** A resource CSV without its header, split on commas (the reference files quote nothing). */
  private static List<String[]> read(String file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = MpdtaReproductionTest.class.getResourceAsStream(DIR + file);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }
}
