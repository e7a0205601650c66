package io.omnitouch.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code omnitouch backfill --from D1 --to D2}: all dates in one Spark application. Files of all
 * dates are parsed in one pass, silver is restated once, and range-capable marts restate the whole
 * range at once: far cheaper than one nightly run per date.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = "Run the pipeline over a date range in one Spark application.")
public final class BackfillCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, description = "First business date, yyyy-MM-dd")
  LocalDate from;

  @Option(names = "--to", required = true, description = "Last business date, yyyy-MM-dd")
  LocalDate to;

  @Option(names = "--stages", split = ",", description = "Stages to run (default all)")
  List<String> stages;

  @Option(names = "--run-id", description = "Run id (default: generated)")
  String runId;

  @Override
  public Integer call() {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    return RunCommand.execute(common, from, to, stages, runId, "omnitouch-backfill");
  }
}
