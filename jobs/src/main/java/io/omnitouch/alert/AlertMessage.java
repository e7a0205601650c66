package io.omnitouch.alert;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The markdown text of an {@link Alert} (Chinese, as the groups read it). Every line passes {@link
 * #redact}: a mainland mobile number or a 64-hex-digit key (a keyed phone) that slipped into an
 * upstream name or a message is masked, so no message ever carries one.
 */
public final class AlertMessage {
  /** Items listed per block; the report has the rest. */
  static final int MAX_ITEMS = 10;

  private static final Pattern PHONE =
      Pattern.compile("(?<![0-9])(?:\\+?86)?1[3-9][0-9]{9}(?![0-9])");
  private static final Pattern KEY = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");
  static final String MASK = "[已隐去]";

  private AlertMessage() {}

  public static String title(Alert a) {
    return "omnitouch 预警 " + a.date();
  }

  public static String markdown(Alert a) {
    StringBuilder b = new StringBuilder();
    b.append("### ").append(title(a));
    if (a.dayLabel() != null) {
      b.append("（").append(a.dayLabel()).append("）");
    }
    b.append('\n');
    if (!a.newCases().isEmpty()) {
      b.append("\n**新确认串货案件 ").append(a.newCases().size()).append(" 起**\n");
      a.newCases().stream()
          .limit(MAX_ITEMS)
          .forEach(
              c ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "- %s · %s → %s：%d 个码（%s）%n",
                          c.distributor(),
                          c.sku(),
                          c.city(),
                          c.codes(),
                          "channel".equals(c.evidence()) ? "渠道扫码" : "消费者扫码")));
      more(b, a.newCases().size());
    }
    if (!a.campaigns().isEmpty()) {
      b.append("\n**红包疑似羊毛党占比超阈值**\n");
      a.campaigns().stream()
          .limit(MAX_ITEMS)
          .forEach(
              c ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "- %s：%.1f%%（¥%,.2f）%n",
                          c.name(),
                          c.flaggedShare() * 100,
                          c.flaggedAmount())));
      more(b, a.campaigns().size());
    }
    if (!a.warnings().isEmpty()) {
      b.append("\n**数据完整性**\n");
      a.warnings().stream()
          .limit(MAX_ITEMS)
          .forEach(
              w ->
                  b.append("- ")
                      .append(w.source())
                      .append(" ")
                      .append("failed".equals(w.status()) ? "失败" : "警告")
                      .append("：")
                      .append(w.message())
                      .append('\n'));
      more(b, a.warnings().size());
    }
    if (!a.priceCities().isEmpty()) {
      b.append("\n**低于限价占比最高的城市**\n");
      a.priceCities()
          .forEach(
              p ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "- %s：%.1f%%（共 %,d 件）%n",
                          p.city(),
                          p.belowFloorShare() * 100,
                          p.units())));
    }
    if (a.report() != null) {
      b.append("\n报告：").append(a.report()).append('\n');
    }
    return redact(b.toString());
  }

  private static void more(StringBuilder b, int n) {
    if (n > MAX_ITEMS) {
      b.append("- …另 ").append(n - MAX_ITEMS).append(" 项见报告\n");
    }
  }

  /** Masks mobile numbers and 64-hex keys. */
  public static String redact(String text) {
    return KEY.matcher(PHONE.matcher(text).replaceAll(MASK)).replaceAll(MASK);
  }
}
