package io.omnitouch.report;

import io.omnitouch.report.ReportModel.ProgramUplift;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/**
 * The report's words and number formats in one language: a small message table (zh, the default,
 * and en) plus the sentences built from numbers. Returned strings are plain text; the renderer
 * escapes them like any other text.
 */
public final class Messages {
  /** The report's languages. */
  public enum Lang {
    zh,
    en
  }

  /** The minus sign used in displayed numbers (U+2212, not a hyphen). */
  static final String MINUS = "\u2212";

  static final String RANGE = "\u2013";
  static final double WAN = 1e4;
  static final double YI = 1e8;
  static final double THOUSAND = 1e3;
  static final double MILLION = 1e6;

  private static final Map<String, String> ZH =
      Map.ofEntries(
          Map.entry("title", "全域经营日报"),
          Map.entry("subtitle", "智慧零售 · 每日经营简报"),
          Map.entry("asOf", "业务日期"),
          Map.entry("noData", "本节暂无数据"),
          Map.entry("customers.section", "用户资产"),
          Map.entry(
              "customers.note",
              "购买用户按身份拆分:新客 = 过去 365 天无支付订单;回流 = 老客且已 90 天以上未购买;流失 = 近 365" + " 天买过但近 90 天未买"),
          Map.entry("customers.buyers", "购买用户"),
          Map.entry("customers.new", "新客"),
          Map.entry("customers.returning", "老客"),
          Map.entry("customers.reactivated", "回流"),
          Map.entry("customers.active", "近 365 天活跃用户"),
          Map.entry("customers.churned", "流失用户"),
          Map.entry("customers.repurchase", "{0} 新客 30 天复购率 {1}({2} / {3})"),
          Map.entry("customers.noCohort", "尚无满 30 天的新客批次"),
          Map.entry("customers.history", "仓库仅有 {0} 天订单历史,新客可能偏多(满 365 天后准确)"),
          Map.entry("customers.rfm", "RFM 分层"),
          Map.entry("customers.segment", "分层"),
          Map.entry("customers.segmentBuyers", "用户数"),
          Map.entry("customers.segmentRevenue", "近 365 天支付金额"),
          Map.entry("customers.segmentShare", "金额占比"),
          Map.entry("customers.segment.champion", "高价值"),
          Map.entry("customers.segment.new", "新客"),
          Map.entry("customers.segment.active", "活跃"),
          Map.entry("customers.segment.lapsing", "流失预警"),
          Map.entry("customers.segment.lapsed", "已流失"),
          Map.entry("targets.section", "月度目标进度"),
          Map.entry(
              "targets.note", "{0} 已过 {1} / {2} 天(时间进度 {3}),当日之后还剩 {4} 天;剩余日均需 =(目标 − 本月累计)÷ 剩余天数"),
          Map.entry("targets.noFile", "未提供月度目标(targets.csv)"),
          Map.entry("targets.noMonth", "targets.csv 中没有 {0} 的目标"),
          Map.entry("targets.noBrand", "本月没有品牌整体目标(store_id 为空的行)"),
          Map.entry("targets.mtd", "本月累计支付金额"),
          Map.entry("targets.mtdShort", "本月累计"),
          Map.entry("targets.target", "月目标"),
          Map.entry("targets.achieved", "达成率"),
          Map.entry("targets.timeShare", "时间进度"),
          Map.entry("targets.needed", "剩余日均需"),
          Map.entry("targets.average", "本月日均"),
          Map.entry("targets.closed", "今天是本月最后一天,不再计算剩余日均"),
          Map.entry("targets.behind", "落后时间进度最多的门店"),
          Map.entry("targets.onPace", "有目标的门店中 {0} / {1} 家达到时间进度"),
          Map.entry("targets.store", "门店"),
          Map.entry("margin.section", "退款与毛利"),
          Map.entry(
              "margin.note",
              "退款 = 当日订单中最新状态为已退款的行;退款率 = 退款 ÷(支付金额 + 退款);毛利 = 支付金额 − 件数 × 单位成本,毛利率按有成本的支付金额计算"),
          Map.entry("margin.refunds", "退款金额"),
          Map.entry("margin.refundRate", "退款率"),
          Map.entry("margin.grossMargin", "毛利"),
          Map.entry("margin.marginRate", "毛利率"),
          Map.entry("margin.points", "个百分点"),
          Map.entry("margin.uncosted", "{0} 的支付金额所属商品没有单位成本,未计入毛利"),
          Map.entry("control.section", "渠道管控(优码)"),
          Map.entry("control.scanRates", "批次扫码率"),
          Map.entry("control.scanNote", "按商品 × 批次 × 经销商统计;出货少于 {0} 码的批次不参与排名(本期 {1} 个)。"),
          Map.entry("control.snapshot", "快照日期 {0}。"),
          Map.entry("control.lowest", "扫码率最低"),
          Map.entry("control.highest", "扫码率最高"),
          Map.entry("control.batch", "商品 · 批次"),
          Map.entry("control.noBatch", "无批次"),
          Map.entry("control.distributor", "经销商"),
          Map.entry("control.shipped", "出货码数"),
          Map.entry("control.scanned", "已扫码"),
          Map.entry("control.rate", "扫码率"),
          Map.entry("control.prices", "乱价最严重的城市(当日)"),
          Map.entry("control.priceNote", "低于价格底线(默认标价的 80%,可配置)成交的件数占比,只计有标价的商品"),
          Map.entry("control.noPrices", "当日没有低于价格底线的成交"),
          Map.entry("control.city", "城市"),
          Map.entry("control.belowUnits", "低于底线件数"),
          Map.entry("control.units", "总件数"),
          Map.entry("control.belowShare", "低于底线占比"),
          Map.entry("promo.line", "{0} 同比:今日支付金额 {1},去年同一促销日 {2}({3})为 {4},{5}"),
          Map.entry("source", "数据来源"),
          Map.entry("kpi.section", "核心指标"),
          Map.entry("kpi.revenue", "支付金额"),
          Map.entry("kpi.orders", "支付订单"),
          Map.entry("kpi.buyers", "购买用户"),
          Map.entry("kpi.aov", "客单价"),
          Map.entry("kpi.vsPrev", "较前一日"),
          Map.entry("kpi.vsWeek", "较上周同日"),
          Map.entry("kpi.trend", "近 14 天支付金额"),
          Map.entry("kpi.noComparison", "无可比数据"),
          Map.entry("mix.section", "渠道贡献:末次触点 vs 数据驱动归因"),
          Map.entry("mix.note", "当日支付金额按渠道的归因份额;马尔可夫与夏普利为数据驱动模型"),
          Map.entry("mix.channel", "渠道"),
          Map.entry("model.last_touch", "末次触点"),
          Map.entry("model.markov", "马尔可夫"),
          Map.entry("model.shapley", "夏普利"),
          Map.entry("conv.section", "渠道转化率(近 14 天)"),
          Map.entry("conv.note", "触达用户 7 天内支付的比例;虚线为尚未满 7 天、仍在变化的批次"),
          Map.entry("conv.reached", "触达用户"),
          Map.entry("conv.converted", "转化用户"),
          Map.entry("conv.rate", "已成熟批次转化率"),
          Map.entry("top.section", "导购与社群排行(近 7 天)"),
          Map.entry("top.guides", "导购 Top 5"),
          Map.entry("top.groups", "社群 Top 5"),
          Map.entry("top.guide", "导购"),
          Map.entry("top.group", "社群"),
          Map.entry("top.store", "门店"),
          Map.entry("top.revenueLast", "末次触点业绩"),
          Map.entry("top.revenueLinear", "线性归因业绩"),
          Map.entry("top.added", "新加好友"),
          Map.entry("top.members", "成员"),
          Map.entry("top.joins", "新入群"),
          Map.entry("top.groupBuys", "成团"),
          Map.entry("uplift.section", "项目增量(双重差分)"),
          Map.entry("uplift.note", "门店日销提升百分比及 95% 置信区间;区间跨过 0 表示尚不能确定有效果"),
          Map.entry("uplift.incremental", "增量销售额"),
          Map.entry("uplift.stores", "试点 / 对照门店"),
          Map.entry("campaign.section", "活动随机对照实验"),
          Map.entry("campaign.name", "活动"),
          Map.entry("campaign.lift", "转化率提升(百分点)"),
          Map.entry("campaign.ci", "95% 置信区间"),
          Map.entry("campaign.incremental", "增量销售额"),
          Map.entry("campaign.roi", "ROI"),
          Map.entry("campaign.running", "进行中"),
          Map.entry("doubling.section", "倍增进度"),
          Map.entry("doubling.note", "近 7 天日均销售额达到上线前 28 天日均 2 倍及以上的门店"),
          Map.entry("doubling.progress", "{0} / {1} 家门店已倍增"),
          Map.entry("doubling.median", "倍数中位数"),
          Map.entry("doubling.top", "倍数最高的门店"),
          Map.entry("doubling.store", "门店"),
          Map.entry("doubling.program", "项目"),
          Map.entry("doubling.multiple", "倍数"),
          Map.entry("doubling.baseline", "基线日销"),
          Map.entry("diversion.section", "串货监控"),
          Map.entry("diversion.new", "当日新确认案件"),
          Map.entry("diversion.week", "近 7 天确认案件"),
          Map.entry("diversion.worst", "串货最严重的经销商(累计)"),
          Map.entry("diversion.distributor", "经销商"),
          Map.entry("diversion.scanned", "消费者扫码码数"),
          Map.entry("diversion.diverted", "串货码数"),
          Map.entry("diversion.rate", "串货率"),
          Map.entry("diversion.cases", "确认案件"),
          Map.entry("diversion.flows", "跨省串货流向(近 4 周,自 {0} 起,按码数)"),
          Map.entry("diversion.recent", "近 7 天确认的案件"),
          Map.entry("diversion.sku", "商品"),
          Map.entry("diversion.city", "流入城市"),
          Map.entry("diversion.weekCol", "周"),
          Map.entry("diversion.confirmedOn", "确认日期"),
          Map.entry("diversion.codes", "码数"),
          Map.entry("diversion.scans", "扫码次数"),
          Map.entry("diversion.evidence", "证据"),
          Map.entry("diversion.evidence.channel", "渠道扫码"),
          Map.entry("diversion.evidence.consumer", "消费者扫码"),
          Map.entry("diversion.withinProvince", "省内跨区域串货 {0} 码(未在图中画出)"),
          Map.entry("diversion.noFlows", "近 4 周无跨省串货"),
          Map.entry("redpacket.section", "红包风险资金(羊毛党)"),
          Map.entry("redpacket.note", "被风控规则标记的扫码所领取的红包金额"),
          Map.entry("redpacket.campaign", "活动"),
          Map.entry("redpacket.paid", "当日发放"),
          Map.entry("redpacket.flagged", "当日风险金额"),
          Map.entry("redpacket.share", "风险占比"),
          Map.entry("redpacket.paid7", "近 7 天发放"),
          Map.entry("redpacket.flagged7", "近 7 天风险金额"),
          Map.entry("redpacket.legendFlagged", "风险金额"),
          Map.entry("redpacket.legendClean", "正常发放"),
          Map.entry("dq.section", "数据质量"),
          Map.entry("dq.note", "最近一次处理该日期的运行所读入的行数,以及文件日期为该日的隔离行"),
          Map.entry("dq.source", "数据源"),
          Map.entry("dq.rowsIn", "读入行数"),
          Map.entry("dq.loaded", "入库行数"),
          Map.entry("dq.rejected", "拒收行数"),
          Map.entry("dq.share", "拒收率"),
          Map.entry("dq.quarantined", "当日隔离行"),
          Map.entry("dq.reason", "主要原因"),
          Map.entry("dq.status", "状态"),
          Map.entry("dq.completeness", "完整性检查（含沉默门店）"),
          Map.entry("source.orders", "订单"),
          Map.entry("source.scans", "扫码"),
          Map.entry("source.guide_events", "导购事件"),
          Map.entry("source.group_events", "社群事件"),
          Map.entry("source.reference", "参考维表"),
          Map.entry("channel.scan", "扫码"),
          Map.entry("channel.guide", "导购"),
          Map.entry("channel.community", "社群"),
          Map.entry("channel.direct", "直接"),
          Map.entry("program.guide", "导购"),
          Map.entry("program.community", "社群"),
          Map.entry("program.mini_program", "小程序"),
          Map.entry("program.scan", "一物一码"),
          Map.entry("warning.few_controls", "对照门店不足 5 家"),
          Map.entry("warning.pre_trend", "上线前趋势不平行,估计可能有偏"),
          Map.entry("warning.short_pre_period", "上线前数据不足 28 天"),
          Map.entry("warning.small_cohort", "试点门店不足 5 家"),
          Map.entry("sentence.up", "{0}项目使门店日销提升 {1}%(95% 置信区间 {2}%–{3}%)"),
          Map.entry("sentence.down", "{0}项目使门店日销下降 {1}%(95% 置信区间 {2}%–{3}%)"),
          Map.entry("sentence.unsure", "{0}项目对门店日销的影响尚不确定:估计 {1}%,95% 置信区间 {2}%–{3}% 包含 0"),
          Map.entry("sentence.none", "{0}项目暂无法估计增量(数据不足)"),
          Map.entry("footer", "本报告的所有数字均来自 omnitouch gold 层数据集(指标定义见 marts.md),离线生成,不含任何脚本或外部资源。"));

