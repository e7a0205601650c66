package io.omnitouch.schema;

import java.util.List;
import java.util.Map;

/**
 * One column of an input or reference file as declared in {@code schemas/inputs} or {@code
 * schemas/reference}: its type ({@code string, int, double, money, timestamp, date, phone}),
 * whether it is required (always, or only for some values of another column) and its checks.
 */
public record ColumnSpec(
    String name,
    String type,
    boolean required,
    Map<String, List<String>> requiredWhen,
    List<String> allowed,
    String pattern,
    Double min,
    Double max,
    boolean pii)
    implements java.io.Serializable {

  /** True when a row with these values must carry this column. */
  public boolean requiredFor(java.util.function.Function<String, String> valueOf) {
    if (required) {
      return true;
    }
    if (requiredWhen == null) {
      return false;
    }
    for (Map.Entry<String, List<String>> e : requiredWhen.entrySet()) {
      String v = valueOf.apply(e.getKey());
      if (v != null && e.getValue().contains(v)) {
        return true;
      }
    }
    return false;
  }
}
