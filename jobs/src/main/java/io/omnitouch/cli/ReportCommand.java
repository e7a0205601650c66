package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.report.ExecutiveReport;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.report.ReportModel;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code omnitouch report --date D [--out DIR] [--lang zh|en] [--warehouse DIR]}: the executive
 * report of one business date from the gold marts, one self-contained HTML file ({@code
 * report-<date>-<lang>.html}, default folder {@code <warehouse>/reports}).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the executive report of one business date (self-contained HTML).")
public final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--date", required = true, description = "Business date, yyyy-MM-dd")
  LocalDate date;

  @Option(names = "--out", description = "Output folder (default: <warehouse>/reports)")
  Path out;

  @Option(
      names = "--lang",
      defaultValue = "zh",
      description = "zh or en (default: ${DEFAULT-VALUE})")
  Lang lang;

  @Override
  public Integer call() {
    OmnitouchConfig config = common.config();
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.create(config, "omnitouch-report");
    try {
      Warehouse wh = new Warehouse(spark, config.warehouse);
      long t1 = System.nanoTime();
      ReportModel model = ExecutiveReport.model(wh, date);
      long t2 = System.nanoTime();
      String dir =
          out != null
              ? out.toAbsolutePath().normalize().toString()
              : ExecutiveReport.defaultDir(wh);
      String file = ExecutiveReport.write(spark, model, dir, List.of(lang)).get(0);
      long t3 = System.nanoTime();
      System.out.println(file);
      System.err.printf(
          Locale.ROOT,
          "omnitouch report: %s written; model %.1f s, render+write %.2f s (Spark start %.1f s)%n",
          date,
          (t2 - t1) / 1e9,
          (t3 - t2) / 1e9,
          (t1 - t0) / 1e9);
    } finally {
      spark.stop();
    }
    return ExitCodes.OK;
  }
}
