package io.omnitouch.report;

import io.omnitouch.report.ReportModel.Metric;
import java.util.function.DoubleFunction;

/**
 * The figure tile of every card (the page's {@code .tile} classes): a label, the value, and lines
 * under it ("vs the day before ▲ 3.2%") coloured by whether the move is good. One place, so the
 * KPI, customer, margin and target cards read, and shrink on a phone, alike.
 */
final class Tiles {
  private Tiles() {}

  /** A line under the value: its label, its text ({@code null} shows "—") and its colour class. */
  record Line(String label, String text, String cls) {
    /** A move coloured up (good) or down (bad) by its sign; flat when it rounds to 0. */
    static Line move(String label, String text, Double change, boolean upIsGood) {
      if (text == null || change == null) {
        return new Line(label, null, "flat");
      }
      boolean flat = Math.round(change * 1000) == 0;
      return new Line(label, text, flat ? "flat" : (change > 0) == upIsGood ? "up" : "down");
    }

    /** A plain figure beside the value (a target's time share, a daily average). */
    static Line plain(String label, String text) {
      return new Line(label, text, "flat");
    }
  }

  /** A metric's tile with its relative changes against the day before and 7 days before. */
  static void metric(
      StringBuilder b,
      Messages m,
      String id,
      String label,
      Metric metric,
      DoubleFunction<String> format,
      boolean upIsGood) {
    Double vsPrev = metric.vsPreviousDay();
    Double vsWeek = metric.vsLastWeek();
    tile(
        b,
        id,
        label,
        metric.value() == null ? null : format.apply(metric.value()),
        Line.move(m.get("kpi.vsPrev"), vsPrev == null ? null : m.change(vsPrev), vsPrev, upIsGood),
        Line.move(m.get("kpi.vsWeek"), vsWeek == null ? null : m.change(vsWeek), vsWeek, upIsGood));
  }

  /** A tile; a {@code null} value shows "—". Label, value and lines are escaped here. */
  static void tile(StringBuilder b, String id, String label, String value, Line... lines) {
    b.append("<div class=\"tile\" id=\"").append(Html.text(id)).append("\"><div class=\"label\">");
    b.append(Html.text(label)).append("</div><div class=\"value\">");
    b.append(value == null ? "—" : Html.text(value)).append("</div>");
    for (Line l : lines) {
      b.append("<div class=\"delta\"><span>").append(Html.text(l.label())).append("</span>");
      b.append("<span class=\"").append(l.cls()).append("\">");
      b.append(l.text() == null ? "—" : Html.text(l.text())).append("</span></div>");
    }
    b.append("</div>");
  }
}
