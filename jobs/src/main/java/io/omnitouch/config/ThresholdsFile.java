package io.omnitouch.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The thresholds file of {@code --config FILE} (env {@code OMNITOUCH_CONFIG}; marts.md, Business
 * calendar and thresholds): a Java properties file ({@code key = value}, {@code #} comments; YAML
 * is not read) that overrides the contract's defaults. Every key is optional; an unknown key, a
 * value of the wrong type or out of range fails the start with exit 2, naming the key and the file.
 * The values in force are written to {@code run_metrics} (stage {@code config}) by each run.
 */
public final class ThresholdsFile {
  public static final String ENV = "OMNITOUCH_CONFIG";

  public static final String HIGH_VOLUME_CODES = "fraud.high_volume.codes_per_day";
  public static final String SHARED_DEVICE_USERS = "fraud.shared_device.users_per_day";
  public static final String IMPOSSIBLE_TRAVEL_KMH = "fraud.impossible_travel.kmh";
  public static final String CONFIRMING_CODES = "diversion.confirmed_case.consumer_codes";
  public static final String PRICE_FLOOR = "price_deviation.floor";
  public static final String ALERT_FLAGGED_SHARE = "alert.campaign_flagged_share";
  public static final String BOOTSTRAP_REPLICATES = "uplift.bootstrap.replicates";
  public static final String BOOTSTRAP_SEED = "uplift.bootstrap.seed";
  public static final String MIN_COHORT_STORES = "uplift.min_cohort_stores";
  public static final String MIN_CONTROL_STORES = "uplift.min_control_stores";
  public static final String PRE_TREND_ALPHA = "uplift.pre_trend_alpha";
  public static final String PRE_DAYS = "uplift.program.pre_days";
  public static final String POST_DAYS = "uplift.program.post_days";
  public static final String DOUBLING_BASELINE_DAYS = "uplift.doubling.baseline_days";
  public static final String DOUBLING_TRAILING_DAYS = "uplift.doubling.trailing_days";

  /** The type and allowed range of a key. */
  enum Kind {
    INT,
    LONG,
    DOUBLE
  }

  record Key(String name, Kind kind, double min, double max, boolean minExclusive) {}

  private static final double SHARE_MAX = 1.0;
  private static final double MAX_KMH = 100_000;
  private static final double MAX_WINDOW_DAYS = 365;

  /** Every key a file may set, in the order run_metrics lists them. */
  static final List<Key> KEYS =
      List.of(
          new Key(HIGH_VOLUME_CODES, Kind.INT, 1, Integer.MAX_VALUE, false),
          new Key(SHARED_DEVICE_USERS, Kind.INT, 1, Integer.MAX_VALUE, false),
          new Key(IMPOSSIBLE_TRAVEL_KMH, Kind.DOUBLE, 0, MAX_KMH, true),
          new Key(CONFIRMING_CODES, Kind.INT, 1, Integer.MAX_VALUE, false),
          new Key(PRICE_FLOOR, Kind.DOUBLE, 0, SHARE_MAX, false),
          new Key(ALERT_FLAGGED_SHARE, Kind.DOUBLE, 0, SHARE_MAX, false),
          new Key(BOOTSTRAP_REPLICATES, Kind.INT, 1, Integer.MAX_VALUE, false),
          new Key(BOOTSTRAP_SEED, Kind.LONG, Long.MIN_VALUE, Long.MAX_VALUE, false),
          new Key(MIN_COHORT_STORES, Kind.INT, 1, Integer.MAX_VALUE, false),
          new Key(MIN_CONTROL_STORES, Kind.INT, 1, Integer.MAX_VALUE, false),
          new Key(PRE_TREND_ALPHA, Kind.DOUBLE, 0, SHARE_MAX, true),
          new Key(PRE_DAYS, Kind.INT, 2, MAX_WINDOW_DAYS, false),
          new Key(POST_DAYS, Kind.INT, 1, MAX_WINDOW_DAYS, false),
          new Key(DOUBLING_BASELINE_DAYS, Kind.INT, 1, MAX_WINDOW_DAYS, false),
          new Key(DOUBLING_TRAILING_DAYS, Kind.INT, 1, MAX_WINDOW_DAYS, false));

  private ThresholdsFile() {}

  /** Reads and validates {@code file}: key to value (Integer, Long or Double), in file order. */
  public static Map<String, Number> read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the config file " + file + ": " + e, e);
    }
    Map<String, Number> out = new LinkedHashMap<>();
    for (String name : new TreeSet<>(p.stringPropertyNames())) {
      Key key =
          KEYS.stream()
              .filter(k -> k.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              Locale.ROOT,
                              "config file %s: unknown key %s (known keys: %s)",
                              file,
                              name,
                              String.join(", ", KEYS.stream().map(Key::name).toList()))));
      out.put(name, parse(file, key, p.getProperty(name).strip()));
    }
    return out;
  }

  private static Number parse(Path file, Key key, String text) {
    Number v;
    try {
      v =
          switch (key.kind()) {
            case INT -> Integer.valueOf(text);
            case LONG -> Long.valueOf(text);
            case DOUBLE -> Double.valueOf(text);
          };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "config file %s: key %s must be %s, got '%s'",
              file,
              key.name(),
              key.kind() == Kind.DOUBLE ? "a number" : "a whole number",
              text));
    }
    double d = v.doubleValue();
    boolean low = key.minExclusive() ? d <= key.min() : d < key.min();
    if (Double.isNaN(d) || low || d > key.max()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "config file %s: key %s = %s is out of range (%s %s .. %s)",
              file,
              key.name(),
              text,
              key.minExclusive() ? "above" : "from",
              fmt(key.min()),
              fmt(key.max())));
    }
    return v;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
