package io.omnitouch.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The one configuration object of a run. Precedence: command line, then environment variables
 * ({@code OMNITOUCH_*}), then the defaults below. It is built once at the edge (the CLI) and passed
 * in; transformations never read the environment themselves.
 */
public final class OmnitouchConfig {
  public static final String DEFAULT_PII_KEY_ENV = "OMNITOUCH_PII_KEY";

  /** Published on purpose: only ever used with an explicit --dev / OMNITOUCH_DEV=1. */
  public static final String DEV_PII_KEY = "omnitouch-development-key-not-secret";

  /** The contract's default price floor (marts.md, 乱价): 20% under the list price. */
  public static final double DEFAULT_PRICE_FLOOR = 0.20;

  public final Path input;
  public final Path warehouse;
  public final ZoneId timezone;
  public final String master;

  /** Share of rejected rows per source above which the run fails (after writing quarantine). */
  public final double quarantineLimit;

  /** How far back (days) late events restate their dates in a nightly run. */
  public final int lateHorizonDays;

  public final String piiKeyEnv;
  public final boolean dev;
  public final int shufflePartitions;
  public final FraudThresholds fraud;
  public final UpliftSettings uplift;
  public final AlertThresholds alert;

  /** Distinct consumer-scanned codes that confirm a 串货 case without a channel scan (5). */
  public final int diversionConfirmingCodes;

  /** 乱价: a line below list_price x (1 - floor) is below the floor (0.20). */
  public final double priceFloor;

  /** The thresholds file the values came from, or null for the defaults. */
  public final Path thresholdsFile;

  /**
   * A run's lock is stale (its process presumed dead, taken over by the next run) when no holder
   * has beaten for this long. Heartbeats come every third of it, at most every 10 s.
   */
  public final java.time.Duration lockStale;

  /**
   * Completeness: a source whose rows of a day fall short of the expected count (its control file,
   * else the median of the same weekday in recent weeks) by more than this share is a warning.
   */
  public final double completenessWarnShortfall;

  /** Completeness: a shortfall above this share fails the run (exit 2); 1 disables it. */
  public final double completenessFailShortfall;

  /** {@code omnitouch maintain}: VACUUM keeps files that versions of the last N hours need. */
  public final int retentionHours;

  private OmnitouchConfig(Builder b) {
    this.input = b.input;
    this.warehouse = b.warehouse;
    this.timezone = b.timezone;
    this.master = b.master;
    this.quarantineLimit = b.quarantineLimit;
    this.lateHorizonDays = b.lateHorizonDays;
    this.piiKeyEnv = b.piiKeyEnv;
    this.dev = b.dev;
    this.shufflePartitions = b.shufflePartitions;
    this.fraud = b.fraud;
    this.uplift = b.uplift;
    this.diversionConfirmingCodes = b.diversionConfirmingCodes;
    this.priceFloor = b.priceFloor;
    this.thresholdsFile = b.thresholdsFile;
    this.alert = b.alert;
    this.lockStale = b.lockStale;
    this.completenessWarnShortfall = b.completenessWarnShortfall;
    this.completenessFailShortfall = b.completenessFailShortfall;
    this.retentionHours = b.retentionHours;
  }

  /**
   * The PII key: the secret from {@link #piiKeyEnv}, or the published development key when {@link
   * #dev} is set. Fails with a message a person can act on when neither is there.
   */
  public String piiKey(Map<String, String> env) {
    String secret = env.get(piiKeyEnv);
    if (secret != null && !secret.isBlank()) {
      return secret;
    }
    if (dev) {
      return DEV_PII_KEY;
    }
    throw new IllegalStateException(
        "No PII key: set the environment variable "
            + piiKeyEnv
            + " to the secret used to key buyer phone numbers, or pass --dev (OMNITOUCH_DEV=1) to"
            + " use the published development key on test data.");
  }

