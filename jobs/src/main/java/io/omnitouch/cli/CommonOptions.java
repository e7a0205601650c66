package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.config.ThresholdsFile;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands; they override environment variables and defaults. */
public class CommonOptions {
  @Option(names = "--input", description = "Input tree (default: sample-data, env OMNITOUCH_INPUT)")
  Path input;

  @Option(
      names = "--warehouse",
      description = "Warehouse root (default: warehouse, env OMNITOUCH_WAREHOUSE)")
  Path warehouse;

  @Option(
      names = "--master",
      description = "Spark master (default: local[*], env OMNITOUCH_MASTER)")
  String master;

  @Option(names = "--timezone", description = "Business time zone (default: Asia/Shanghai)")
  String timezone;

  @Option(
      names = "--quarantine-limit",
      description = "Share of rejected rows per source that fails the run (default: 0.05)")
  Double quarantineLimit;

  @Option(
      names = "--late-horizon-days",
      description = "Days back that late events restate in a nightly run (default: 30)")
  Integer lateHorizonDays;

  @Option(
      names = "--pii-key-env",
      description = "Environment variable holding the PII key (default: OMNITOUCH_PII_KEY)")
  String piiKeyEnv;

  @Option(
      names = "--dev",
      description =
          "Allow the published development PII key when no secret is set (test data only)")
  boolean dev;

  @Option(names = "--shuffle-partitions", description = "spark.sql.shuffle.partitions (default: 8)")
  Integer shufflePartitions;

  @Option(
      names = "--lock-stale-seconds",
      description =
          "A date lock without heartbeat for this long is taken over (default: 90, env"
              + " OMNITOUCH_LOCK_STALE_SECONDS)")
  Long lockStaleSeconds;

  @Option(
      names = "--completeness-warn",
      description =
          "Shortfall of a source's rows against its control file or usual weekday volume that"
              + " warns (default: 0.2)")
  Double completenessWarn;

  @Option(
      names = "--completeness-fail",
      description = "Shortfall that fails the run with exit 2 (default: 0.5; 1 disables)")
  Double completenessFail;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Thresholds file (Java properties; fraud rules, 串货 confirmation, price floor, alert"
              + " uplift inference), env OMNITOUCH_CONFIG; default: the contract's values")
  Path thresholds;

  public OmnitouchConfig config() {
    return config(System.getenv());
  }

  public OmnitouchConfig config(Map<String, String> env) {
    OmnitouchConfig.Builder b = OmnitouchConfig.fromEnvironment(env);
    if (input != null) b.input(input);
    if (warehouse != null) b.warehouse(warehouse);
    if (master != null) b.master(master);
    if (timezone != null) b.timezone(ZoneId.of(timezone));
    if (quarantineLimit != null) b.quarantineLimit(quarantineLimit);
    if (lateHorizonDays != null) b.lateHorizonDays(lateHorizonDays);
    if (piiKeyEnv != null) b.piiKeyEnv(piiKeyEnv);
    if (dev) b.dev(true);
    if (shufflePartitions != null) b.shufflePartitions(shufflePartitions);
    if (lockStaleSeconds != null) b.lockStale(java.time.Duration.ofSeconds(lockStaleSeconds));
    if (completenessWarn != null) b.completenessWarnShortfall(completenessWarn);
    if (completenessFail != null) b.completenessFailShortfall(completenessFail);
    Path file =
        thresholds != null
            ? thresholds
            : env.get(ThresholdsFile.ENV) == null || env.get(ThresholdsFile.ENV).isBlank()
                ? null
                : Path.of(env.get(ThresholdsFile.ENV));
    if (file != null) b.thresholds(file);
    return b.build();
  }
}
