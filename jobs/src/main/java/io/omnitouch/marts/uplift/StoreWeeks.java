package io.omnitouch.marts.uplift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The event-week panel of every programme's rollout cohorts: per cohort (program, start s) and each
 * store of its comparison (the treated and control stores of {@code uplift_program}), the mean
 * revenue per store-day of the event weeks k = −4 … +3, week k being the days {@code s + 7k … s +
 * 7k + 6}. A week's known days are those on or after the cohort's pre_start (the first order date
 * in the warehouse may cut the pre window) for pre weeks, on or after s for post weeks, and up to
 * the run date; a week with no known day is unobserved (NaN), a partly elapsed week is the mean of
 * its known days. The Spark side of {@link UpliftEventStudy} and of {@code
 * uplift_program.sensitivity_breakdown}: two running-total lookups per store and week.
 */
final class StoreWeeks {
  static final int FIRST_WEEK = -4;
  static final int LAST_WEEK = 3;
  static final int WEEKS = LAST_WEEK - FIRST_WEEK + 1;
  static final int REFERENCE_WEEK = -1;
  static final int DAYS_PER_WEEK = 7;

  private StoreWeeks() {}

  /** Index of event week k on a cohort's period axis. */
  static int index(int week) {
    return week - FIRST_WEEK;
  }

  static int week(int index) {
    return index + FIRST_WEEK;
  }

  /** Each programme's cohorts in start order, stores in id order (the seeded resample's order). */
  static Map<String, List<EventStudy.Cohort>> byProgram(
      Dataset<Row> paidOrders,
      Dataset<Row> programRollouts,
      Dataset<Row> stores,
      LocalDate runDate) {
    Column asOf = lit(Date.valueOf(runDate));
    Dataset<Row> adoptions =
        programRollouts
            .filter(col("start_date").leq(asOf))
            .select(col("program"), col("store_id"), col("start_date"));
    Dataset<Row> windows = UpliftProgram.cohortWindows(adoptions, paidOrders, runDate);
    List<Row> cohortRows = windows.collectAsList();
    if (cohortRows.isEmpty()) {
      return Map.of();
    }
    Dataset<Row> cohorts = paidOrders.sparkSession().createDataFrame(cohortRows, windows.schema());
    Dataset<Row> members = UpliftProgram.cohortMembers(cohorts, adoptions, programRollouts, stores);
    LocalDate firstDay =
        cohortRows.stream()
            .map(r -> r.<Date>getAs("pre_start").toLocalDate())
            .min(LocalDate::compareTo)
            .orElse(runDate);
    Dataset<Row> cumulative =
        StoreRevenue.cumulative(StoreRevenue.daily(paidOrders, runDate), firstDay, runDate);
    List<Row> storeRows = weekTotals(members, cumulative, runDate).collectAsList();
    return assemble(cohortRows, storeRows, runDate);
  }

  /**
   * Running totals of each comparison store at the day before each week (and at the last week's
   * end), clipped to the run date: columns b0 … b8; a missing total (before the first day, or a
   * store without sales) is 0.
   */
  private static Dataset<Row> weekTotals(
      Dataset<Row> members, Dataset<Row> cumulative, LocalDate runDate) {
    Column asOf = lit(Date.valueOf(runDate));
    Column[] bounds = new Column[WEEKS + 1];
    for (int j = 0; j <= WEEKS; j++) {
      bounds[j] =
          struct(
              lit(j).as("j"),
              least(date_add(col("cohort_start"), DAYS_PER_WEEK * week(j) - 1), asOf).as("date"));
    }
    Dataset<Row> lookups =
        members
            .select(
                col("program"),
                col("cohort_start"),
                col("store_id"),
                col("role"),
                explode(array(bounds)).as("b"))
            .select(col("*"), col("b.j").as("j"), col("b.date").as("date"))
            .drop("b");
    Column[] totals = new Column[WEEKS + 1];
    for (int j = 0; j <= WEEKS; j++) {
      totals[j] = coalesce(max(when(col("j").equalTo(j), col("cumulative"))), lit(0.0)).as("b" + j);
    }
    return lookups
        .join(cumulative, new String[] {"store_id", "date"}, "left")
        .groupBy("program", "cohort_start", "store_id", "role")
        .agg(totals[0], Arrays.copyOfRange(totals, 1, totals.length));
  }

  private static Map<String, List<EventStudy.Cohort>> assemble(
      List<Row> cohortRows, List<Row> storeRows, LocalDate runDate) {
    Map<String, Map<LocalDate, double[]>> days = new TreeMap<>();
    for (Row r : cohortRows) {
      LocalDate start = r.<Date>getAs("cohort_start").toLocalDate();
      LocalDate preStart = r.<Date>getAs("pre_start").toLocalDate();
      days.computeIfAbsent(r.getAs("program"), k -> new TreeMap<>())
          .put(start, knownDays(start, preStart, runDate));
    }
    Map<String, Map<LocalDate, List<EventStudy.Unit>>> treated = new TreeMap<>();
    Map<String, Map<LocalDate, List<EventStudy.Unit>>> controls = new TreeMap<>();
    for (Row r : storeRows) {
      String program = r.getAs("program");
      LocalDate start = r.<Date>getAs("cohort_start").toLocalDate();
      double[] known = days.get(program).get(start);
      double[] y = new double[WEEKS];
      for (int j = 0; j < WEEKS; j++) {
        double sum = r.<Double>getAs("b" + (j + 1)) - r.<Double>getAs("b" + j);
        y[j] = known[j] > 0 ? sum / known[j] : Double.NaN;
      }
      var target = UpliftProgram.TREATED.equals(r.getAs("role")) ? treated : controls;
      target
          .computeIfAbsent(program, k -> new TreeMap<>())
          .computeIfAbsent(start, k -> new ArrayList<>())
          .add(new EventStudy.Unit(r.getAs("store_id"), y));
    }
    Map<String, List<EventStudy.Cohort>> out = new TreeMap<>();
    for (var p : days.entrySet()) {
      for (var c : p.getValue().entrySet()) {
        out.computeIfAbsent(p.getKey(), k -> new ArrayList<>())
            .add(
                new EventStudy.Cohort(
                    c.getKey(),
                    c.getValue(),
                    sorted(treated, p.getKey(), c.getKey()),
                    sorted(controls, p.getKey(), c.getKey())));
      }
    }
    return out;
  }

  /** Known days of each event week of a cohort starting on {@code start}. */
  static double[] knownDays(LocalDate start, LocalDate preStart, LocalDate runDate) {
    double[] days = new double[WEEKS];
    for (int j = 0; j < WEEKS; j++) {
      LocalDate first = start.plusDays((long) DAYS_PER_WEEK * week(j));
      LocalDate last = first.plusDays(DAYS_PER_WEEK - 1L);
      LocalDate from = week(j) < 0 ? later(first, preStart) : later(first, start);
      LocalDate to = last.isAfter(runDate) ? runDate : last;
      days[j] = Math.max(0, ChronoUnit.DAYS.between(from, to) + 1);
    }
    return days;
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static List<EventStudy.Unit> sorted(
      Map<String, Map<LocalDate, List<EventStudy.Unit>>> byProgram,
      String program,
      LocalDate start) {
    List<EventStudy.Unit> units =
        new ArrayList<>(byProgram.getOrDefault(program, Map.of()).getOrDefault(start, List.of()));
    units.sort((a, b) -> a.id().compareTo(b.id()));
    return units;
  }
}
