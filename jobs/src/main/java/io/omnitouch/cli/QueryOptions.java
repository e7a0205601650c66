package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of a command that only reads the warehouse ({@code sql}): where it is and how Spark
 * runs. The nightly-run options of {@link CommonOptions} do not apply and are not offered.
 */
public class QueryOptions {
  @Option(
      names = "--warehouse",
      description = "Warehouse root (default: warehouse, env OMNITOUCH_WAREHOUSE)")
  Path warehouse;

  @Option(
      names = "--master",
      description = "Spark master (default: local[*], env OMNITOUCH_MASTER)")
  String master;

  @Option(
      names = "--timezone",
      description = "Session time zone of dates and times (default: Asia/Shanghai)")
  String timezone;

  @Option(names = "--shuffle-partitions", description = "spark.sql.shuffle.partitions (default: 8)")
  Integer shufflePartitions;

  public OmnitouchConfig config() {
    return config(System.getenv());
  }

  public OmnitouchConfig config(Map<String, String> env) {
    OmnitouchConfig.Builder b = OmnitouchConfig.fromEnvironment(env);
    if (warehouse != null) b.warehouse(warehouse);
    if (master != null) b.master(master);
    if (timezone != null) b.timezone(ZoneId.of(timezone));
    if (shufflePartitions != null) b.shufflePartitions(shufflePartitions);
    return b.build();
  }
}