  private static final Map<String, String> EN =
      Map.ofEntries(
          Map.entry("title", "Omnichannel daily report"),
          Map.entry("subtitle", "Smart retail · executive briefing"),
          Map.entry("asOf", "Business date"),
          Map.entry("noData", "No data for this section"),
          Map.entry("customers.section", "Customer assets"),
          Map.entry(
              "customers.note",
              "Buyers by status: new = no paid order in the 365 days before; reactivated ="
                  + " returning after 90+ days without buying; churned = bought in the last 365"
                  + " days but not the last 90"),
          Map.entry("customers.buyers", "Buyers"),
          Map.entry("customers.new", "New"),
          Map.entry("customers.returning", "Returning"),
          Map.entry("customers.reactivated", "Reactivated"),
          Map.entry("customers.active", "Active customers (365 days)"),
          Map.entry("customers.churned", "Churned customers"),
          Map.entry(
              "customers.repurchase", "New buyers of {0}: 30-day repurchase rate {1} ({2} of {3})"),
          Map.entry("customers.noCohort", "No cohort of new buyers is 30 days old yet"),
          Map.entry(
              "customers.history",
              "Only {0} days of order history in the warehouse: new buyers may be overcounted"
                  + " (exact from 365 days)"),
          Map.entry("customers.rfm", "RFM segments"),
          Map.entry("customers.segment", "Segment"),
          Map.entry("customers.segmentBuyers", "Buyers"),
          Map.entry("customers.segmentRevenue", "Revenue, 365 days"),
          Map.entry("customers.segmentShare", "Revenue share"),
          Map.entry("customers.segment.champion", "Champions"),
          Map.entry("customers.segment.new", "New"),
          Map.entry("customers.segment.active", "Active"),
          Map.entry("customers.segment.lapsing", "Lapsing"),
          Map.entry("customers.segment.lapsed", "Lapsed"),
          Map.entry("targets.section", "Month to date vs target"),
          Map.entry(
              "targets.note",
              "{0}: day {1} of {2} ({3} of the month), {4} days left after today; needed per day"
                  + " = (target − month to date) ÷ days left"),
          Map.entry("targets.noFile", "No monthly targets: targets.csv was not provided"),
          Map.entry("targets.noMonth", "No target for {0} in targets.csv"),
          Map.entry(
              "targets.noBrand", "No brand-wide target this month (a row with an empty store_id)"),
          Map.entry("targets.mtd", "Month to date"),
          Map.entry("targets.mtdShort", "Month to date"),
          Map.entry("targets.target", "Target"),
          Map.entry("targets.achieved", "Achieved"),
          Map.entry("targets.timeShare", "time elapsed"),
          Map.entry("targets.needed", "Needed per day"),
          Map.entry("targets.average", "daily average so far"),
          Map.entry("targets.closed", "Last day of the month: no pace left to make"),
          Map.entry("targets.behind", "Stores furthest behind pace"),
          Map.entry("targets.onPace", "{0} of {1} stores with a target are on pace"),
          Map.entry("targets.store", "Store"),
          Map.entry("margin.section", "Refunds and gross margin"),
          Map.entry(
              "margin.note",
              "Refunds: lines of the day's orders now refunded; refund rate = refunds ÷ (paid"
                  + " revenue + refunds); gross margin = revenue − units × unit cost, its rate"
                  + " over the revenue that has a unit cost"),
          Map.entry("margin.refunds", "Refunds"),
          Map.entry("margin.refundRate", "Refund rate"),
          Map.entry("margin.grossMargin", "Gross margin"),
          Map.entry("margin.marginRate", "Gross margin rate"),
          Map.entry("margin.points", "pp"),
          Map.entry(
              "margin.uncosted",
              "{0} of the revenue is in products without a unit cost and is left out of the"
                  + " margin"),
          Map.entry("control.section", "Channel control (优码)"),
          Map.entry("control.scanRates", "Batch scan rates"),
          Map.entry(
              "control.scanNote",
              "Per sku × batch × distributor; batches with fewer than {0} codes shipped are not"
                  + " ranked ({1} left out)."),
          Map.entry("control.snapshot", "Snapshot of {0}."),
          Map.entry("control.lowest", "Lowest scan rates"),
          Map.entry("control.highest", "Highest scan rates"),
          Map.entry("control.batch", "SKU · batch"),
          Map.entry("control.noBatch", "no batch"),
          Map.entry("control.distributor", "Distributor"),
          Map.entry("control.shipped", "Codes shipped"),
          Map.entry("control.scanned", "Scanned"),
          Map.entry("control.rate", "Scan rate"),
          Map.entry("control.prices", "Cities with the most price deviation (today)"),
          Map.entry(
              "control.priceNote",
              "Share of units sold below the price floor (80% of list price by default,"
                  + " configurable); products with a list price only"),
          Map.entry("control.noPrices", "No units sold below the price floor today"),
          Map.entry("control.city", "City"),
          Map.entry("control.belowUnits", "Units below floor"),
          Map.entry("control.units", "Units"),
          Map.entry("control.belowShare", "Share below floor"),
          Map.entry(
              "promo.line",
              "{0} year on year: paid revenue {1} today, {4} on the same promo day last year,"
                  + " {2} ({3}): {5}"),
          Map.entry("source", "Source"),
          Map.entry("kpi.section", "Headline"),
          Map.entry("kpi.revenue", "Paid revenue"),
          Map.entry("kpi.orders", "Paid orders"),
          Map.entry("kpi.buyers", "Buyers"),
          Map.entry("kpi.aov", "Average order value"),
          Map.entry("kpi.vsPrev", "vs previous day"),
          Map.entry("kpi.vsWeek", "vs same day last week"),
          Map.entry("kpi.trend", "Paid revenue, last 14 days"),
          Map.entry("kpi.noComparison", "no comparison"),
          Map.entry("mix.section", "Channel mix: last touch vs data-driven attribution"),
          Map.entry(
              "mix.note",
              "Share of the day's paid revenue credited to each channel; Markov and Shapley are"
                  + " data-driven"),
          Map.entry("mix.channel", "Channel"),
          Map.entry("model.last_touch", "Last touch"),
          Map.entry("model.markov", "Markov"),
          Map.entry("model.shapley", "Shapley"),
          Map.entry("conv.section", "Conversion by channel (last 14 days)"),
          Map.entry(
              "conv.note",
              "Share of reached users who paid within 7 days; dashed: cohorts younger than 7 days,"
                  + " still moving"),
          Map.entry("conv.reached", "Reached users"),
          Map.entry("conv.converted", "Converted"),
          Map.entry("conv.rate", "Rate of matured cohorts"),
          Map.entry("top.section", "Top guides and groups (last 7 days)"),
          Map.entry("top.guides", "Top 5 guides"),
          Map.entry("top.groups", "Top 5 community groups"),
          Map.entry("top.guide", "Guide"),
          Map.entry("top.group", "Group"),
          Map.entry("top.store", "Store"),
          Map.entry("top.revenueLast", "Revenue (last touch)"),
          Map.entry("top.revenueLinear", "Revenue (linear)"),
          Map.entry("top.added", "Customers added"),
          Map.entry("top.members", "Members"),
          Map.entry("top.joins", "Joins"),
          Map.entry("top.groupBuys", "Group buys"),
          Map.entry("uplift.section", "Programme uplift (difference in differences)"),
          Map.entry(
              "uplift.note",
              "Lift in store daily sales with its 95% interval; an interval crossing 0 means no"
                  + " effect is established yet"),
          Map.entry("uplift.incremental", "Incremental revenue"),
          Map.entry("uplift.stores", "Treated / control stores"),
          Map.entry("campaign.section", "Randomised campaign holdouts"),
          Map.entry("campaign.name", "Campaign"),
          Map.entry("campaign.lift", "Conversion lift (pp)"),
          Map.entry("campaign.ci", "95% CI"),
          Map.entry("campaign.incremental", "Incremental revenue"),
          Map.entry("campaign.roi", "ROI"),
          Map.entry("campaign.running", "running"),
          Map.entry("doubling.section", "倍增 progress (doubling)"),
          Map.entry(
              "doubling.note",
              "Stores whose last-7-day mean daily sales are at least 2× their 28-day pre-rollout"
                  + " mean"),
          Map.entry("doubling.progress", "{0} of {1} stores doubled"),
          Map.entry("doubling.median", "median multiple"),
          Map.entry("doubling.top", "Highest multiples"),
          Map.entry("doubling.store", "Store"),
          Map.entry("doubling.program", "Programme"),
          Map.entry("doubling.multiple", "Multiple"),
          Map.entry("doubling.baseline", "Baseline daily sales"),
          Map.entry("diversion.section", "串货 diversion"),
          Map.entry("diversion.new", "New confirmed cases today"),
          Map.entry("diversion.week", "Confirmed in the last 7 days"),
          Map.entry("diversion.worst", "Worst distributors (to date)"),
          Map.entry("diversion.distributor", "Distributor"),
          Map.entry("diversion.scanned", "Codes scanned"),
          Map.entry("diversion.diverted", "Diverted codes"),
          Map.entry("diversion.rate", "Diversion rate"),
          Map.entry("diversion.cases", "Confirmed cases"),
          Map.entry("diversion.flows", "Cross-province flows (4 weeks from {0}, codes)"),
          Map.entry("diversion.recent", "Cases confirmed in the last 7 days"),
          Map.entry("diversion.sku", "SKU"),
          Map.entry("diversion.city", "Into city"),
          Map.entry("diversion.weekCol", "Week"),
          Map.entry("diversion.confirmedOn", "Confirmed"),
          Map.entry("diversion.codes", "Codes"),
          Map.entry("diversion.scans", "Scans"),
          Map.entry("diversion.evidence", "Evidence"),
          Map.entry("diversion.evidence.channel", "channel scan"),
          Map.entry("diversion.evidence.consumer", "consumer scans"),
          Map.entry("diversion.withinProvince", "{0} codes diverted within a province (not drawn)"),
          Map.entry("diversion.noFlows", "No cross-province diversion in the last 4 weeks"),
          Map.entry("redpacket.section", "Red-packet money at risk (羊毛党)"),
          Map.entry("redpacket.note", "Red packets paid on scans flagged by the fraud rules"),
          Map.entry("redpacket.campaign", "Campaign"),
          Map.entry("redpacket.paid", "Paid today"),
          Map.entry("redpacket.flagged", "At risk today"),
          Map.entry("redpacket.share", "Share at risk"),
          Map.entry("redpacket.paid7", "Paid, 7 days"),
          Map.entry("redpacket.flagged7", "At risk, 7 days"),
          Map.entry("redpacket.legendFlagged", "at risk"),
          Map.entry("redpacket.legendClean", "clean"),
          Map.entry("dq.section", "Data quality"),
          Map.entry(
              "dq.note",
              "Rows read by the latest run that processed the date, and quarantined rows of files"
                  + " dated that day"),
          Map.entry("dq.source", "Source"),
          Map.entry("dq.rowsIn", "Rows in"),
          Map.entry("dq.loaded", "Loaded"),
          Map.entry("dq.rejected", "Rejected"),
          Map.entry("dq.share", "Rejected share"),
          Map.entry("dq.quarantined", "Quarantined (day)"),
          Map.entry("dq.reason", "Top reason"),
          Map.entry("dq.status", "Status"),
          Map.entry("dq.completeness", "Completeness checks (silent stores included)"),
          Map.entry("source.orders", "Orders"),
          Map.entry("source.scans", "Scans"),
          Map.entry("source.guide_events", "Guide events"),
          Map.entry("source.group_events", "Group events"),
          Map.entry("source.reference", "Reference files"),
          Map.entry("channel.scan", "Scan"),
          Map.entry("channel.guide", "Guide"),
          Map.entry("channel.community", "Community"),
          Map.entry("channel.direct", "Direct"),
          Map.entry("program.guide", "guide"),
          Map.entry("program.community", "community"),
          Map.entry("program.mini_program", "mini-program"),
          Map.entry("program.scan", "scan"),
          Map.entry("warning.few_controls", "fewer than 5 control stores"),
          Map.entry("warning.pre_trend", "pre-rollout trends differ: the estimate may be biased"),
          Map.entry("warning.short_pre_period", "less than 28 days of data before rollout"),
          Map.entry("warning.small_cohort", "fewer than 5 treated stores"),
          Map.entry(
              "sentence.up",
              "The {0} programme lifted store daily sales by {1}% (95% CI {2}%–{3}%)"),
          Map.entry(
              "sentence.down",
              "The {0} programme lowered store daily sales by {1}% (95% CI {2}%–{3}%)"),
          Map.entry(
              "sentence.unsure",
              "The {0} programme's effect on store daily sales is not established: estimate {1}%,"
                  + " 95% CI {2}%–{3}% includes 0"),
          Map.entry("sentence.none", "The {0} programme's uplift cannot be estimated yet"),
          Map.entry(
              "footer",
              "Every number in this report comes from the omnitouch gold marts (definitions in"
                  + " marts.md); generated offline, with no scripts or external resources."));

