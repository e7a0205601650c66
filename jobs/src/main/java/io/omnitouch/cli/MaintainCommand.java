package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.lifecycle.Maintenance;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code omnitouch maintain [--retention-hours H]}: weekly upkeep of the warehouse, called by the
 * DAG (keep this interface stable). See {@link Maintenance}.
 */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description =
        "Compact (OPTIMIZE) and VACUUM every Delta table, and remove leftovers of crashed export"
            + " swaps. Safe while readers run; run weekly, not during a nightly run.")
public final class MaintainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--retention-hours",
      description =
          "VACUUM keeps the files that versions of the last H hours need (default: 168, env"
              + " OMNITOUCH_RETENTION_HOURS; Delta refuses less than 168)")
  Integer retentionHours;

  @Override
  public Integer call() {
    OmnitouchConfig config = common.config();
    int hours = retentionHours != null ? retentionHours : config.retentionHours;
    if (hours < 0) {
      throw new IllegalArgumentException("--retention-hours must be >= 0, got " + hours);
    }
    LocalDate today = LocalDate.now(config.timezone);
    String runId = "maintain-" + RunIds.generate(today, today);
    SparkSession spark = SparkSessions.create(config, "omnitouch-maintain");
    try {
      Warehouse wh = new Warehouse(spark, config.warehouse);
      new Maintenance(wh, System.out).run(hours, runId, today, new RunMetrics(wh));
    } finally {
      spark.stop();
    }
    return ExitCodes.OK;
  }
}
