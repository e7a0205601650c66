package io.omnitouch.report;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.report.Messages.Lang;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The executive report of one business date: reads the marts ({@link ReportInputs#read}), builds
 * the model ({@link ReportModelBuilder}), renders it ({@link HtmlRenderer}) and writes {@code
 * report-<date>-<lang>.html}, by default under {@code <warehouse>/reports/}. The file is written
 * aside and renamed into place, so a reader never opens half a report.
 */
public final class ExecutiveReport {
  public static final String REPORTS_DIR = "reports";

  private ExecutiveReport() {}

  public static String fileName(LocalDate date, Lang lang) {
    return "report-" + date + "-" + lang + ".html";
  }

  /** {@code <warehouse>/reports}. */
  public static String defaultDir(Warehouse wh) {
    return wh.root() + "/" + REPORTS_DIR;
  }

  public static ReportModel model(Warehouse wh, LocalDate date) {
    return ReportModelBuilder.build(ReportInputs.read(wh), date, Calendar.load(wh));
  }

  /** Renders {@code model} in each language into {@code dir}; returns the files written. */
  public static List<String> write(
      SparkSession spark, ReportModel model, String dir, List<Lang> langs) {
    List<String> written = new ArrayList<>();
    for (Lang lang : langs) {
      String html = HtmlRenderer.render(model, Messages.of(lang));
      written.add(writeFile(spark, dir, fileName(model.date(), lang), html));
    }
    return written;
  }

  /**
   * The nightly run's report stage (the CLI gives it to the orchestrator): both languages of the
   * date into {@code <warehouse>/reports/}.
   */
  public static void nightly(SparkSession spark, OmnitouchConfig config, LocalDate date) {
    Warehouse wh = new Warehouse(spark, config.warehouse.toAbsolutePath().normalize().toString());
    long t0 = System.nanoTime();
    List<String> files = write(spark, model(wh, date), defaultDir(wh), List.of(Lang.values()));
    System.out.printf(
        java.util.Locale.ROOT,
        "  report %s %s (%.1f s)%n",
        date,
        String.join(", ", files),
        (System.nanoTime() - t0) / 1e9);
  }

  private static String writeFile(SparkSession spark, String dir, String name, String html) {
    try {
      Path target = new Path(dir, name);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(target.getParent());
      fs.setWriteChecksum(false); // no .crc companion files next to the report
      Path aside = new Path(dir, "." + name + ".tmp");
      try (OutputStream out = fs.create(aside, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(aside, target)) {
        throw new IOException("cannot rename " + aside + " to " + target);
      }
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report " + name + " to " + dir, e);
    }
  }
}
