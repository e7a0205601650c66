package io.omnitouch.report;

/**
 * The frame of every section of the report: a {@code card} with its title and optional note, and
 * the closing line that names the marts its figures come from. Text is escaped here.
 */
final class Cards {
  private Cards() {}

  /** Opens a card; {@code note} may be null. */
  static void open(StringBuilder b, String id, String title, String note) {
    b.append("<section class=\"card\" id=\"").append(Html.text(id)).append("\">\n<h2>");
    b.append(Html.text(title)).append("</h2>\n");
    if (note != null) {
      b.append("<p class=\"note\">").append(Html.text(note)).append("</p>\n");
    }
  }

  /** Closes a card with its source line ("Source: sales_daily, ..."). */
  static void close(StringBuilder b, Messages m, String sources) {
    b.append("\n<p class=\"src\">")
        .append(Html.text(m.get("source")))
        .append(": ")
        .append(Html.text(sources))
        .append("</p>\n</section>\n");
  }
}
