package io.omnitouch.report;

import static org.apache.spark.sql.functions.col;

import io.omnitouch.report.Messages.Lang;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's week-by-week uplift card (issue 16), self-contained: per programme, the pooled
 * {@code uplift_event_study} effect of weeks −4 … +3 against week −1 with its 95% band, a note when
 * pre-rollout weeks stray from 0 (the mart's {@code pre_trend} warning), the {@code
 * uplift_program.sensitivity_breakdown} in plain words, and any holiday inside the rollout window
 * named by a {@link HolidayNamer} (the business calendar plugs in there; {@link HolidayNamer#NONE}
 * until it lands).
 */
public final class UpliftWeeks {
  static final int FIRST_WEEK = -4;
  static final int LAST_WEEK = 3;
  private static final int PRE_DAYS = 28;
  private static final int POST_DAYS = 28;
  private static final int HEIGHT = 230;

  private UpliftWeeks() {}

  /** Names the holidays (business calendar) falling within a date window; empty when none. */
  @FunctionalInterface
  public interface HolidayNamer {
    List<String> holidaysIn(LocalDate from, LocalDate to, Lang lang);

    HolidayNamer NONE = (from, to, lang) -> List.of();
  }

  /** One pooled event week: att (yuan per store-day) and its interval (null when unknown). */
  public record Week(int week, double att, Double ciLow, Double ciHigh, boolean preTrend) {}

  /**
   * One programme's card: its pooled weeks, the breakdown value (null: none) and the window from
   * the first cohort's pre start to the last cohort's post end (for the holiday note).
   */
  public record Program(
      String program,
      List<Week> weeks,
      Double breakdown,
      LocalDate windowStart,
      LocalDate windowEnd) {
    boolean preTrend() {
      return weeks.stream().anyMatch(Week::preTrend);
    }
  }

  /** The programmes' pooled event studies as of the report date, in programme name order. */
  public static List<Program> build(
      Dataset<Row> eventStudy, Dataset<Row> upliftProgram, LocalDate date) {
    Date dt = Date.valueOf(date);
    Map<String, List<Week>> weeks = new TreeMap<>();
    for (Row r :
        eventStudy
            .filter(col("dt").equalTo(dt).and(col("cohort_start").isNull()))
            .orderBy("program", "event_week")
            .collectAsList()) {
      Double att = r.getAs("att");
      if (att == null) {
        continue;
      }
      weeks
          .computeIfAbsent(r.getAs("program"), k -> new ArrayList<>())
          .add(
              new Week(
                  r.<Integer>getAs("event_week"),
                  att,
                  r.getAs("ci_low"),
                  r.getAs("ci_high"),
                  "pre_trend".equals(r.getAs("warnings"))));
    }
    Map<String, Double> breakdown = new TreeMap<>();
    Map<String, LocalDate[]> window = new TreeMap<>();
    boolean hasBreakdown =
        java.util.Arrays.asList(upliftProgram.columns()).contains("sensitivity_breakdown");
    for (Row r : upliftProgram.filter(col("dt").equalTo(dt)).collectAsList()) {
      String program = r.getAs("program");
      Date start = r.getAs("cohort_start");
      if (start == null) {
        // A table written before the column existed has none: no breakdown sentence.
        if (hasBreakdown) {
          breakdown.put(program, r.getAs("sensitivity_breakdown"));
        }
      } else {
        LocalDate s = start.toLocalDate();
        LocalDate[] w = window.computeIfAbsent(program, k -> new LocalDate[] {s, s});
        w[0] = s.isBefore(w[0]) ? s : w[0];
        w[1] = s.isAfter(w[1]) ? s : w[1];
      }
    }
    List<Program> out = new ArrayList<>();
    for (var e : weeks.entrySet()) {
      LocalDate[] w = window.get(e.getKey());
      LocalDate from = w == null ? null : w[0].minusDays(PRE_DAYS);
      LocalDate to = w == null ? null : min(w[1].plusDays(POST_DAYS - 1), date);
      out.add(new Program(e.getKey(), e.getValue(), breakdown.get(e.getKey()), from, to));
    }
    return out;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  /** The card, or nothing when no programme has an event study as of the date. */
  public static String section(List<Program> programs, Messages m, HolidayNamer holidays) {
    if (programs.isEmpty()) {
      return "";
    }
    Map<String, String> w = words(m.lang());
    StringBuilder b = new StringBuilder();
    Cards.open(b, "uplift-weeks", w.get("title"), w.get("note"));
    for (Program p : programs) {
      b.append("<h3>").append(Html.text(m.label("program", p.program()))).append("</h3>\n");
      b.append(
          Charts.responsive(
              chart(p, m, w, Charts.Frame.WIDE), chart(p, m, w, Charts.Frame.NARROW)));
      b.append("<ul class=\"sentences\">");
      if (p.preTrend()) {
        b.append("<li class=\"warn\">⚠ ").append(Html.text(w.get("pretrend"))).append("</li>");
      }
      if (p.breakdown() != null) {
        String x = Messages.fixed(p.breakdown(), 1);
        b.append("<li>").append(Html.text(w.get("breakdown").replace("{0}", x))).append("</li>");
      }
      if (p.windowStart() != null) {
        for (String h : holidays.holidaysIn(p.windowStart(), p.windowEnd(), m.lang())) {
          b.append("<li class=\"meta\">")
              .append(Html.text(w.get("holiday").replace("{0}", h)))
              .append("</li>");
        }
      }
      b.append("</ul>\n");
    }
    b.append("<p class=\"src\">")
        .append(Html.text(m.get("source")))
        .append(": uplift_event_study (cohort_start IS NULL), uplift_program")
        .append("</p>\n</section>\n");
    return b.toString();
  }

  /**
   * Weeks on x, yuan per store-day on y: the band, the line, 0 and the rollout marked. Drawn for
   * the frame's width (a phone's narrow frame keeps a narrower axis margin), so labels keep their
   * size instead of being scaled down with a wide drawing.
   */
  static String chart(Program p, Messages m, Map<String, String> w, Charts.Frame f) {
    int width = f.width();
    int left = f.narrow() ? 44 : 70;
    int right = f.narrow() ? 12 : 20;
    int top = 12;
    int axis = 30;
    double lo = 0;
    double hi = 0;
    for (Week k : p.weeks()) {
      lo = Math.min(lo, k.ciLow() == null ? k.att() : k.ciLow());
      hi = Math.max(hi, k.ciHigh() == null ? k.att() : k.ciHigh());
    }
    double step = Charts.niceStep((hi - lo) / 4);
    if (step <= 0 || !Double.isFinite(step)) {
      step = 1;
    }
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    if (hi == lo) {
      hi = lo + step;
    }
    double plotW = width - left - right;
    double plotH = HEIGHT - top - axis;
    double lo0 = lo;
    double span = hi - lo;
    int slots = LAST_WEEK - FIRST_WEEK;
    java.util.function.IntToDoubleFunction x = k -> left + plotW * (k - FIRST_WEEK) / slots;
    java.util.function.DoubleUnaryOperator y = v -> top + plotH * (1 - (v - lo0) / span);
    Charts.Svg svg = new Charts.Svg(f, HEIGHT, w.get("title"));
    for (double t = lo; t <= hi + step / 2; t += step) {
      double ty = y.applyAsDouble(t);
      svg.line(left, ty, width - right, ty, Charts.GRID, 1, null);
      svg.text(
          left - 8,
          ty + 4,
          Messages.signed(t, step < 1 ? 1 : 0, false),
          11,
          Charts.MUTED,
          "end",
          false);
    }
    for (int k = FIRST_WEEK; k <= LAST_WEEK; k++) {
      svg.text(
          x.applyAsDouble(k),
          HEIGHT - 10,
          (k > 0 ? "+" : "") + k,
          12,
          Charts.MUTED,
          "middle",
          false);
    }
    svg.line(left, y.applyAsDouble(0), width - right, y.applyAsDouble(0), Charts.INK, 1.2, "4 3");
    double rollout = (x.applyAsDouble(-1) + x.applyAsDouble(0)) / 2;
    svg.line(rollout, top, rollout, top + plotH, Charts.MUTED, 1, "2 3");
    svg.text(rollout + 4, top + 10, w.get("rollout"), 11, Charts.MUTED, "start", false);
    StringBuilder upper = new StringBuilder();
    StringBuilder lower = new StringBuilder();
    for (Week k : p.weeks()) {
      if (k.ciLow() != null && k.ciHigh() != null) {
        upper.append(upper.length() == 0 ? "M" : "L").append(point(x, y, k.week(), k.ciHigh()));
        lower.insert(0, "L" + point(x, y, k.week(), k.ciLow()));
      }
    }
    if (upper.length() > 0) {
      svg.path(upper + lower.toString() + "Z", Charts.ACCENT, 0.18);
    }
    Week previous = null;
    for (Week k : p.weeks()) {
      if (previous != null) {
        svg.line(
            x.applyAsDouble(previous.week()),
            y.applyAsDouble(previous.att()),
            x.applyAsDouble(k.week()),
            y.applyAsDouble(k.att()),
            Charts.ACCENT,
            2.5,
            null);
      }
      previous = k;
    }
    for (Week k : p.weeks()) {
      String colour = k.preTrend() ? Charts.RISK : Charts.ACCENT;
      svg.circle(x.applyAsDouble(k.week()), y.applyAsDouble(k.att()), 5, colour, "#ffffff");
    }
    svg.text(left, HEIGHT - 10, w.get("axis"), 11, Charts.MUTED, "end", false);
    return svg.toString();
  }

  private static String point(
      java.util.function.IntToDoubleFunction x,
      java.util.function.DoubleUnaryOperator y,
      int week,
      double v) {
    return String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(week), y.applyAsDouble(v));
  }

  static Map<String, String> words(Lang lang) {
    return lang == Lang.zh
        ? Map.of(
            "title", "项目逐周增量(事件研究)",
            "note", "每周门店日销增量(元/店/天)相对上线前一周(第 −1 周)及 95% 置信带;上线前各周应接近 0",
            "pretrend", "上线前已有周份明显偏离 0:试点与对照门店的走势本就不同,增量结论需谨慎",
            "breakdown", "除非试点与对照门店的走势偏离超过上线前最差一周的 {0} 倍,结论仍成立",
            "holiday", "窗口内含节假日:{0}",
            "rollout", "上线",
            "axis", "周")
        : Map.of(
            "title", "Programme uplift week by week (event study)",
            "note",
                "Extra revenue per store-day (yuan) each week against the week before the rollout"
                    + " (week −1), with its 95% band; weeks before the rollout should sit near 0",
            "pretrend",
                "Some weeks before the rollout already stray from 0: treated and control stores"
                    + " were drifting apart, so read the uplift with care",
            "breakdown",
                "The verdict holds unless trends diverged more than {0}× the worst pre-period week",
            "holiday", "A holiday falls inside the window: {0}",
            "rollout", "rollout",
            "axis", "week");
  }
}