  /** Every threshold of {@link ThresholdsFile} with the value in force, in its key order. */
  public Map<String, Number> thresholdsInForce() {
    Map<String, Number> m = new java.util.LinkedHashMap<>();
    m.put(ThresholdsFile.HIGH_VOLUME_CODES, fraud.highVolumeCodesPerDay());
    m.put(ThresholdsFile.SHARED_DEVICE_USERS, fraud.sharedDeviceUsersPerDay());
    m.put(ThresholdsFile.IMPOSSIBLE_TRAVEL_KMH, fraud.impossibleTravelKmh());
    m.put(ThresholdsFile.CONFIRMING_CODES, diversionConfirmingCodes);
    m.put(ThresholdsFile.PRICE_FLOOR, priceFloor);
    m.put(ThresholdsFile.ALERT_FLAGGED_SHARE, alert.flaggedShare());
    m.put(ThresholdsFile.BOOTSTRAP_REPLICATES, uplift.bootstrapReplicates());
    m.put(ThresholdsFile.BOOTSTRAP_SEED, uplift.bootstrapSeed());
    m.put(ThresholdsFile.MIN_COHORT_STORES, uplift.minCohortStores());
    m.put(ThresholdsFile.MIN_CONTROL_STORES, uplift.minControlStores());
    m.put(ThresholdsFile.PRE_TREND_ALPHA, uplift.preTrendAlpha());
    m.put(ThresholdsFile.PRE_DAYS, uplift.preDays());
    m.put(ThresholdsFile.POST_DAYS, uplift.postDays());
    m.put(ThresholdsFile.DOUBLING_BASELINE_DAYS, uplift.doublingBaselineDays());
    m.put(ThresholdsFile.DOUBLING_TRAILING_DAYS, uplift.doublingTrailingDays());
    return m;
  }

