package io.omnitouch.calendar;

import io.omnitouch.run.InputContractException;
import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The business calendar (marts.md, "Business calendar and thresholds"): the bundled default
 * ({@value #DEFAULT_RESOURCE}: mainland statutory holidays and 调休 adjusted workdays, see the README
 * beside it) with the promotions of {@link #PROMOS} every year, overridden date by date by {@code
 * reference/calendar.csv} (its dimension {@code silver/calendar}): an override row replaces the
 * whole day, so an empty promo in it removes a default promo. Any other date is a plain {@code
 * workday} (Monday–Friday) or {@code weekend}. Used wherever dates are compared: the completeness
 * check, the report and the {@code calendar} view of {@code sql}.
 */
public final class Calendar implements Serializable {
  public static final String WORKDAY = "workday";
  public static final String WEEKEND = "weekend";
  public static final String HOLIDAY = "holiday";
  public static final String ADJUSTED_WORKDAY = "adjusted_workday";

  public static final String DEFAULT_RESOURCE = "/calendar/default-calendar.csv";

  /** The reference dimension of calendar.csv and the declared columns of the view. */
  public static final String REFERENCE = "calendar";

  public static final String VIEW_SCHEMA = "views/calendar";

  /** The years the bundled default covers; the view spans them and every overridden year. */
  public static final int FIRST_YEAR = 2024;

  public static final int LAST_YEAR = 2027;

  /** A sales event recurring every year on the same dates. */
  public record Promo(String name, MonthDay first, MonthDay last) implements Serializable {
    boolean covers(LocalDate d) {
      MonthDay md = MonthDay.from(d);
      return !md.isBefore(first) && !md.isAfter(last);
    }
  }

  /** 618 = Jun 1–18, 双11 = Nov 1–11 (inputs.md, calendar.csv). */
  public static final List<Promo> PROMOS =
      List.of(
          new Promo("618", MonthDay.of(6, 1), MonthDay.of(6, 18)),
          new Promo("双11", MonthDay.of(11, 1), MonthDay.of(11, 11)));

  /** One date of the calendar. */
  public record Day(LocalDate date, String dayType, String holidayName, String promo)
      implements Serializable {
    public boolean holiday() {
      return HOLIDAY.equals(dayType);
    }

    public boolean adjustedWorkday() {
      return ADJUSTED_WORKDAY.equals(dayType);
    }

    public boolean promoDay() {
      return promo != null;
    }

    /** A holiday or a promo day: its volume says nothing about an ordinary day's. */
    public boolean unusual() {
      return holiday() || promoDay();
    }

    /** ISO day of week, 1 = Monday. */
    public int weekday() {
      return date.getDayOfWeek().getValue();
    }

    /** {@code 2026-W45}. */
    public String isoWeek() {
      return Calendar.isoWeek(date);
    }

    /**
     * What a comparison should name beside this date, e.g. {@code 国庆节}, {@code 双11}, {@code 国庆节 ·
     * 双11} or {@code 调休 春节}; null on an ordinary day.
     */
    public String label() {
      List<String> parts = new ArrayList<>();
      if (holiday()) {
        parts.add(holidayName == null ? "holiday" : holidayName);
      } else if (adjustedWorkday()) {
        parts.add("调休" + (holidayName == null ? "" : " " + holidayName));
      }
      if (promoDay()) {
        parts.add(promo);
      }
      return parts.isEmpty() ? null : String.join(" · ", parts);
    }
  }

  private final Map<LocalDate, Day> listed;
  private final LocalDate first;
  private final LocalDate last;

  private Calendar(Map<LocalDate, Day> listed, LocalDate first, LocalDate last) {
    this.listed = Collections.unmodifiableMap(listed);
    this.first = first;
    this.last = last;
  }

  /**
   * The calendar of {@code defaults} (holidays and adjusted workdays, promo ignored: promos come
   * from {@link #PROMOS}) overridden date by date by {@code overrides} (taken as they are).
   */
  public static Calendar of(List<Day> defaults, List<Day> overrides) {
    Map<LocalDate, Day> days = new TreeMap<>();
    for (Day d : defaults) {
      days.put(d.date(), new Day(d.date(), d.dayType(), d.holidayName(), promoOf(d.date())));
    }
    LocalDate first = LocalDate.of(FIRST_YEAR, 1, 1);
    LocalDate last = LocalDate.of(LAST_YEAR, 12, 31);
    for (Day o : overrides) {
      days.put(o.date(), o);
      if (o.date().isBefore(first)) {
        first = o.date().withDayOfYear(1);
      }
      if (o.date().isAfter(last)) {
        last = LocalDate.of(o.date().getYear(), 12, 31);
      }
    }
    return new Calendar(days, first, last);
  }

  /** The bundled default without overrides. */
  public static Calendar bundled() {
    return of(defaults(), List.of());
  }

  /** The bundled default overridden by the warehouse's {@code silver/calendar} (calendar.csv). */
  public static Calendar load(Warehouse wh) {
    return of(defaults(), overrides(Dimensions.read(wh, REFERENCE)));
  }

  /** The {@code calendar} view of {@code sql}: every date of the covered years, one row each. */
  public static Dataset<Row> view(Warehouse wh) {
    return load(wh).toDataset(wh.spark());
  }

  public Day day(LocalDate date) {
    Day d = listed.get(date);
    if (d != null) {
      return d;
    }
    DayOfWeek w = date.getDayOfWeek();
    String type = w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY ? WEEKEND : WORKDAY;
    return new Day(date, type, null, promoOf(date));
  }

  /** The first and last date of the view. */
  public LocalDate firstDate() {
    return first;
  }

  public LocalDate lastDate() {
    return last;
  }

  /** Every date from {@link #firstDate} to {@link #lastDate}, in the view's declared columns. */
  public Dataset<Row> toDataset(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      Day day = day(d);
      rows.add(
          RowFactory.create(
              Date.valueOf(d),
              day.dayType(),
              day.holidayName(),
              day.promo(),
              day.weekday(),
              day.isoWeek()));
    }
    return spark.createDataFrame(rows, Schemas.struct(VIEW_SCHEMA));
  }

  static String promoOf(LocalDate d) {
    return PROMOS.stream().filter(p -> p.covers(d)).map(Promo::name).findFirst().orElse(null);
  }

  static String isoWeek(LocalDate d) {
    return String.format(
        Locale.ROOT,
        "%d-W%02d",
        d.get(IsoFields.WEEK_BASED_YEAR),
        d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** The rows of the bundled resource. */
  public static List<Day> defaults() {
    try (InputStream in = Calendar.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("No bundled calendar " + DEFAULT_RESOURCE + " in the jar");
      }
      Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
      CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
      List<Day> days = new ArrayList<>();
      for (CSVRecord rec : format.parse(r)) {
        days.add(
            new Day(
                LocalDate.parse(rec.get("date")),
                rec.get("day_type"),
                emptyToNull(rec.get("holiday_name")),
                null));
      }
      return days;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * The override rows of the calendar dimension (rows already checked by ingest). A date listed
   * twice with different values has no meaning: it fails, naming the date.
   */
  static List<Day> overrides(Dataset<Row> dimension) {
    Map<LocalDate, Day> out = new TreeMap<>();
    for (Row r : dimension.select("date", "day_type", "holiday_name", "promo").collectAsList()) {
      Day d =
          new Day(
              r.getDate(0).toLocalDate(),
              r.getString(1),
              emptyToNull(r.getString(2)),
              emptyToNull(r.getString(3)));
      Day before = out.put(d.date(), d);
      if (before != null && !before.equals(d)) {
        throw new InputContractException(
            "reference/calendar.csv lists " + d.date() + " twice with different values");
      }
    }
    return new ArrayList<>(out.values());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
