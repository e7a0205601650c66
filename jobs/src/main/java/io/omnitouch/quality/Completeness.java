package io.omnitouch.quality;

import io.omnitouch.calendar.Calendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Is one source's delivery of one day complete? A truncated file passes every row rule, so the rows
 * received (loaded + quarantined, per file) are compared with what was expected: the upstream
 * control file ({@code <input>/<source>/dt=D/_control.csv}: file, rows) when there is one, exact;
 * otherwise the median of the same weekday over the last {@value #HISTORY_WEEKS} ordinary weeks
 * (holiday and promo dates of the business calendar are left out of that baseline, looking back at
 * most {@value #MAX_HISTORY_WEEKS} weeks). The shortfall is the share of expected rows missing;
 * above the warning threshold it is a warning, above the failure threshold the run fails, except on
 * a holiday or promo date, whose volume is expected to differ: there it only warns. Stores that
 * were active on at least {@value #SILENT_MIN_ACTIVE_DAYS} of the last {@value #SILENT_WINDOW_DAYS}
 * days and sent nothing today are warnings too (a store's till or guide app may be down). Pure: the
 * counts come from {@link CompletenessCheck}.
 */
public final class Completeness {
  /** Same-weekday history: the last 4 weeks. */
  public static final int HISTORY_WEEKS = 4;

  /** How far back the same weekday is looked for when holiday and promo dates are skipped. */
  public static final int MAX_HISTORY_WEEKS = 8;

  /** Weeks with rows needed before the median means anything. */
  public static final int MIN_HISTORY_WEEKS = 2;

  /** Below this usual volume a day-to-day swing is noise, not a truncated file. */
  public static final long MIN_EXPECTED_ROWS = 10;

  /** More than twice the usual volume: a file delivered twice under two names? */
  public static final double EXCESS_WARN = 1.0;

  public static final int SILENT_WINDOW_DAYS = 7;
  public static final int SILENT_MIN_ACTIVE_DAYS = 3;

  /** Stores named in a message, at most. */
  private static final int NAMED_STORES = 10;

  public static final String OK = "ok";
  public static final String WARNING = "warning";
  public static final String FAILED = "failed";

  private Completeness() {}

  /** One line of a control file: a file name (without folder) and its data rows. */
  public record ControlLine(String file, long rows) {}

  /** The verdict on one source and day. */
  public record Finding(
      String source,
      LocalDate dt,
      long received,
      Long expected,
      double shortfall,
      String status,
      List<String> messages) {
    public String message() {
      return String.join("; ", messages);
    }
  }

  /**
   * @param receivedPerFile rows received per file name (without folder)
   * @param history rows received on the same weekday of earlier weeks (weeks without rows absent)
   * @param control the control file's lines, or null when upstream sent none
   * @param silentStores stores that went silent today (see {@link #silentStores})
   */
  public static Finding assess(
      String source,
      LocalDate dt,
      Map<String, Long> receivedPerFile,
      List<Long> history,
      List<ControlLine> control,
      List<String> silentStores,
      double warnShortfall,
      double failShortfall) {
    return assess(
        source,
        dt,
        null,
        receivedPerFile,
        history,
        control,
        silentStores,
        warnShortfall,
        failShortfall);
  }

  /**
   * As above, on a date of the business calendar: a holiday or promo date ({@link
   * Calendar.Day#unusual}) never fails, it warns and says why.
   *
   * @param day the calendar's day of {@code dt}, or null for an ordinary day
   */
  public static Finding assess(
      String source,
      LocalDate dt,
      Calendar.Day day,
      Map<String, Long> receivedPerFile,
      List<Long> history,
      List<ControlLine> control,
      List<String> silentStores,
      double warnShortfall,
      double failShortfall) {
    long received = receivedPerFile.values().stream().mapToLong(Long::longValue).sum();
    List<String> messages = new ArrayList<>();
    boolean warn = false;
    Long expected = null;
    if (control != null) {
      expected = control.stream().mapToLong(ControlLine::rows).sum();
      warn |= compareWithControl(receivedPerFile, control, messages);
    } else {
      List<Long> weeks = history.stream().filter(n -> n > 0).sorted().toList();
      long median = median(weeks);
      if (weeks.size() >= MIN_HISTORY_WEEKS && median >= MIN_EXPECTED_ROWS) {
        expected = median;
        String basis =
            String.format(
                Locale.ROOT,
                "%d rows against a median of %d on the same weekday over %d weeks",
                received,
                median,
                weeks.size());
        if (received > median * (1 + EXCESS_WARN)) {
          warn = true;
          messages.add(basis + ": more than twice the usual volume (a file delivered twice?)");
        } else {
          messages.add(basis);
        }
      } else {
        messages.add(
            "no volume expectation yet ("
                + weeks.size()
                + " weeks of same-weekday history, median "
                + median
                + " rows)");
      }
    }
    double shortfall =
        expected == null || expected == 0
            ? 0
            : Math.max(0, (double) (expected - received) / expected);
    if (shortfall > 0) {
      messages.add(String.format(Locale.ROOT, "shortfall %.1f%%", shortfall * 100));
    }
    warn |= shortfall > warnShortfall;
    if (!silentStores.isEmpty()) {
      warn = true;
      messages.add(
          silentStores.size()
              + " store(s) silent today after activity on at least "
              + SILENT_MIN_ACTIVE_DAYS
              + " of the last "
              + SILENT_WINDOW_DAYS
              + " days: "
              + String.join(
                  ", ", silentStores.subList(0, Math.min(NAMED_STORES, silentStores.size())))
              + (silentStores.size() > NAMED_STORES ? ", ..." : ""));
    }
    boolean unusual = day != null && day.unusual();
    if (unusual && shortfall > failShortfall) {
      warn = true;
      messages.add(day.label() + ": a holiday or promo day warns instead of failing");
    }
    String status = shortfall > failShortfall && !unusual ? FAILED : warn ? WARNING : OK;
    return new Finding(source, dt, received, expected, shortfall, status, messages);
  }

  /** Adds a message per file that disagrees with the control file; true when any does. */
  private static boolean compareWithControl(
      Map<String, Long> receivedPerFile, List<ControlLine> control, List<String> messages) {
    boolean mismatch = false;
    Map<String, Long> listed = new TreeMap<>();
    control.forEach(c -> listed.merge(c.file(), c.rows(), Long::sum));
    for (Map.Entry<String, Long> c : listed.entrySet()) {
      Long got = receivedPerFile.get(c.getKey());
      if (got == null) {
        mismatch = true;
        messages.add(
            "control file lists "
                + c.getKey()
                + " ("
                + c.getValue()
                + " rows) but it was not found");
      } else if (!got.equals(c.getValue())) {
        mismatch = true;
        messages.add(
            c.getKey()
                + ": "
                + got
                + " rows received, the control file says "
                + c.getValue()
                + " (truncated or partial file?)");
      }
    }
    for (Map.Entry<String, Long> f : new TreeMap<>(receivedPerFile).entrySet()) {
      if (!listed.containsKey(f.getKey())) {
        mismatch = true;
        messages.add(f.getKey() + " (" + f.getValue() + " rows) is not in the control file");
      }
    }
    if (!mismatch) {
      messages.add("matches the control file (" + listed.size() + " files)");
    }
    return mismatch;
  }

  /**
   * The dates whose volume makes the usual volume of {@code dt}: the same weekday of the {@link
   * #HISTORY_WEEKS} latest earlier weeks that are neither holiday nor promo dates, within {@link
   * #MAX_HISTORY_WEEKS} weeks; newest first.
   */
  public static List<LocalDate> baselineDates(LocalDate dt, Calendar calendar) {
    List<LocalDate> out = new ArrayList<>();
    for (int w = 1; w <= MAX_HISTORY_WEEKS && out.size() < HISTORY_WEEKS; w++) {
      LocalDate d = dt.minusWeeks(w);
      if (!calendar.day(d).unusual()) {
        out.add(d);
      }
    }
    return out;
  }

  /** Median of sorted values; 0 for none. */
  static long median(List<Long> sorted) {
    int n = sorted.size();
    if (n == 0) {
      return 0;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * Stores active on at least {@link #SILENT_MIN_ACTIVE_DAYS} of the days before {@code dt} (within
   * {@link #SILENT_WINDOW_DAYS}) that have no row on {@code dt}, sorted.
   */
  public static List<String> silentStores(Map<String, Set<LocalDate>> activeDays, LocalDate dt) {
    LocalDate from = dt.minusDays(SILENT_WINDOW_DAYS);
    List<String> silent = new ArrayList<>();
    for (Map.Entry<String, Set<LocalDate>> e : new TreeMap<>(activeDays).entrySet()) {
      long before = e.getValue().stream().filter(d -> !d.isBefore(from) && d.isBefore(dt)).count();
      if (before >= SILENT_MIN_ACTIVE_DAYS && !e.getValue().contains(dt)) {
        silent.add(e.getKey());
      }
    }
    return silent;
  }
}
