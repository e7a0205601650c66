package io.omnitouch.report;

import io.omnitouch.report.ReportModel.CampaignUplift;
import io.omnitouch.report.ReportModel.CaseRow;
import io.omnitouch.report.ReportModel.ChannelShare;
import io.omnitouch.report.ReportModel.ConversionSeries;
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
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: inline CSS, inline SVG charts, no
 * scripts, no external fonts, images or links, a Content-Security-Policy that forbids anything
 * else, and an A4 print layout. It reads on a phone: below 1000 px the charts switch to their
 * narrow variants ({@link Charts#responsive}), every table scrolls inside its own {@code .scroll}
 * box (and any section scrolls inside its card rather than the page), no text is under 12 px. A new
 * section inherits this by using {@link #open}/{@link #close}, tables wrapped in {@code <div
 * class="scroll">} and charts drawn for both frames. Every text goes through {@link
 * Html#text(String)}. Deterministic: the same model and language give the same bytes.
 */
public final class HtmlRenderer {
  /** The page's Content-Security-Policy: no scripts, no fetches; inline styles and data: images. */
  public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

  static final String CSS =
      """
      @page { size: A4; margin: 12mm; }
      * { box-sizing: border-box; }
      html { -webkit-text-size-adjust: 100%; }
      body { margin: 0; background: #f3f5f8; color: #1d2733; font-size: 14px; line-height: 1.5;
        font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei",
        "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif;
        -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .page { max-width: 1000px; margin: 0 auto; padding: 24px; }
      .masthead { background: linear-gradient(120deg, #16324f 0%, #1f6f8b 100%); color: #fff;
        border-radius: 12px; padding: 22px 26px; display: flex; justify-content: space-between;
        align-items: flex-end; gap: 16px; }
      .masthead h1 { margin: 0; font-size: 26px; letter-spacing: .02em; }
      .masthead .sub { opacity: .8; font-size: 13px; margin-top: 2px; }
      .masthead .date { text-align: right; }
      .masthead .date b { display: block; font-size: 20px; }
      .masthead .date span { opacity: .8; font-size: 12px; }
      .card { background: #fff; border-radius: 12px; padding: 18px 22px; margin-top: 16px;
        box-shadow: 0 1px 3px rgba(16, 24, 40, .08); break-inside: avoid; page-break-inside: avoid; }
      h2 { font-size: 16px; margin: 0 0 2px; color: #16324f; }
      h3 { font-size: 13px; margin: 14px 0 6px; color: #16324f; }
      .note { color: #66758a; font-size: 12px; margin: 0 0 12px; }
      .src { color: #98a2b3; font-size: 12px; margin: 10px 0 0; }
      .empty { color: #98a2b3; padding: 10px 0 4px; margin: 0; }
      .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 14px; }
      .tile { border: 1px solid #e6eaf0; border-radius: 10px; padding: 12px 14px; }
      .tile .label { color: #66758a; font-size: 12px; }
      .tile .value { font-size: 26px; font-weight: 700; color: #16324f; line-height: 1.25;
        font-variant-numeric: tabular-nums; white-space: nowrap; }
      .tile .delta { font-size: 12px; display: flex; justify-content: space-between; gap: 6px; }
      .tile .delta span:first-child { color: #98a2b3; }
      .up { color: #1a7f4b; } .down { color: #c0392b; } .flat { color: #66758a; }
      table { width: 100%; border-collapse: collapse; font-size: 12.5px;
        font-variant-numeric: tabular-nums; }
      th { text-align: left; color: #66758a; font-weight: 600; border-bottom: 1px solid #dfe4ea;
        padding: 6px 8px; white-space: nowrap; }
      td { border-bottom: 1px solid #f0f2f5; padding: 6px 8px; vertical-align: top;
        overflow-wrap: anywhere; }
      th.num, td.num { text-align: right; white-space: nowrap; }
      td.name { min-width: 9em; }
      tr:last-child td { border-bottom: 0; }
      .two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
      .two > div { min-width: 0; }
      .sentences { margin: 12px 0 0; padding: 0; list-style: none; }
      .sentences li { padding: 8px 12px; border-left: 4px solid #8d99ae; background: #f7f9fb;
        border-radius: 0 8px 8px 0; margin-bottom: 8px; }
      .sentences li.sig-up { border-color: #1a7f4b; }
      .sentences li.sig-down { border-color: #c0392b; }
      .sentences .meta { color: #66758a; font-size: 12px; }
      .warn { color: #b26a00; font-size: 12px; }
      .progress-row { display: grid; grid-template-columns: 110px 1fr 340px; gap: 12px;
        align-items: center; margin: 8px 0; }
      .bar { background: #eef1f5; border-radius: 6px; height: 14px; overflow: hidden; }
      .bar > span { display: block; height: 100%; background: linear-gradient(90deg, #2a9d8f, #1f6f8b); }
      .stats { display: grid; grid-template-columns: repeat(2, 1fr); gap: 12px; margin-bottom: 8px; }
      .stat { border: 1px solid #e6eaf0; border-radius: 10px; padding: 10px 14px; }
      .stat b { font-size: 24px; color: #16324f; display: block; font-variant-numeric: tabular-nums; }
      .stat.alert b { color: #c0392b; }
      .stat span { color: #66758a; font-size: 12px; }
      .tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 8px;
        background: #eef1f5; color: #445; }
      .tag.new { background: #fdecea; color: #c0392b; }
      .status-failed { color: #c0392b; font-weight: 600; }
      footer { color: #98a2b3; font-size: 12px; text-align: center; margin: 18px 0 6px; }
      svg { display: block; font-family: inherit; }
      .card { min-width: 0; overflow-x: auto; overflow-wrap: break-word; }
      .scroll { overflow-x: auto; max-width: 100%; }
      .scroll table { min-width: 100%; }
      .chart-narrow { display: none; }
      @media (max-width: 999px) { .chart-wide { display: none; }
        .chart-narrow { display: block; } .chart-narrow svg { max-width: 560px; } }
      .day-tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 8px;
        background: #fff4e0; color: #8a5300; white-space: nowrap; }
      @media (max-width: 720px) { .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); }
        .two { grid-template-columns: 1fr; } .progress-row { grid-template-columns: 1fr; } }
      @media (max-width: 600px) { body { font-size: 14px; } .page { padding: 10px; }
        .masthead { flex-direction: column; align-items: flex-start; padding: 16px 18px; }
        .masthead h1 { font-size: 21px; } .masthead .date { text-align: left; }
        .card { padding: 14px; margin-top: 12px; } .kpis { gap: 8px; }
        .tile { padding: 10px; } .tile .value { font-size: 20px; }
        .tile .delta { flex-wrap: wrap; } .stat b { font-size: 20px; } }
      @media print { body { background: #fff; } .page { padding: 0; max-width: none; }
        .card { box-shadow: none; border: 1px solid #e6eaf0; overflow: visible; }
        .chart-narrow { display: none; } .chart-wide { display: block; } }
      """;

  private final Messages m;
  private final StringBuilder b = new StringBuilder(64 * 1024);

  private HtmlRenderer(Messages m) {
    this.m = m;
  }

  public static String render(ReportModel model, Messages m) {
    return new HtmlRenderer(m).page(model);
  }

  private String page(ReportModel r) {
    b.append("<!DOCTYPE html>\n<html lang=\"").append(m.htmlLang()).append("\">\n<head>\n");
    b.append("<meta charset=\"utf-8\">\n");
    b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(Html.text(CSP))
        .append("\">\n");
    b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    b.append("<meta name=\"referrer\" content=\"no-referrer\">\n");
    b.append("<title>")
        .append(Html.text(m.get("title") + " · " + r.date()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<div class=\"page\">\n");
    masthead(r);
    kpis(r);
    b.append(TargetSection.render(r.targets(), m));
    b.append(MarginSection.render(r.margin(), m));
    b.append(CustomerSection.render(r.customers(), m));
    channelMix(r);
    conversion(r);
    topLists(r);
    uplift(r);
    b.append(UpliftWeeks.section(r.upliftWeeks(), m, UpliftWeeks.HolidayNamer.NONE));
    doubling(r);
    diversion(r);
    b.append(ChannelControlSection.render(r.channelControl(), m, r.date()));
    redPackets(r);
    dataQuality(r);
    b.append("<footer>").append(t(m.get("footer"))).append("</footer>\n");
    b.append("</div>\n</body>\n</html>\n");
    return b.toString();
  }

  // ---- sections -----------------------------------------------------------------------------

  private void masthead(ReportModel r) {
    b.append("<header class=\"masthead\"><div><h1>")
        .append(t(m.get("title")))
        .append("</h1><div class=\"sub\">")
        .append(t(m.get("subtitle")))
        .append("</div></div><div class=\"date\"><span>")
        .append(t(m.get("asOf")))
        .append("</span><b>")
        .append(t(m.date(r.date())))
        .append("</b>");
    dayTag(r.dayLabel(r.date()));
    b.append("</div></header>\n");
  }

  private void kpis(ReportModel r) {
    open("kpi", "kpi.section", null);
    Kpis k = r.kpis();
    if (k == null) {
      empty();
    } else {
      b.append("<div class=\"kpis\">");
      tile("revenue", "kpi.revenue", k.revenue(), m::moneyCompact);
      tile("orders", "kpi.orders", k.orders(), m::count);
      tile("buyers", "kpi.buyers", k.buyers(), m::count);
      tile("aov", "kpi.aov", k.averageOrderValue(), m::money2);
      b.append("</div>");
      comparedDays(r);
      b.append(PromoComparison.render(r.promo(), m));
      b.append("<h3>").append(t(m.get("kpi.trend"))).append("</h3>");
      b.append(
          Charts.responsive(
              Charts.revenueTrend(r.revenueTrend(), r.date(), ReportModelBuilder.TREND_DAYS, m),
              Charts.revenueTrend(
                  r.revenueTrend(),
                  r.date(),
                  ReportModelBuilder.TREND_DAYS,
                  m,
                  Charts.Frame.NARROW)));
    }
    close("sales_daily, attribution_orders (last_touch)");
  }

  /** The holiday or promo of a day the tiles compare with, beside that comparison's name. */
  private void comparedDays(ReportModel r) {
    String previous = r.dayLabel(r.date().minusDays(1));
    String lastWeek = r.dayLabel(r.date().minusDays(ReportModelBuilder.WEEK_DAYS));
    if (previous == null && lastWeek == null) {
      return;
    }
    b.append("<p class=\"note\" id=\"compared-days\">");
    if (previous != null) {
      b.append(t(m.get("kpi.vsPrev"))).append(" ");
      b.append(t(r.date().minusDays(1).toString())).append(" ");
      dayTag(previous);
      b.append(" ");
    }
    if (lastWeek != null) {
      b.append(t(m.get("kpi.vsWeek"))).append(" ");
      b.append(t(r.date().minusDays(ReportModelBuilder.WEEK_DAYS).toString())).append(" ");
      dayTag(lastWeek);
    }
    b.append("</p>");
  }

  private void dayTag(String label) {
    if (label != null) {
      b.append(" <span class=\"day-tag\">").append(t(label)).append("</span>");
    }
  }

  private void tile(String id, String labelKey, Metric metric, DoubleFunction<String> format) {
    Tiles.metric(b, m, "kpi-" + id, m.get(labelKey), metric, format, true);
  }

  private void channelMix(ReportModel r) {
    open("channel-mix", "mix.section", "mix.note");
    List<ChannelShare> mix = r.channelMix();
    if (mix.isEmpty()) {
      empty();
    } else {
      b.append(
          Charts.responsive(
              Charts.channelMix(mix, m), Charts.channelMix(mix, m, Charts.Frame.NARROW)));
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("mix.channel", false);
      for (String model : List.of("last_touch", "markov", "shapley")) {
        b.append("<th class=\"num\">").append(t(m.get("model." + model))).append("</th>");
      }
      b.append("</tr></thead><tbody>");
      for (ChannelShare c : mix) {
        b.append("<tr><td>").append(t(m.label("channel", c.channel()))).append("</td>");
        num(m.money(c.lastTouchRevenue()) + " · " + m.pct(c.lastTouchShare()));
        num(m.money(c.markovRevenue()) + " · " + m.pct(c.markovShare()));
        num(m.money(c.shapleyRevenue()) + " · " + m.pct(c.shapleyShare()));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    close("attribution_channel_daily");
  }

  private void conversion(ReportModel r) {
    open("conversion", "conv.section", "conv.note");
    List<ConversionSeries> series = r.conversion();
    if (series.isEmpty()) {
      empty();
    } else {
      b.append(
          Charts.responsive(
              Charts.conversion(series, r.date(), ReportModelBuilder.TREND_DAYS, m),
              Charts.conversion(
                  series, r.date(), ReportModelBuilder.TREND_DAYS, m, Charts.Frame.NARROW)));
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("mix.channel", false);
      th("conv.reached", true);
      th("conv.converted", true);
      th("conv.rate", true);
      b.append("</tr></thead><tbody>");
      for (ConversionSeries s : series) {
        b.append("<tr><td>").append(t(m.label("channel", s.channel()))).append("</td>");
        num(m.count(s.reachedUsers()));
        num(m.count(s.convertedUsers()));
        num(s.maturedRate() == null ? "—" : m.pct(s.maturedRate()));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    close("conversion_daily (store_id = ALL)");
  }

  private void topLists(ReportModel r) {
    open("top", "top.section", null);
    b.append("<div class=\"two\"><div>");
    b.append("<h3>").append(t(m.get("top.guides"))).append("</h3>");
    if (r.topGuides().isEmpty()) {
      empty();
    } else {
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("top.guide", false);
      th("top.store", false);
      th("top.revenueLast", true);
      th("top.added", true);
      b.append("</tr></thead><tbody>");
      for (GuideRow g : r.topGuides()) {
        b.append("<tr><td>").append(t(g.guideName())).append("</td><td>");
        b.append(t(g.storeName())).append("</td>");
        num(m.money(g.revenueLastTouch()));
        num(m.count(g.customersAdded()));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div><div>");
    b.append("<h3>").append(t(m.get("top.groups"))).append("</h3>");
    if (r.topGroups().isEmpty()) {
      empty();
    } else {
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("top.group", false);
      th("top.revenueLast", true);
      th("top.members", true);
      th("top.joins", true);
      th("top.groupBuys", true);
      b.append("</tr></thead><tbody>");
      for (GroupRow g : r.topGroups()) {
        b.append("<tr><td>").append(t(g.groupName())).append("</td>");
        num(m.money(g.revenueLastTouch()));
        num(m.count(g.members()));
        num(m.count(g.joins()));
        num(m.count(g.groupBuysCompleted()));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div></div>");
    close("guide_performance_daily, group_performance_daily");
  }

  private void uplift(ReportModel r) {
    open("uplift", "uplift.section", "uplift.note");
    List<ProgramUplift> programs = r.programs();
    if (programs.isEmpty()) {
      empty();
    } else {
      if (programs.stream().anyMatch(p -> p.upliftPct() != null && p.ciLow() != null)) {
        b.append(
            Charts.responsive(
                Charts.upliftIntervals(programs, m),
                Charts.upliftIntervals(programs, m, Charts.Frame.NARROW)));
      }
      b.append("<ul class=\"sentences\">");
      for (ProgramUplift p : programs) {
        String cls = !p.significant() ? "unsure" : p.upliftPct() >= 0 ? "sig-up" : "sig-down";
        b.append("<li class=\"").append(cls).append("\"><div>");
        b.append(t(m.upliftSentence(p))).append("</div><div class=\"meta\">");
        b.append(t(m.get("uplift.stores"))).append(": ");
        b.append(t(p.treatedStores() + " / " + p.controlStores()));
        if (p.incrementalRevenue() != null) {
          b.append(" · ").append(t(m.get("uplift.incremental"))).append(": ");
          b.append(t(m.money(p.incrementalRevenue())));
        }
        if (p.pValue() != null) {
          b.append(" · p = ").append(t(Messages.fixed(p.pValue(), 3)));
        }
        b.append("</div>");
        for (String w : p.warnings()) {
          b.append("<div class=\"warn\">⚠ ").append(t(m.warning(w))).append("</div>");
        }
        b.append("</li>");
      }
      b.append("</ul>");
    }
    List<CampaignUplift> campaigns = r.campaigns();
    if (!campaigns.isEmpty()) {
      b.append("<h3>").append(t(m.get("campaign.section"))).append("</h3>");
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("campaign.name", false);
      th("campaign.lift", true);
      th("campaign.ci", true);
      th("campaign.incremental", true);
      th("campaign.roi", true);
      b.append("</tr></thead><tbody>");
      for (CampaignUplift c : campaigns) {
        b.append("<tr><td>").append(t(c.name()));
        if (!c.complete()) {
          b.append(" <span class=\"tag\">").append(t(m.get("campaign.running"))).append("</span>");
        }
        b.append("</td>");
        num(Messages.signed(c.conversionLiftAbs() * 100, 2, true));
        num(
            c.liftCiLow() == null || c.liftCiHigh() == null
                ? "—"
                : Messages.signed(c.liftCiLow() * 100, 2, false)
                    + " – "
                    + Messages.signed(c.liftCiHigh() * 100, 2, false));
        num(c.incrementalRevenue() == null ? "—" : m.money(c.incrementalRevenue()));
        num(c.roi() == null ? "—" : Messages.signed(c.roi(), 2, false));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    close("uplift_program (cohort_start IS NULL), uplift_campaign");
  }

  private void doubling(ReportModel r) {
    open("doubling", "doubling.section", "doubling.note");
    if (r.doubling().isEmpty()) {
      empty();
    } else {
      for (DoublingProgress p : r.doubling()) {
        double share = p.stores() == 0 ? 0 : (double) p.doubled() / p.stores();
        b.append("<div class=\"progress-row\"><b>")
            .append(t(m.label("program", p.program())))
            .append("</b><div class=\"bar\"><span style=\"width:")
            .append(Messages.fixed(share * 100, 1))
            .append("%\"></span></div><div>")
            .append(t(m.get("doubling.progress", p.doubled(), p.stores())))
            .append(" · ")
            .append(t(m.pct(share)));
        if (p.medianMultiple() != null) {
          b.append(" <span class=\"flat\">(")
              .append(t(m.get("doubling.median") + " " + m.multiple(p.medianMultiple())))
              .append(")</span>");
        }
        b.append("</div></div>");
      }
      if (!r.topDoublers().isEmpty()) {
        b.append("<h3>").append(t(m.get("doubling.top"))).append("</h3>");
        b.append("<div class=\"scroll\"><table><thead><tr>");
        th("doubling.store", false);
        th("doubling.program", false);
        th("doubling.multiple", true);
        th("doubling.baseline", true);
        b.append("</tr></thead><tbody>");
        for (StoreMultiple s : r.topDoublers()) {
          b.append("<tr><td>").append(t(s.storeName())).append("</td><td>");
          b.append(t(m.label("program", s.program()))).append("</td>");
          num(m.multiple(s.multiple()));
          num(m.money(s.baseline()));
          b.append("</tr>");
        }
        b.append("</tbody></table></div>");
      }
    }
    close("store_doubling_daily");
  }

  private void diversion(ReportModel r) {
    open("diversion", "diversion.section", null);
    Diversion d = r.diversion();
    boolean any =
        d.confirmedLast7Days() > 0 || !d.worstDistributors().isEmpty() || !d.flows().isEmpty();
    if (!any) {
      empty();
      close("diversion_cases, distributor_scorecard, diversion_flows_weekly");
      return;
    }
    b.append("<div class=\"stats\">");
    stat("diversion-new", d.newConfirmedCases(), "diversion.new", d.newConfirmedCases() > 0);
    stat("diversion-week", d.confirmedLast7Days(), "diversion.week", false);
    b.append("</div>");
    b.append("<h3>").append(t(m.get("diversion.flows", d.flowsFrom()))).append("</h3>");
    List<Flow> cross = d.flows().stream().filter(f -> !f.withinProvince()).toList();
    if (cross.isEmpty()) {
      b.append("<p class=\"empty\">").append(t(m.get("diversion.noFlows"))).append("</p>");
    } else {
      b.append(
          Charts.responsive(
              Charts.provinceFlows(d.flows(), m),
              Charts.provinceFlows(d.flows(), m, Charts.Frame.NARROW)));
    }
    long within = d.flows().stream().filter(Flow::withinProvince).mapToLong(Flow::codes).sum();
    if (within > 0) {
      b.append("<p class=\"note\">")
          .append(t(m.get("diversion.withinProvince", m.count(within))))
          .append("</p>");
    }
    b.append("<div class=\"two\"><div>");
    b.append("<h3>").append(t(m.get("diversion.worst"))).append("</h3>");
    if (d.worstDistributors().isEmpty()) {
      empty();
    } else {
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("diversion.distributor", false);
      th("diversion.diverted", true);
      th("diversion.rate", true);
      th("diversion.cases", true);
      b.append("</tr></thead><tbody>");
      for (DistributorRow x : d.worstDistributors()) {
        b.append("<tr><td>").append(t(x.distributorName())).append("</td>");
        num(m.count(x.divertedCodes()));
        num(x.diversionRate() == null ? "—" : m.pct(x.diversionRate()));
        num(m.count(x.confirmedCases()));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div><div>");
    b.append("<h3>").append(t(m.get("diversion.recent"))).append("</h3>");
    if (d.recentCases().isEmpty()) {
      empty();
    } else {
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("diversion.distributor", false);
      th("diversion.city", false);
      th("diversion.sku", false);
      th("diversion.codes", true);
      th("diversion.confirmedOn", true);
      b.append("</tr></thead><tbody>");
      for (CaseRow c : d.recentCases()) {
        b.append("<tr><td>").append(t(c.distributorName())).append("</td><td>");
        b.append(t(c.cityName())).append("</td><td>").append(t(c.sku())).append("</td>");
        num(m.count(c.codes()));
        b.append("<td class=\"num\">");
        if (c.confirmedOn().equals(r.date())) {
          b.append("<span class=\"tag new\">")
              .append(t(c.confirmedOn().toString()))
              .append("</span>");
        } else {
          b.append(t(c.confirmedOn().toString()));
        }
        b.append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div></div>");
    close("diversion_cases, distributor_scorecard, diversion_flows_weekly");
  }

  private void stat(String id, long value, String labelKey, boolean alert) {
    b.append("<div class=\"stat").append(alert ? " alert" : "").append("\" id=\"").append(id);
    b.append("\"><b>").append(t(m.count(value))).append("</b><span>");
    b.append(t(m.get(labelKey))).append("</span></div>");
  }

  private void redPackets(ReportModel r) {
    open("red-packets", "redpacket.section", "redpacket.note");
    List<RedPacketRisk> risks = r.redPackets();
    if (risks.isEmpty()) {
      empty();
    } else {
      b.append(
          Charts.responsive(
              Charts.redPackets(risks, m), Charts.redPackets(risks, m, Charts.Frame.NARROW)));
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("redpacket.campaign", false);
      th("redpacket.paid", true);
      th("redpacket.flagged", true);
      th("redpacket.share", true);
      th("redpacket.paid7", true);
      th("redpacket.flagged7", true);
      b.append("</tr></thead><tbody>");
      for (RedPacketRisk x : risks) {
        b.append("<tr><td>").append(t(x.name())).append("</td>");
        num(m.money2(x.rewardAmount()));
        num(m.money2(x.flaggedAmount()));
        num(x.flaggedShare() == null ? "—" : m.pct(x.flaggedShare()));
        num(m.money2(x.rewardAmount7d()));
        num(m.money2(x.flaggedAmount7d()));
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    close("campaign_fraud_daily");
  }

  private void dataQuality(ReportModel r) {
    open("data-quality", "dq.section", "dq.note");
    List<SourceQuality> rows = r.dataQuality();
    if (rows.isEmpty()) {
      empty();
    } else {
      b.append("<div class=\"scroll\"><table><thead><tr>");
      th("dq.source", false);
      th("dq.rowsIn", true);
      th("dq.loaded", true);
      th("dq.rejected", true);
      th("dq.share", true);
      th("dq.quarantined", true);
      th("dq.reason", false);
      b.append("</tr></thead><tbody>");
      for (SourceQuality q : rows) {
        b.append("<tr><td>").append(t(m.label("source", q.source())));
        if (q.status() != null && !"ok".equals(q.status())) {
          b.append(" <span class=\"status-failed\">").append(t(q.status())).append("</span>");
        }
        b.append("</td>");
        num(q.rowsIn() == null ? "—" : m.count(q.rowsIn()));
        num(q.rowsLoaded() == null ? "—" : m.count(q.rowsLoaded()));
        num(q.rowsRejected() == null ? "—" : m.count(q.rowsRejected()));
        num(q.rejectedShare() == null ? "—" : m.pct2(q.rejectedShare()));
        num(m.count(q.quarantined()));
        b.append("<td>").append(t(q.topReason() == null ? "" : q.topReason())).append("</td>");
        b.append("</tr>");
      }
      b.append("</tbody></table></div>");
    }
    if (!r.completeness().isEmpty()) {
      b.append("<h3>").append(t(m.get("dq.completeness"))).append("</h3>");
      b.append("<ul class=\"sentences\" id=\"completeness\">");
      for (ReportModel.CompletenessNote n : r.completeness()) {
        b.append("<li class=\"").append("failed".equals(n.status()) ? "sig-down" : "unsure");
        b.append("\"><b>").append(t(m.label("source", n.source()))).append("</b> ");
        b.append("<span class=\"warn\">").append(t(n.status())).append("</span>");
        b.append("<div class=\"meta\">").append(t(n.message())).append("</div></li>");
      }
      b.append("</ul>");
    }
    close("run_metrics (ingest and completeness stages), quarantine");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void open(String id, String titleKey, String noteKey) {
    Cards.open(b, id, m.get(titleKey), noteKey == null ? null : m.get(noteKey));
  }

  private void close(String sources) {
    Cards.close(b, m, sources);
  }

  private void empty() {
    b.append("<p class=\"empty\">").append(t(m.get("noData"))).append("</p>");
  }

  private void th(String key, boolean numeric) {
    b.append(numeric ? "<th class=\"num\">" : "<th>").append(t(m.get(key))).append("</th>");
  }

  private void num(String text) {
    b.append("<td class=\"num\">").append(t(text)).append("</td>");
  }

  private static String t(String s) {
    return Html.text(s);
  }
}