  private final Lang lang;
  private final Map<String, String> table;

  private Messages(Lang lang) {
    this.lang = lang;
    this.table = lang == Lang.zh ? ZH : EN;
  }

  public static Messages of(Lang lang) {
    return new Messages(lang);
  }

  public Lang lang() {
    return lang;
  }

  /** The HTML lang attribute. */
  public String htmlLang() {
    return lang == Lang.zh ? "zh-CN" : "en";
  }

  /** A message; {@code {0}}, {@code {1}}... replaced by the arguments. */
  public String get(String key, Object... args) {
    String s = table.get(key);
    if (s == null) {
      throw new IllegalArgumentException("no message " + key + " in " + lang);
    }
    // One pass over the template: an argument (a free-text name) that itself holds "{1}" stays as
    // it is instead of being filled in by the next argument.
    StringBuilder out = new StringBuilder(s.length() + 32);
    int i = 0;
    while (i < s.length()) {
      int close = s.charAt(i) == '{' ? s.indexOf('}', i) : -1;
      int arg = close > i + 1 ? argIndex(s.substring(i + 1, close), args.length) : -1;
      if (arg >= 0) {
        out.append(args[arg]);
        i = close + 1;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  /** The argument number written between braces, or -1 when it is not one of {@code args}. */
  private static int argIndex(String between, int args) {
    if (between.isEmpty()
        || between.length() > 2
        || !between.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int n = Integer.parseInt(between);
    return n < args ? n : -1;
  }

  /** A message of a family ({@code channel.}, {@code program.}...) or the code itself. */
  public String label(String family, String code) {
    return table.getOrDefault(family + "." + code, code);
  }

  public String date(LocalDate d) {
    Locale locale = lang == Lang.zh ? Locale.CHINA : Locale.ENGLISH;
    return d + " " + d.getDayOfWeek().getDisplayName(TextStyle.FULL, locale);
  }

  // ---- numbers ------------------------------------------------------------------------------

  /** Money for a headline tile: ¥12.35万 / ¥1.23亿 in zh, ¥123.5K / ¥1.23M in en. */
  public String moneyCompact(double yuan) {
    double a = Math.abs(yuan);
    String sign = yuan < 0 ? MINUS : "";
    if (lang == Lang.zh) {
      if (a >= YI) {
        return sign + "¥" + fixed(a / YI, 2) + "亿";
      }
      if (a >= WAN) {
        return sign + "¥" + fixed(a / WAN, 2) + "万";
      }
    } else {
      if (a >= MILLION) {
        return sign + "¥" + fixed(a / MILLION, 2) + "M";
      }
      if (a >= THOUSAND * 100) {
        return sign + "¥" + fixed(a / THOUSAND, 1) + "K";
      }
    }
    return sign + "¥" + grouped(a, 0);
  }

  /** Money in tables: whole yuan with thousands separators. */
  public String money(double yuan) {
    return (yuan < 0 ? MINUS : "") + "¥" + grouped(Math.abs(yuan), 0);
  }

  /** Money to the fen: ¥156.20. */
  public String money2(double yuan) {
    return (yuan < 0 ? MINUS : "") + "¥" + grouped(Math.abs(yuan), 2);
  }

  public String count(double n) {
    return (n < 0 ? MINUS : "") + grouped(Math.abs(n), 0);
  }

  /** A fraction as a percentage with one decimal: 0.1234 → 12.3%. */
  public String pct(double fraction) {
    return signed(fraction * 100, 1, false) + "%";
  }

  /** A small fraction as a percentage with two decimals: 0.000196 → 0.02%. */
  public String pct2(double fraction) {
    return signed(fraction * 100, 2, false) + "%";
  }

  /** A relative change with an arrow: ▲ 12.3% / ▼ 4.5% / 0.0%. */
  public String change(double fraction) {
    double p = fraction * 100;
    String v = fixed(Math.abs(p), 1) + "%";
    if (Math.round(p * 10) == 0) {
      return v;
    }
    return (p > 0 ? "▲ " : "▼ ") + v;
  }

  /** A percent value (already ×100) with one decimal and a real minus sign. */
  public String percentValue(double percent) {
    return signed(percent, 1, false);
  }

  /** A multiple: 2.35×. */
  public String multiple(double m) {
    return fixed(m, 2) + "×";
  }

  // ---- sentences ----------------------------------------------------------------------------

  /**
   * One plain sentence per programme: the lift and its interval when the interval excludes 0,
   * otherwise an honest "not established" that still gives the estimate.
   */
  public String upliftSentence(ProgramUplift p) {
    String program = label("program", p.program());
    if (p.upliftPct() == null || p.ciLow() == null || p.ciHigh() == null) {
      return get("sentence.none", program);
    }
    String low = percentValue(p.ciLow());
    String high = percentValue(p.ciHigh());
    if (p.significant()) {
      String key = p.upliftPct() >= 0 ? "sentence.up" : "sentence.down";
      return get(key, program, fixed(Math.abs(p.upliftPct()), 1), low, high);
    }
    return get("sentence.unsure", program, signed(p.upliftPct(), 1, true), low, high);
  }

  /** The warnings of a programme row in words (unknown codes as they are). */
  public String warning(String code) {
    return label("warning", code);
  }

  // ---- formatting helpers -------------------------------------------------------------------

  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String grouped(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** Fixed decimals with U+2212 for negatives; {@code plus} adds "+" to positives. */
  static String signed(double v, int decimals, boolean plus) {
    String s = fixed(Math.abs(v), decimals);
    boolean zero = Double.parseDouble(s) == 0;
    if (v < 0 && !zero) {
      return MINUS + s;
    }
    return (plus && !zero ? "+" : "") + s;
  }
}
