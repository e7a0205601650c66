package io.omnitouch.cli;

import io.omnitouch.generate.GenerateOptions;
import io.omnitouch.generate.Generator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omnitouch generate}: a realistic, seeded input tree per the input contract. */
@Command(
    name = "generate",
    description =
        "Write a realistic input tree (four logs, reference files, planted cases) per the input"
            + " contract. Same options, same bytes.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Output folder")
  Path out;

  @Option(names = "--from", required = true, description = "First business date (YYYY-MM-DD)")
  LocalDate from;

  @Option(names = "--days", required = true, description = "Number of days")
  int days;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description = "Rows per day roughly proportional; 1 = the committed sample (default: 1)")
  double scale;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: 42)")
  long seed;

  @Option(names = "--gzip", description = "Write .csv.gz instead of .csv")
  boolean gzip;

  @Option(
      names = "--rows-per-file",
      defaultValue = "1000000",
      description = "Split a source's day into part files of at most this many rows")
  int rowsPerFile;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Generator.Summary s =
        Generator.run(new GenerateOptions(out, from, days, scale, seed, gzip, rowsPerFile));
    long total = s.rows().values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "omnitouch generate: %s .. %s into %s: %d rows in %d files (%s) in %.1f s; planted cases:"
            + " %s%n",
        from,
        from.plusDays(days - 1L),
        out,
        total,
        s.files(),
        describe(s.rows()),
        (System.nanoTime() - started) / 1e9,
        s.manifest());
    return ExitCodes.OK;
  }

  private static String describe(Map<String, Long> rows) {
    StringBuilder b = new StringBuilder();
    rows.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }
}
