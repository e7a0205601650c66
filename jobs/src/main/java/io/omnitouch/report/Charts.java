package io.omnitouch.report;

import io.omnitouch.report.ReportModel.ChannelShare;
import io.omnitouch.report.ReportModel.ConversionPoint;
import io.omnitouch.report.ReportModel.ConversionSeries;
import io.omnitouch.report.ReportModel.DayValue;
import io.omnitouch.report.ReportModel.Flow;
import io.omnitouch.report.ReportModel.ProgramUplift;
import io.omnitouch.report.ReportModel.RedPacketRisk;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inline SVG charts of the report: plain shapes and text, sized by a viewBox so they scale to the
 * page and print sharply. Every label that carries upstream text is escaped with {@link Html}.
 *
 * <p>Each chart is drawn twice, for a {@link Frame#WIDE} page and re-laid out for a {@link
 * Frame#NARROW} phone screen (labels above bars instead of beside them, legends under the plot,
 * fewer axis labels); no text is under {@value #MIN_FONT} units, and {@link #responsive} puts both
 * in the page for the stylesheet to show the one drawn at about one unit per CSS pixel or more
 * (HtmlRenderer's {@code chart-wide} / {@code chart-narrow}). A new chart does the same: draw it
 * for both frames and wrap them with {@link #responsive}.
 */
final class Charts {
  static final int WIDTH = 900;

  /**
   * Width of the narrow variant, in viewBox units: at most the content width of a 390 px phone
   * screen (page and card padding taken off), so that one unit is at least one CSS pixel.
   */
  static final int NARROW_WIDTH = 330;

  /** The smallest font size of a chart, in viewBox units. */
  static final double MIN_FONT = 12;

  /** The width a chart is drawn for. */
  record Frame(int width, boolean narrow) {
    static final Frame WIDE = new Frame(WIDTH, false);
    static final Frame NARROW = new Frame(NARROW_WIDTH, true);
  }

  /** Both variants of a chart; the stylesheet shows the one that fits the screen. */
  static String responsive(String wide, String narrow) {
    return "<div class=\"chart-wide\">"
        + wide
        + "</div><div class=\"chart-narrow\">"
        + narrow
        + "</div>";
  }

  static final String INK = "#1d2733";
  static final String MUTED = "#66758a";
  static final String GRID = "#e6eaf0";
  static final String ACCENT = "#1f6f8b";
  static final String PALE = "#b8c7d9";
  static final String GOOD = "#1a7f4b";
  static final String BAD = "#c0392b";
  static final String NEUTRAL = "#8d99ae";
  static final String RISK = "#e76f51";
  static final String CLEAN = "#9cc5bf";

  static final Map<String, String> MODEL_COLOURS =
      Map.of("last_touch", "#9aa7b8", "markov", "#1f6f8b", "shapley", "#2a9d8f");
  static final List<String> SERIES_COLOURS =
      List.of("#1f6f8b", "#e9a23b", "#2a9d8f", "#8e5ea2", "#e76f51", "#5b8c2a");
  static final Map<String, String> CHANNEL_COLOURS =
      Map.of("guide", "#1f6f8b", "scan", "#e9a23b", "community", "#2a9d8f", "direct", "#8d99ae");

  /** Flows drawn in the province chart; smaller ones are left to the table of cases. */
  static final int MAX_FLOWS = 12;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

  private Charts() {}

  // ---- revenue trend ------------------------------------------------------------------------

  /** Bars of paid revenue over the 14 days ending on {@code date}, the report date highlighted. */
  static String revenueTrend(List<DayValue> days, LocalDate date, int slots, Messages m) {
    return revenueTrend(days, date, slots, m, Frame.WIDE);
  }

  /** On a narrow frame every other day is labelled (counted back from the report date). */
  static String revenueTrend(List<DayValue> days, LocalDate date, int slots, Messages m, Frame f) {
    int width = f.width();
    int h = f.narrow() ? 170 : 150;
    int top = 22;
    int bottom = 24;
    double slot = (double) width / slots;
    Map<LocalDate, Double> byDay = new HashMap<>();
    days.forEach(d -> byDay.put(d.date(), d.value()));
    double max = days.stream().mapToDouble(DayValue::value).max().orElse(0);
    Svg svg = new Svg(f, h, m.get("kpi.trend"));
    for (int i = 0; i < slots; i++) {
      LocalDate d = date.minusDays(slots - 1 - i);
      double x = i * slot + slot * 0.2;
      Double v = byDay.get(d);
      boolean today = d.equals(date);
      if (v != null && max > 0) {
        double bh = (h - top - bottom) * v / max;
        svg.rect(x, h - bottom - bh, slot * 0.6, bh, today ? ACCENT : PALE, 2);
        if (today || (v == max && !f.narrow())) {
          svg.text(
              f.narrow() && today ? Math.min(x + slot * 0.3, width - 30) : x + slot * 0.3,
              h - bottom - bh - 6,
              m.moneyCompact(v),
              11,
              today ? INK : MUTED,
              "middle",
              today);
        }
      }
      if (!f.narrow() || (slots - 1 - i) % 2 == 0) {
        double lx =
            f.narrow() ? Math.min(Math.max(x + slot * 0.3, 16), width - 16) : x + slot * 0.3;
        svg.text(lx, h - 8, DAY.format(d), 10, today ? INK : MUTED, "middle", today);
      }
    }
    svg.line(0, h - bottom, width, h - bottom, GRID, 1, null);
    return svg.toString();
  }

  // ---- channel mix --------------------------------------------------------------------------

  /** Per channel, three bars: the share of revenue under last touch, Markov and Shapley. */
  static String channelMix(List<ChannelShare> channels, Messages m) {
    return channelMix(channels, m, Frame.WIDE);
  }

  /** On a narrow frame each channel's name sits above its bars, which take the full width. */
  static String channelMix(List<ChannelShare> channels, Messages m, Frame f) {
    boolean narrow = f.narrow();
    int label = narrow ? 0 : 120;
    int above = narrow ? 18 : 0;
    int right = narrow ? 52 : 70;
    int bar = narrow ? 12 : 11;
    int gap = 3;
    int group = above + 3 * (bar + gap) + 14;
    int legend =
        narrow
            ? legendHeight(List.of("last_touch", "markov", "shapley"), k -> m.get("model." + k), f)
            : 26;
    int h = legend + channels.size() * group;
    double max = 0;
    for (ChannelShare c : channels) {
      max =
          Math.max(max, Math.max(c.lastTouchShare(), Math.max(c.markovShare(), c.shapleyShare())));
    }
    double scale = max == 0 ? 0 : (f.width() - label - right) / max;
    Svg svg = new Svg(f, h, m.get("mix.section"));
    legend(
        svg,
        List.of("last_touch", "markov", "shapley"),
        k -> m.get("model." + k),
        MODEL_COLOURS::get,
        label,
        f);
    double y = legend;
    for (ChannelShare c : channels) {
      if (narrow) {
        svg.text(0, y + 13, m.label("channel", c.channel()), 13, INK, "start", true);
        y += above;
      } else {
        svg.text(
            label - 10, y + group / 2.0 - 4, m.label("channel", c.channel()), 13, INK, "end", true);
      }
      double[] shares = {c.lastTouchShare(), c.markovShare(), c.shapleyShare()};
      String[] models = {"last_touch", "markov", "shapley"};
      for (int i = 0; i < 3; i++) {
        double by = y + i * (bar + gap);
        double w = Math.max(shares[i] * scale, shares[i] > 0 ? 1 : 0);
        svg.rect(label, by, w, bar, MODEL_COLOURS.get(models[i]), 2);
        svg.text(label + w + 6, by + bar - 1.5, m.pct(shares[i]), 11, MUTED, "start", false);
      }
      y += group - above;
    }
    return svg.toString();
  }

  // ---- conversion ---------------------------------------------------------------------------

  /** One line per channel; segments touching an immature cohort are dashed. */
  static String conversion(List<ConversionSeries> series, LocalDate date, int slots, Messages m) {
    return conversion(series, date, slots, m, Frame.WIDE);
  }

  /**
   * On a narrow frame the series' end labels become a legend under the plot and every fourth day is
   * labelled.
   */
  static String conversion(
      List<ConversionSeries> series, LocalDate date, int slots, Messages m, Frame f) {
    boolean narrow = f.narrow();
    int legendRow = 18;
    int plotH0 = narrow ? 180 : 188;
    int left = narrow ? 44 : 48;
    int right = narrow ? 18 : 120;
    int top = 14;
    int bottom = 28;
    int h = top + plotH0 + bottom + (narrow ? series.size() * legendRow + 4 : 0);
    double max = 0;
    for (ConversionSeries s : series) {
      for (ConversionPoint p : s.points()) {
        max = Math.max(max, p.rate());
      }
    }
    double step = niceStep((max == 0 ? 0.1 : max * 1.1) / 4);
    double yMax = Math.ceil((max == 0 ? 0.1 : max * 1.1) / step) * step;
    double plotW = f.width() - left - right;
    double plotH = plotH0;
    int axisY = top + plotH0 + bottom;
    double slot = plotW / (slots - 1);
    Svg svg = new Svg(f, h, m.get("conv.section"));
    for (double v = 0; v <= yMax + step / 2; v += step) {
      double y = top + plotH - plotH * v / yMax;
      svg.line(left, y, left + plotW, y, GRID, 1, null);
      svg.text(left - 6, y + 4, m.pct(v), 10, MUTED, "end", false);
    }
    // Every other (narrow: fourth) day, counted back from the report date: it is always labelled.
    for (int i = slots - 1; i >= 0; i -= narrow ? 4 : 2) {
      LocalDate d = date.minusDays(slots - 1).plusDays(i);
      svg.text(
          left + i * slot,
          axisY - 8,
          DAY.format(d),
          10,
          i == slots - 1 ? INK : MUTED,
          "middle",
          i == slots - 1);
    }
    LocalDate first = date.minusDays(slots - 1);
    List<double[]> endLabels = new ArrayList<>();
    for (int si = 0; si < series.size(); si++) {
      ConversionSeries s = series.get(si);
      String colour =
          CHANNEL_COLOURS.getOrDefault(s.channel(), SERIES_COLOURS.get(si % SERIES_COLOURS.size()));
      ConversionPoint prev = null;
      double px = 0;
      double py = 0;
      for (ConversionPoint p : s.points()) {
        double x = left + (p.date().toEpochDay() - first.toEpochDay()) * slot;
        double y = top + plotH - plotH * p.rate() / yMax;
        if (prev != null) {
          boolean dashed = !prev.matured() || !p.matured();
          svg.line(px, py, x, y, colour, 2.2, dashed ? "5 4" : null);
        }
        svg.circle(x, y, p.matured() ? 3 : 2.5, p.matured() ? colour : "#ffffff", colour);
        prev = p;
        px = x;
        py = y;
      }
      if (prev != null) {
        endLabels.add(new double[] {py, si});
      }
    }
    if (narrow) {
      double ly = axisY + 4;
      for (int si = 0; si < series.size(); si++) {
        ConversionSeries s = series.get(si);
        String colour =
            CHANNEL_COLOURS.getOrDefault(
                s.channel(), SERIES_COLOURS.get(si % SERIES_COLOURS.size()));
        svg.rect(0, ly + 3, 12, 12, colour, 2);
        String rate =
            s.points().isEmpty() ? "" : m.pct(s.points().get(s.points().size() - 1).rate());
        svg.text(
            18, ly + 13.5, m.label("channel", s.channel()) + " " + rate, 12, colour, "start", true);
        ly += legendRow;
      }
      return svg.toString();
    }
    // End labels, nudged apart so they never overlap.
    endLabels.sort((a, b) -> Double.compare(a[0], b[0]));
    double last = -100;
    for (double[] e : endLabels) {
      double y = Math.max(e[0] + 4, last + 14);
      last = y;
      ConversionSeries s = series.get((int) e[1]);
      String colour =
          CHANNEL_COLOURS.getOrDefault(
              s.channel(), SERIES_COLOURS.get((int) e[1] % SERIES_COLOURS.size()));
      ConversionPoint p = s.points().get(s.points().size() - 1);
      svg.text(
          left + plotW + 10,
          y,
          m.label("channel", s.channel()) + " " + m.pct(p.rate()),
          12,
          colour,
          "start",
          true);
    }
    return svg.toString();
  }

  // ---- uplift -------------------------------------------------------------------------------

  /** Point estimate and 95% interval of each programme's uplift, around a zero line. */
  static String upliftIntervals(List<ProgramUplift> programs, Messages m) {
    return upliftIntervals(programs, m, Frame.WIDE);
  }

  /** On a narrow frame the programme and its figures sit on a line above its interval. */
  static String upliftIntervals(List<ProgramUplift> programs, Messages m, Frame f) {
    boolean narrow = f.narrow();
    List<ProgramUplift> drawn =
        programs.stream().filter(p -> p.upliftPct() != null && p.ciLow() != null).toList();
    int label = narrow ? 12 : 120;
    int right = narrow ? 12 : 190;
    int above = narrow ? 18 : 0;
    int row = 34 + above;
    int top = 8;
    int axis = 26;
    int h = top + drawn.size() * row + axis;
    double lo = 0;
    double hi = 0;
    for (ProgramUplift p : drawn) {
      lo = Math.min(lo, p.ciLow());
      hi = Math.max(hi, p.ciHigh());
    }
    double step = niceStep((hi - lo) / 5);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    if (hi == lo) {
      hi = lo + step;
    }
    double plotW = f.width() - label - right;
    double lo0 = lo;
    double span = hi - lo;
    java.util.function.DoubleUnaryOperator x = v -> label + plotW * (v - lo0) / span;
    Svg svg = new Svg(f, h, m.get("uplift.section"));
    int tick = 0;
    for (double t = lo; t <= hi + step / 2; t += step, tick++) {
      double tx = x.applyAsDouble(t);
      svg.line(tx, top, tx, h - axis, GRID, 1, null);
      if (!narrow || tick % 2 == 0) {
        svg.text(tx, h - 8, m.percentValue(t) + "%", 10, MUTED, "middle", false);
      }
    }
    double zx = x.applyAsDouble(0);
    svg.line(zx, top - 4, zx, h - axis + 2, INK, 1.2, "4 3");
    double y = top + above + (row - above) / 2.0;
    for (ProgramUplift p : drawn) {
      String colour = !p.significant() ? NEUTRAL : p.upliftPct() >= 0 ? GOOD : BAD;
      String figures =
          m.percentValue(p.upliftPct())
              + "%  ["
              + m.percentValue(p.ciLow())
              + ", "
              + m.percentValue(p.ciHigh())
              + "]";
      if (narrow) {
        svg.text(0, y - 17, m.label("program", p.program()), 13, INK, "start", true);
        svg.text(f.width(), y - 17, figures, 12, colour, "end", true);
      } else {
        svg.text(label - 12, y + 4, m.label("program", p.program()), 13, INK, "end", true);
      }
      double a = x.applyAsDouble(p.ciLow());
      double b = x.applyAsDouble(p.ciHigh());
      svg.rect(a, y - 5, Math.max(b - a, 1), 10, colour + "33", 3);
      svg.line(a, y, b, y, colour, 2, null);
      svg.line(a, y - 7, a, y + 7, colour, 2, null);
      svg.line(b, y - 7, b, y + 7, colour, 2, null);
      svg.circle(x.applyAsDouble(p.upliftPct()), y, 5.5, colour, "#ffffff");
      if (!narrow) {
        svg.text(f.width() - right + 12, y + 4, figures, 12, colour, "start", true);
      }
      y += row;
    }
    return svg.toString();
  }

  // ---- 串货 flows ----------------------------------------------------------------------------

  /**
   * Province flows as ribbons from the distributors' provinces (left) to the provinces where their
   * codes were scanned (right), widths proportional to codes.
   */
  static String provinceFlows(List<Flow> flows, Messages m) {
    return provinceFlows(flows, m, Frame.WIDE);
  }

  /**
   * On a narrow frame the ribbons are shorter and each province's code count goes under its name.
   */
  static String provinceFlows(List<Flow> flows, Messages m, Frame frame) {
    boolean narrow = frame.narrow();
    List<Flow> drawn = flows.stream().filter(f -> !f.withinProvince()).limit(MAX_FLOWS).toList();
    Map<String, Long> out = new LinkedHashMap<>();
    Map<String, Long> in = new LinkedHashMap<>();
    Map<String, String> fromName = new HashMap<>();
    Map<String, String> toName = new HashMap<>();
    for (Flow f : drawn) {
      out.merge(f.fromCode(), f.codes(), Long::sum);
      in.merge(f.toCode(), f.codes(), Long::sum);
      fromName.put(f.fromCode(), f.fromProvince());
      toName.put(f.toCode(), f.toProvince());
    }
    List<String> left = sortedByValue(out);
    List<String> right = sortedByValue(in);
    long total = drawn.stream().mapToLong(Flow::codes).sum();
    int gap = 12;
    int top = 10;
    int nodes = Math.max(left.size(), right.size());
    int h = Math.max(140, (narrow ? 44 : 36) * nodes + 20);
    double scale = (h - 2 * top - gap * (nodes - 1)) / (double) Math.max(total, 1);
    int lx = narrow ? 104 : 200;
    int rx = frame.width() - (narrow ? 104 + 12 : 200);
    int nodeW = 12;
    Map<String, Double> leftY = stack(left, out, scale, gap, top, h);
    Map<String, Double> rightY = stack(right, in, scale, gap, top, h);
    Map<String, Double> leftOffset = new HashMap<>(leftY);
    Map<String, Double> rightOffset = new HashMap<>(rightY);
    Svg svg = new Svg(frame, h, m.get("diversion.section"));
    Map<String, String> colour = new HashMap<>();
    for (int i = 0; i < left.size(); i++) {
      colour.put(left.get(i), SERIES_COLOURS.get(i % SERIES_COLOURS.size()));
    }
    // Ribbons leave each source in the order of their targets and reach each target in the
    // order of their sources, so that they do not cross at the nodes.
    Map<Flow, Double> startY = new HashMap<>();
    Map<Flow, Double> endY = new HashMap<>();
    List<Flow> bySource = new ArrayList<>(drawn);
    bySource.sort(
        java.util.Comparator.comparingInt((Flow f) -> left.indexOf(f.fromCode()))
            .thenComparingInt(f -> right.indexOf(f.toCode())));
    for (Flow f : bySource) {
      startY.put(f, leftOffset.get(f.fromCode()));
      leftOffset.merge(f.fromCode(), f.codes() * scale, Double::sum);
    }
    List<Flow> byTarget = new ArrayList<>(drawn);
    byTarget.sort(
        java.util.Comparator.comparingInt((Flow f) -> right.indexOf(f.toCode()))
            .thenComparingInt(f -> left.indexOf(f.fromCode())));
    for (Flow f : byTarget) {
      endY.put(f, rightOffset.get(f.toCode()));
      rightOffset.merge(f.toCode(), f.codes() * scale, Double::sum);
    }
    for (Flow f : bySource) {
      double w = f.codes() * scale;
      double y0 = startY.get(f);
      double y1 = endY.get(f);
      double x0 = lx + nodeW;
      double x1 = rx;
      double mid = (x0 + x1) / 2;
      String d =
          String.format(
              Locale.ROOT,
              "M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f L%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1fZ",
              x0,
              y0,
              mid,
              y0,
              mid,
              y1,
              x1,
              y1,
              x1,
              y1 + w,
              mid,
              y1 + w,
              mid,
              y0 + w,
              x0,
              y0 + w);
      svg.path(d, colour.get(f.fromCode()), 0.38);
    }
    for (String p : left) {
      double y = leftY.get(p);
      double hh = out.get(p) * scale;
      svg.rect(lx, y, nodeW, Math.max(hh, 1), colour.get(p), 2);
      nodeLabel(svg, lx - 8, y + hh / 2, fromName.get(p), m.count(out.get(p)), "end", narrow);
    }
    for (String p : right) {
      double y = rightY.get(p);
      double hh = in.get(p) * scale;
      svg.rect(rx, y, nodeW, Math.max(hh, 1), "#5b6b80", 2);
      nodeLabel(
          svg, rx + nodeW + 8, y + hh / 2, toName.get(p), m.count(in.get(p)), "start", narrow);
    }
    return svg.toString();
  }

  /** A province and its codes: one line, or (narrow) the count on a second line. */
  private static void nodeLabel(
      Svg svg, double x, double mid, String name, String count, String anchor, boolean narrow) {
    if (narrow) {
      svg.text(x, mid - 2, name, 12, INK, anchor, true);
      svg.text(x, mid + 13, count, 12, MUTED, anchor, false);
    } else {
      svg.text(x, mid + 4, name + "  " + count, 12, INK, anchor, true);
    }
  }

  private static List<String> sortedByValue(Map<String, Long> m) {
    List<String> keys = new ArrayList<>(m.keySet());
    keys.sort(
        (a, b) -> m.get(b).equals(m.get(a)) ? a.compareTo(b) : Long.compare(m.get(b), m.get(a)));
    return keys;
  }

  /** Top y of each node, stacked and centred vertically. */
  private static Map<String, Double> stack(
      List<String> keys, Map<String, Long> values, double scale, int gap, int top, int h) {
    double used = 0;
    for (String k : keys) {
      used += values.get(k) * scale;
    }
    used += gap * Math.max(keys.size() - 1, 0);
    double y = top + (h - 2 * top - used) / 2;
    Map<String, Double> ys = new HashMap<>();
    for (String k : keys) {
      ys.put(k, y);
      y += values.get(k) * scale + gap;
    }
    return ys;
  }

  // ---- red packets --------------------------------------------------------------------------

  /** Per campaign: the last 7 days' red packets, the flagged part in red. */
  static String redPackets(List<RedPacketRisk> campaigns, Messages m) {
    return redPackets(campaigns, m, Frame.WIDE);
  }

  /** On a narrow frame the campaign's name and money sit on a line above its bar. */
  static String redPackets(List<RedPacketRisk> campaigns, Messages m, Frame f) {
    boolean narrow = f.narrow();
    int label = narrow ? 0 : 150;
    int right = narrow ? 0 : 230;
    int above = narrow ? 18 : 0;
    int row = 30 + above;
    java.util.function.Function<String, String> legendName =
        k -> m.get(k.equals("flagged") ? "redpacket.legendFlagged" : "redpacket.legendClean");
    int legend = narrow ? legendHeight(List.of("flagged", "clean"), legendName, f) : 26;
    int h = legend + campaigns.size() * row;
    double max = campaigns.stream().mapToDouble(RedPacketRisk::rewardAmount7d).max().orElse(0);
    double scale = max == 0 ? 0 : (f.width() - label - right) / max;
    Svg svg = new Svg(f, h, m.get("redpacket.section"));
    legend(
        svg,
        List.of("flagged", "clean"),
        legendName,
        k -> k.equals("flagged") ? RISK : CLEAN,
        label,
        f);
    double y = legend;
    for (RedPacketRisk c : campaigns) {
      Double share = c.flaggedShare7d();
      String money =
          m.money(c.flaggedAmount7d())
              + " / "
              + m.money(c.rewardAmount7d())
              + (share == null ? "" : "  (" + m.pct(share) + ")");
      String moneyColour = share != null && share > 0 ? RISK : MUTED;
      if (narrow) {
        svg.text(0, y + 13, c.name(), 12, INK, "start", true);
        svg.text(f.width(), y + 13, money, 12, moneyColour, "end", true);
        y += above;
      } else {
        svg.text(label - 10, y + 15, c.name(), 12, INK, "end", true);
      }
      double flagged = c.flaggedAmount7d() * scale;
      double clean = (c.rewardAmount7d() - c.flaggedAmount7d()) * scale;
      svg.rect(label, y + 4, Math.max(flagged, c.flaggedAmount7d() > 0 ? 1 : 0), 16, RISK, 0);
      svg.rect(label + flagged, y + 4, clean, 16, CLEAN, 0);
      if (!narrow) {
        svg.text(label + flagged + clean + 8, y + 16.5, money, 11.5, moneyColour, "start", true);
      }
      y += row - above;
    }
    return svg.toString();
  }

  // ---- shared -------------------------------------------------------------------------------

  /** Keys in a row; on a narrow frame a key that does not fit starts a new row. */
  private static void legend(
      Svg svg,
      List<String> keys,
      java.util.function.Function<String, String> name,
      java.util.function.Function<String, String> colourOf,
      double x0,
      Frame f) {
    double x = x0;
    double y = 0;
    for (String k : keys) {
      String label = name.apply(k);
      double w = 34 + textWidth(label, 12);
      if (f.narrow() && x > x0 && x + w - 17 > f.width()) {
        x = x0;
        y += LEGEND_ROW;
      }
      svg.rect(x, y + 5, 12, 12, colourOf.apply(k), 2);
      svg.text(x + 17, y + 15.5, label, 12, MUTED, "start", false);
      x += w;
    }
  }

  private static final int LEGEND_ROW = 20;

  /** Height of a narrow legend (its rows) plus the gap under it. */
  private static int legendHeight(
      List<String> keys, java.util.function.Function<String, String> name, Frame f) {
    int rows = 1;
    double x = 0;
    for (String k : keys) {
      double w = 34 + textWidth(name.apply(k), 12);
      if (x > 0 && x + w - 17 > f.width()) {
        rows++;
        x = 0;
      }
      x += w;
    }
    return rows * LEGEND_ROW + 6;
  }

  /** Approximate width of a label: CJK characters are square, Latin ones about half as wide. */
  static double textWidth(String text, double size) {
    return text.codePoints().mapToDouble(cp -> cp >= 0x2E80 ? size : size * 0.55).sum();
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0 || Double.isNaN(raw)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double f : new double[] {1, 2, 2.5, 5, 10}) {
      if (f * p >= raw) {
        return f * p;
      }
    }
    return 10 * p;
  }

  /** A tiny SVG writer: numbers with one decimal, every text escaped. */
  static final class Svg {
    private final StringBuilder b = new StringBuilder();
    private final double minFont;

    Svg(int w, int h, String title) {
      this(new Frame(w, false), h, title);
    }

    /**
     * Texts are never smaller than {@link #MIN_FONT} units; the stylesheet shows a frame only where
     * a unit is at least a CSS pixel.
     */
    Svg(Frame f, int h, String title) {
      this.minFont = MIN_FONT;
      int w = f.width();
      b.append(
              String.format(
                  Locale.ROOT,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\""
                      + " role=\"img\" aria-label=\"",
                  w,
                  h))
          .append(Html.text(title))
          .append("\">");
    }

    void rect(double x, double y, double w, double h, String fill, double r) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%.1f\" fill=\"%s\"/>",
              x,
              y,
              Math.max(w, 0),
              Math.max(h, 0),
              r,
              fill));
    }

    void line(double x1, double y1, double x2, double y2, String stroke, double w, String dash) {
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"%.1f\"%s/>",
              x1,
              y1,
              x2,
              y2,
              stroke,
              w,
              dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    void circle(double x, double y, double r, String fill, String stroke) {
      b.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\""
                  + " stroke-width=\"1.5\"/>",
              x,
              y,
              r,
              fill,
              stroke));
    }

    void path(String d, String fill, double opacity) {
      b.append(
          String.format(
              Locale.ROOT, "<path d=\"%s\" fill=\"%s\" fill-opacity=\"%.2f\"/>", d, fill, opacity));
    }

    void text(
        double x, double y, String text, double size, String fill, String anchor, boolean bold) {
      b.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" fill=\"%s\""
                      + " text-anchor=\"%s\"%s>",
                  x,
                  y,
                  Math.max(size, minFont),
                  fill,
                  anchor,
                  bold ? " font-weight=\"600\"" : ""))
          .append(Html.text(text))
          .append("</text>");
    }

    @Override
    public String toString() {
      return b + "</svg>";
    }
  }
}