  /** The run_metrics message of stage {@code config}: the source and every value in force. */
  public String thresholdsMessage() {
    StringBuilder b =
        new StringBuilder(thresholdsFile == null ? "defaults" : "config file " + thresholdsFile);
    b.append(':');
    thresholdsInForce().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults first, then the environment; the CLI overrides last. */
  public static Builder fromEnvironment(Map<String, String> env) {
    Builder b = new Builder();
    if (env.get("OMNITOUCH_INPUT") != null) b.input(Path.of(env.get("OMNITOUCH_INPUT")));
    if (env.get("OMNITOUCH_WAREHOUSE") != null) {
      b.warehouse(Path.of(env.get("OMNITOUCH_WAREHOUSE")));
    }
    if (env.get("OMNITOUCH_TIMEZONE") != null) b.timezone(ZoneId.of(env.get("OMNITOUCH_TIMEZONE")));
    if (env.get("OMNITOUCH_MASTER") != null) b.master(env.get("OMNITOUCH_MASTER"));
    if (env.get("OMNITOUCH_QUARANTINE_LIMIT") != null) {
      b.quarantineLimit(Double.parseDouble(env.get("OMNITOUCH_QUARANTINE_LIMIT")));
    }
    if (env.get("OMNITOUCH_LATE_HORIZON_DAYS") != null) {
      b.lateHorizonDays(Integer.parseInt(env.get("OMNITOUCH_LATE_HORIZON_DAYS")));
    }
    if (env.get("OMNITOUCH_PII_KEY_ENV") != null) b.piiKeyEnv(env.get("OMNITOUCH_PII_KEY_ENV"));
    if ("1".equals(env.get("OMNITOUCH_DEV")) || "true".equalsIgnoreCase(env.get("OMNITOUCH_DEV"))) {
      b.dev(true);
    }
    if (env.get("OMNITOUCH_SHUFFLE_PARTITIONS") != null) {
      b.shufflePartitions(Integer.parseInt(env.get("OMNITOUCH_SHUFFLE_PARTITIONS")));
    }
    if (env.get("OMNITOUCH_LOCK_STALE_SECONDS") != null) {
      b.lockStale(
          java.time.Duration.ofSeconds(Long.parseLong(env.get("OMNITOUCH_LOCK_STALE_SECONDS"))));
    }
    if (env.get("OMNITOUCH_COMPLETENESS_WARN") != null) {
      b.completenessWarnShortfall(Double.parseDouble(env.get("OMNITOUCH_COMPLETENESS_WARN")));
    }
    if (env.get("OMNITOUCH_COMPLETENESS_FAIL") != null) {
      b.completenessFailShortfall(Double.parseDouble(env.get("OMNITOUCH_COMPLETENESS_FAIL")));
    }
    if (env.get("OMNITOUCH_RETENTION_HOURS") != null) {
      b.retentionHours(Integer.parseInt(env.get("OMNITOUCH_RETENTION_HOURS")));
    }
    return b;
  }

  public Builder toBuilder() {
    return new Builder()
        .input(input)
        .warehouse(warehouse)
        .timezone(timezone)
        .master(master)
        .quarantineLimit(quarantineLimit)
        .lateHorizonDays(lateHorizonDays)
        .piiKeyEnv(piiKeyEnv)
        .dev(dev)
        .shufflePartitions(shufflePartitions)
        .fraud(fraud)
        .uplift(uplift)
        .diversionConfirmingCodes(diversionConfirmingCodes)
        .priceFloor(priceFloor)
        .thresholdsFile(thresholdsFile)
        .alert(alert)
        .lockStale(lockStale)
        .completenessWarnShortfall(completenessWarnShortfall)
        .completenessFailShortfall(completenessFailShortfall)
        .retentionHours(retentionHours);
  }

  /** Thresholds of the scan-fraud rules (marts.md, Scan fraud), with the contract's defaults. */
  public record FraudThresholds(
      int highVolumeCodesPerDay, int sharedDeviceUsersPerDay, double impossibleTravelKmh) {
    public static final FraudThresholds DEFAULTS = new FraudThresholds(20, 3, 300.0);
  }

  /**
   * What {@code omnitouch alert} reports (marts.md, Command line): campaigns whose flagged_share
   * (flagged red-packet money / red-packet money of the day) is over {@code flaggedShare}, and the
   * {@code priceCities} cities with the highest below_floor_share.
   */
  public record AlertThresholds(double flaggedShare, int priceCities) {
    public static final AlertThresholds DEFAULTS = new AlertThresholds(0.20, 3);

    public AlertThresholds {
      if (flaggedShare < 0 || flaggedShare > 1) {
        throw new IllegalArgumentException(
            "alert flagged_share threshold must be a share in [0, 1], got " + flaggedShare);
      }
      if (priceCities < 0) {
        throw new IllegalArgumentException("alert price cities must be >= 0, got " + priceCities);
      }
    }
  }

  /**
   * Windows, inference and warning settings of the uplift marts (marts.md, Uplift). The windows
   * settable here are {@code uplift_program}'s DiD windows (contract default 28 days pre, 28 days
   * post) and {@code store_doubling_daily}'s baseline (28 days) and trailing mean (7 days); the
   * event study keeps the contract's fixed weeks −4 … +3, which define its rows.
   *
   * @param bootstrapReplicates store-level cluster bootstrap replicates of {@code uplift_program}
   * @param bootstrapSeed fixed seed: the same inputs always give the same intervals
   * @param minCohortStores a cohort with fewer treated stores is flagged {@code small_cohort}
   * @param minControlStores fewer control stores are flagged {@code few_controls}
   * @param preTrendAlpha a pre-trend p-value below this is flagged {@code pre_trend}
   * @param preDays days of {@code uplift_program}'s pre window before a cohort's start; a shorter
   *     observed pre period is flagged {@code short_pre_period}
   * @param postDays days of {@code uplift_program}'s post window from a cohort's start
   * @param doublingBaselineDays days before a store's start that make its 倍增 baseline
   * @param doublingTrailingDays days of the trailing mean compared with the baseline
   */
  public record UpliftSettings(
      int bootstrapReplicates,
      long bootstrapSeed,
      int minCohortStores,
      int minControlStores,
      double preTrendAlpha,
      int preDays,
      int postDays,
      int doublingBaselineDays,
      int doublingTrailingDays) {
    public static final UpliftSettings DEFAULTS =
        new UpliftSettings(999, 20_260_101L, 5, 5, 0.05, 28, 28, 28, 7);

    /** The contract's settings with other inference thresholds and the default windows. */
    public UpliftSettings(
        int bootstrapReplicates,
        long bootstrapSeed,
        int minCohortStores,
        int minControlStores,
        double preTrendAlpha) {
      this(
          bootstrapReplicates,
          bootstrapSeed,
          minCohortStores,
          minControlStores,
          preTrendAlpha,
          DEFAULTS.preDays(),
          DEFAULTS.postDays(),
          DEFAULTS.doublingBaselineDays(),
          DEFAULTS.doublingTrailingDays());
    }

    public UpliftSettings {
      if (bootstrapReplicates < 1) {
        throw new IllegalArgumentException(
            "bootstrap replicates must be >= 1, got " + bootstrapReplicates);
      }
    }
  }

  public static final class Builder {
    private Path input = Path.of("sample-data");
    private Path warehouse = Path.of("warehouse");
    private ZoneId timezone = ZoneId.of("Asia/Shanghai");
    private String master = "local[*]";
    private double quarantineLimit = 0.05;
    private int lateHorizonDays = 30;
    private String piiKeyEnv = DEFAULT_PII_KEY_ENV;
    private boolean dev = false;
    private int shufflePartitions = 8;
    private FraudThresholds fraud = FraudThresholds.DEFAULTS;
    private UpliftSettings uplift = UpliftSettings.DEFAULTS;
    private int diversionConfirmingCodes = 5;
    private double priceFloor = 0.20;
    private Path thresholdsFile;
    private AlertThresholds alert = AlertThresholds.DEFAULTS;
    private java.time.Duration lockStale = java.time.Duration.ofSeconds(90);
    private double completenessWarnShortfall = 0.2;
    private double completenessFailShortfall = 0.5;
    private int retentionHours = 168;

    public Builder input(Path v) {
      this.input = Objects.requireNonNull(v);
      return this;
    }

    public Builder warehouse(Path v) {
      this.warehouse = Objects.requireNonNull(v);
      return this;
    }

    public Builder timezone(ZoneId v) {
      this.timezone = Objects.requireNonNull(v);
      return this;
    }

    public Builder master(String v) {
      this.master = Objects.requireNonNull(v);
      return this;
    }

    public Builder quarantineLimit(double v) {
      if (v < 0 || v > 1) {
        throw new IllegalArgumentException("quarantine limit must be a share in [0, 1], got " + v);
      }
      this.quarantineLimit = v;
      return this;
    }

    public Builder lateHorizonDays(int v) {
      if (v < 0) throw new IllegalArgumentException("late horizon must be >= 0 days, got " + v);
      this.lateHorizonDays = v;
      return this;
    }

    public Builder piiKeyEnv(String v) {
      this.piiKeyEnv = Objects.requireNonNull(v);
      return this;
    }

    public Builder dev(boolean v) {
      this.dev = v;
      return this;
    }

    public Builder shufflePartitions(int v) {
      this.shufflePartitions = v;
      return this;
    }

    public Builder fraud(FraudThresholds v) {
      this.fraud = Objects.requireNonNull(v);
      return this;
    }

    public Builder uplift(UpliftSettings v) {
      this.uplift = Objects.requireNonNull(v);
      return this;
    }

    public Builder diversionConfirmingCodes(int v) {
      if (v < 1) throw new IllegalArgumentException("confirming codes must be >= 1, got " + v);
      this.diversionConfirmingCodes = v;
      return this;
    }

    public Builder priceFloor(double v) {
      this.priceFloor = share("price floor", v);
      return this;
    }

    public Builder alertFlaggedShare(double v) {
      this.alert = new AlertThresholds(share("alert flagged share", v), alert.priceCities());
      return this;
    }

    public Builder thresholdsFile(Path v) {
      this.thresholdsFile = v;
      return this;
    }

    /**
     * Applies a thresholds file ({@link ThresholdsFile#read}, already validated): the keys it sets
     * replace the values so far, the others keep them.
     */
    public Builder thresholds(Path file) {
      Map<String, Number> v = ThresholdsFile.read(file);
      FraudThresholds f = fraud;
      fraud =
          new FraudThresholds(
              v.getOrDefault(ThresholdsFile.HIGH_VOLUME_CODES, f.highVolumeCodesPerDay())
                  .intValue(),
              v.getOrDefault(ThresholdsFile.SHARED_DEVICE_USERS, f.sharedDeviceUsersPerDay())
                  .intValue(),
              v.getOrDefault(ThresholdsFile.IMPOSSIBLE_TRAVEL_KMH, f.impossibleTravelKmh())
                  .doubleValue());
      diversionConfirmingCodes =
          v.getOrDefault(ThresholdsFile.CONFIRMING_CODES, diversionConfirmingCodes).intValue();
      priceFloor = v.getOrDefault(ThresholdsFile.PRICE_FLOOR, priceFloor).doubleValue();
      alert =
          new AlertThresholds(
              v.getOrDefault(ThresholdsFile.ALERT_FLAGGED_SHARE, alert.flaggedShare())
                  .doubleValue(),
              alert.priceCities());
      UpliftSettings u = uplift;
      uplift =
          new UpliftSettings(
              v.getOrDefault(ThresholdsFile.BOOTSTRAP_REPLICATES, u.bootstrapReplicates())
                  .intValue(),
              v.getOrDefault(ThresholdsFile.BOOTSTRAP_SEED, u.bootstrapSeed()).longValue(),
              v.getOrDefault(ThresholdsFile.MIN_COHORT_STORES, u.minCohortStores()).intValue(),
              v.getOrDefault(ThresholdsFile.MIN_CONTROL_STORES, u.minControlStores()).intValue(),
              v.getOrDefault(ThresholdsFile.PRE_TREND_ALPHA, u.preTrendAlpha()).doubleValue(),
              v.getOrDefault(ThresholdsFile.PRE_DAYS, u.preDays()).intValue(),
              v.getOrDefault(ThresholdsFile.POST_DAYS, u.postDays()).intValue(),
              v.getOrDefault(ThresholdsFile.DOUBLING_BASELINE_DAYS, u.doublingBaselineDays())
                  .intValue(),
              v.getOrDefault(ThresholdsFile.DOUBLING_TRAILING_DAYS, u.doublingTrailingDays())
                  .intValue());
      thresholdsFile = file;
      return this;
    }

    public Builder alert(AlertThresholds v) {
      this.alert = Objects.requireNonNull(v);
      return this;
    }

    public Builder lockStale(java.time.Duration v) {
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("lock stale threshold must be positive, got " + v);
      }
      this.lockStale = v;
      return this;
    }

    public Builder completenessWarnShortfall(double v) {
      this.completenessWarnShortfall = share("completeness warning threshold", v);
      return this;
    }

    public Builder completenessFailShortfall(double v) {
      this.completenessFailShortfall = share("completeness failure threshold", v);
      return this;
    }

    public Builder retentionHours(int v) {
      if (v < 0) throw new IllegalArgumentException("retention must be >= 0 hours, got " + v);
      this.retentionHours = v;
      return this;
    }

    private static double share(String what, double v) {
      if (v < 0 || v > 1) {
        throw new IllegalArgumentException(what + " must be a share in [0, 1], got " + v);
      }
      return v;
    }

    public OmnitouchConfig build() {
      return new OmnitouchConfig(this);
    }
  }
}
