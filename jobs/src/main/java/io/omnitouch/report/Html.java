package io.omnitouch.report;

/**
 * Escaping for text placed into the report's HTML (element content and quoted attribute values).
 * Every string that comes from upstream (store, guide, group, distributor, campaign and region
 * names, ids, warning codes) goes through {@link #text(String)}: {@code <script>} shows as text,
 * and {@code =cmd} stays a harmless string. Control characters other than tab and newline become
 * U+FFFD, as do unpaired surrogates, so the page is always well-formed UTF-8.
 */
public final class Html {
  private static final char REPLACEMENT = '\uFFFD';

  private Html() {}

  /** The text escaped for element content or a double- or single-quoted attribute value. */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\t', '\n' -> b.append(c);
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
            b.append(REPLACEMENT);
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
