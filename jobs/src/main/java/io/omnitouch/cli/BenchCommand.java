package io.omnitouch.cli;

import io.omnitouch.bench.IngestBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnitouch bench ingest}: generates data at a scale (or takes --input) and prints the
 * ingest figures against the floor job. Benchmarks print figures; tests never time anything.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (ingest vs a CSV->Parquet floor).")
public final class BenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", description = "What to measure: ingest")
  String what;

  @Option(names = "--scale", description = "Generator scale when no --input is given (default 50)")
  double scale = 50;

  @Option(names = "--date", description = "Date to ingest (default: the generated day)")
  LocalDate date;

  @Option(names = "--scratch", description = "Scratch folder (default: a temp folder)")
  Path scratch;

  @Override
  public Integer call() throws Exception {
    if (!"ingest".equals(what)) {
      throw new IllegalArgumentException(
          "Unknown benchmark '" + what + "'. Mart benchmarks: see README (Benchmarks).");
    }
    Path dir = scratch != null ? scratch : Files.createTempDirectory("omnitouch-bench");
    var config = common.config();
    if (common.input == null) {
      LocalDate day = date != null ? date : LocalDate.parse("2026-11-02");
      Path in = dir.resolve("input");
      System.out.printf("generating one day at scale %s into %s%n", scale, in);
      int rc =
          Omnitouch.execute(
              "generate",
              "--out",
              in.toString(),
              "--from",
              day.toString(),
              "--days",
              "1",
              "--scale",
              String.valueOf(scale));
      if (rc != 0) {
        return rc;
      }
      config = config.toBuilder().input(in).build();
      date = day;
    }
    if (date == null) {
      throw new IllegalArgumentException("--date is required with --input");
    }
    IngestBench.run(config, date, dir, System.out);
    return ExitCodes.OK;
  }
}
