package io.omnitouch.ingest;

import io.omnitouch.schema.ColumnSpec;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the text fields of one CSV record into typed values by the rules of inputs.md: empty =
 * null, ids trimmed, timestamps ISO-8601 with offset or {@code yyyy-MM-dd HH:mm:ss} in the business
 * zone, money with at most 2 fraction digits and never negative, enums, required columns (also
 * conditional ones), value ranges. The first broken rule is the row's reason.
 */
public final class RowParser implements Serializable {
  private static final DateTimeFormatter LOCAL_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final int MONEY_FRACTION_DIGITS = 2;

  /** Free-text columns keep their inner and surrounding spaces; everything else is an id. */
  private static final String FREE_TEXT = "name";

  private final SourceSpec spec;
  private final ZoneId zone;
  private final PhoneKeys phoneKeys;
  private transient Map<String, Pattern> patterns;

  public RowParser(SourceSpec spec, ZoneId zone, PhoneKeys phoneKeys) {
    this.spec = spec;
    this.zone = zone;
    this.phoneKeys = phoneKeys;
  }

  /** Values of the declared columns, typed; or the reason the row is rejected. */
  public record Result(Object[] values, String reason) {
    public boolean ok() {
      return reason == null;
    }
  }

  /**
   * @param text the record's fields by column name (columns absent from the file are absent)
   */
  public Result parse(Map<String, String> text) {
    List<ColumnSpec> cols = spec.columns;
    Object[] out = new Object[cols.size()];
    Map<String, String> clean = new HashMap<>(2 * cols.size());
    for (ColumnSpec c : cols) {
      String v = text.get(c.name());
      if (v != null && !FREE_TEXT.equals(c.name())) {
        v = v.strip();
      }
      clean.put(c.name(), v == null || v.isEmpty() ? null : v);
    }
    for (int i = 0; i < cols.size(); i++) {
      ColumnSpec c = cols.get(i);
      String v = clean.get(c.name());
      if (v == null) {
        if (c.requiredFor(clean::get)) {
          return new Result(null, "missing required value: " + c.name() + requiredWhy(c, clean));
        }
        continue;
      }
      try {
        out[i] = typed(c, v);
      } catch (RuleException e) {
        return new Result(null, e.getMessage());
      }
    }
    return new Result(out, null);
  }

  private static String requiredWhy(ColumnSpec c, Map<String, String> clean) {
    if (c.required() || c.requiredWhen() == null) {
      return "";
    }
    String on = c.requiredWhen().keySet().iterator().next();
    return " (required when " + on + " = " + clean.get(on) + ")";
  }

  private Object typed(ColumnSpec c, String v) {
    switch (c.type()) {
      case "string" -> {
        checkString(c, v);
        return v;
      }
      case "phone" -> {
        return phoneKeys.key(v);
      }
      case "int" -> {
        int n;
        try {
          n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw new RuleException("bad int in " + c.name() + ": '" + v + "'");
        }
        if (c.min() != null && n < c.min()) {
          throw new RuleException(c.name() + " below " + c.min().intValue() + ": " + n);
        }
        return n;
      }
      case "double" -> {
        double d;
        try {
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new RuleException("bad number in " + c.name() + ": '" + v + "'");
        }
        if (Double.isNaN(d)
            || Double.isInfinite(d)
            || (c.min() != null && d < c.min())
            || (c.max() != null && d > c.max())) {
          throw new RuleException(c.name() + " out of range: " + v);
        }
        return d;
      }
      case "money" -> {
        return money(c, v);
      }
      case "timestamp" -> {
        return timestamp(c, v);
      }
      case "date" -> {
        try {
          return Date.valueOf(LocalDate.parse(v));
        } catch (DateTimeParseException e) {
          throw new RuleException("bad date in " + c.name() + " (want yyyy-MM-dd): '" + v + "'");
        }
      }
      default -> throw new IllegalStateException("undeclared type " + c.type());
    }
  }

  private void checkString(ColumnSpec c, String v) {
    if (c.allowed() != null && !c.allowed().contains(v)) {
      throw new RuleException("bad " + c.name() + " '" + v + "' (allowed: " + c.allowed() + ")");
    }
    if (c.pattern() != null && !pattern(c).matcher(v).matches()) {
      throw new RuleException("bad " + c.name() + " '" + v + "' (want " + c.pattern() + ")");
    }
  }

  private Pattern pattern(ColumnSpec c) {
    if (patterns == null) {
      patterns = new HashMap<>();
    }
    return patterns.computeIfAbsent(c.name(), k -> Pattern.compile(c.pattern()));
  }

  private static BigDecimal money(ColumnSpec c, String v) {
    BigDecimal m;
    try {
      m = new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new RuleException("bad money in " + c.name() + ": '" + v + "'");
    }
    if (m.signum() < 0) {
      throw new RuleException("negative money in " + c.name() + ": " + v);
    }
    if (m.stripTrailingZeros().scale() > MONEY_FRACTION_DIGITS) {
      throw new RuleException("money with more than 2 fraction digits in " + c.name() + ": " + v);
    }
    return m.setScale(MONEY_FRACTION_DIGITS);
  }

  private Timestamp timestamp(ColumnSpec c, String v) {
    Instant fast = FastTimestamps.parse(v, zone);
    if (fast != null) {
      return Timestamp.from(fast);
    }
    try {
      if (v.indexOf('T') > 0) {
        return Timestamp.from(OffsetDateTime.parse(v).toInstant());
      }
      return Timestamp.from(LocalDateTime.parse(v, LOCAL_TS).atZone(zone).toInstant());
    } catch (DateTimeParseException e) {
      throw new RuleException(
          "bad timestamp in "
              + c.name()
              + " (want ISO-8601 with offset or yyyy-MM-dd HH:mm:ss): '"
              + v
              + "'");
    }
  }

  /** The business date of an instant. */
  public Date businessDate(Timestamp ts) {
    LocalDate day = ts.toInstant().atZone(zone).toLocalDate();
    // A file's rows share a handful of dates: reuse the last one's Date (an immutable pair, so
    // threads sharing a parser never see a date with another day's value).
    LastDate last = lastDate;
    if (last == null || !last.day.equals(day)) {
      last = new LastDate(day, Date.valueOf(day));
      lastDate = last;
    }
    return last.date;
  }

  private record LastDate(LocalDate day, Date date) {}

  private transient LastDate lastDate;

  private static final class RuleException extends RuntimeException {
    RuleException(String message) {
      super(message, null, false, false);
    }
  }
}
