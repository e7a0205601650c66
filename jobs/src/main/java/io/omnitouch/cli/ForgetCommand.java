package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.lifecycle.Forget;
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
 * {@code omnitouch forget --user-id ID}: personal-information erasure on request ({@link Forget}).
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description =
        "Erase a user on request: replace the user id by a random tombstone in every table and"
            + " export (totals unchanged), drop their keyed phones, then verify. The old files"
            + " become unrecoverable when `omnitouch maintain` vacuums them after its retention.")
public final class ForgetCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--user-id", required = true, description = "The user_id (WeChat unionid)")
  String userId;

  @Override
  public Integer call() {
    OmnitouchConfig config = common.config();
    LocalDate today = LocalDate.now(config.timezone);
    String runId = "forget-" + RunIds.generate(today, today);
    SparkSession spark = SparkSessions.create(config, "omnitouch-forget");
    try {
      Warehouse wh = new Warehouse(spark, config.warehouse);
      new Forget(wh, System.out).forget(userId, runId, today, new RunMetrics(wh));
    } finally {
      spark.stop();
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "omnitouch: the previous file versions stay recoverable by time travel until `omnitouch"
            + " maintain` runs at least %d h from now (its retention); see docs/reliability.md for"
            + " what the Delta log keeps.%n",
        config.retentionHours);
    return ExitCodes.OK;
  }
}
