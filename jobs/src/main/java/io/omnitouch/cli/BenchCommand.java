package io.omnitouch.cli;

import io.omnitouch.bench.AttributionBench;
import io.omnitouch.bench.CustomerBench;
import io.omnitouch.bench.DiversionFraudBench;
import io.omnitouch.bench.IngestBench;
import io.omnitouch.bench.NightlyBench;
import io.omnitouch.bench.UpliftBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code omnitouch bench <what>}: benchmarks that print figures (tests never time anything). {@code
 * ingest} generates one day at a scale (or takes --input) and compares ingest + silver with a
 * CSV->Parquet floor; the mart benchmarks synthesise their own warehouse and take their own options
 * (see each class comment).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks that print figures: ingest, nightly, attribution, diversion, uplift, customers.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchCommand.Nightly.class,
      BenchCommand.Attribution.class,
      BenchCommand.Diversion.class,
      BenchCommand.Uplift.class,
      BenchCommand.Customers.class
    })
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println(
        "omnitouch bench: name a benchmark: ingest, nightly, attribution, diversion, uplift,"
            + " customers");
    return ExitCodes.BAD_INPUT;
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = "Ingest + silver of one day against a CSV->Parquet floor job.")
  static final class Ingest implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--scale",
        description = "Generator scale when no --input is given (default 50)")
    double scale = 50;

    @Option(names = "--date", description = "Date to ingest (default: the generated day)")
    LocalDate date;

    @Option(names = "--scratch", description = "Scratch folder (default: a temp folder)")
    Path scratch;

    @Override
    public Integer call() throws Exception {
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

  @Command(
      name = "nightly",
      mixinStandardHelpOptions = true,
      description =
          "Whole nights (ingest, silver, marts, export, report) on day 31 and day N of generated"
              + " history, against a CSV->Parquet floor.")
  static final class Nightly implements Callable<Integer> {
    /**
     * Scale at which a multi-day generation writes about 2M log rows a day: scale 20 gave 80k rows
     * a day over 8 days (the first day carries a burst; a one-day generation has more per scale).
     */
    static final double TWO_MILLION_ROWS_A_DAY = 500;

    static final int DEFAULT_DAYS = 60;

    @Mixin CommonOptions common;

    @Option(
        names = "--scale",
        description = "Generator scale (default 500: about 2M log rows a day)")
    double scale = TWO_MILLION_ROWS_A_DAY;

    @Option(names = "--days", description = "Days of history, the last one timed (default 60)")
    int days = DEFAULT_DAYS;

    @Option(
        names = "--duckdb-jar",
        description = "DuckDB JDBC jar of the peer (default: the newest in ~/.m2)")
    Path duckdbJar;

    @Option(names = "--from", description = "First generated date (default 2026-10-01)")
    LocalDate from = LocalDate.parse("2026-10-01");

    @Option(names = "--scratch", description = "Scratch folder (default: a temp folder)")
    Path scratch;

    @Override
    public Integer call() throws Exception {
      Path dir = scratch != null ? scratch : Files.createTempDirectory("omnitouch-bench");
      var config = common.config();
      if (common.input == null) {
        Path in = dir.resolve("input");
        System.out.printf("generating %d days at scale %s into %s%n", days, scale, in);
        long t0 = System.nanoTime();
        int rc =
            Omnitouch.execute(
                "generate",
                "--out",
                in.toString(),
                "--from",
                from.toString(),
                "--days",
                String.valueOf(days),
                "--scale",
                String.valueOf(scale));
        if (rc != 0) {
          return rc;
        }
        System.out.printf("  generated in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        config = config.toBuilder().input(in).build();
      }
      NightlyBench.run(config, from, days, dir, duckdbJar, System.out);
      return ExitCodes.OK;
    }
  }

  /** The mart benchmarks parse their own arguments; picocli passes them through untouched. */
  private abstract static class PassThrough implements Callable<Integer> {
    @Unmatched List<String> args = new ArrayList<>();

    abstract void main(String[] args) throws Exception;

    @Override
    public Integer call() throws Exception {
      main(args.toArray(String[]::new));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "attribution",
      description =
          "Attribution night on day 31 vs day 60 of a synthetic history (target ratio <= 1.3):"
              + " [--touches-per-day N] [--orders-per-day N] [--days 60] [--repeats 2]")
  static final class Attribution extends PassThrough {
    @Override
    void main(String[] args) throws Exception {
      AttributionBench.main(args);
    }
  }

  @Command(
      name = "diversion",
      description =
          "Diversion + fraud night against a code registry:"
              + " [--scans-per-day 5000000] [--codes 20000000] [--shuffle-partitions 8]")
  static final class Diversion extends PassThrough {
    @Override
    void main(String[] args) throws Exception {
      DiversionFraudBench.main(args);
    }
  }

  @Command(
      name = "customers",
      description =
          "Customer stage night 31 vs night 400 (target ratio <= 1.2):"
              + " [--orders-per-day 300000] [--days 400] [--users N] [--keep]")
  static final class Customers extends PassThrough {
    @Override
    void main(String[] args) throws Exception {
      CustomerBench.main(args);
    }
  }

  @Command(
      name = "uplift",
      description = "Bootstrap CI coverage of uplift_program on simulated rollouts: [reps] [seed]")
  static final class Uplift extends PassThrough {
    @Override
    void main(String[] args) {
      UpliftBench.main(args);
    }
  }
}
