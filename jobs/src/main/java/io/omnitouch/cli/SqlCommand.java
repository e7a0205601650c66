package io.omnitouch.cli;

import io.omnitouch.calendar.Calendar;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnitouch sql "SELECT ..." [--warehouse DIR] [--format csv|table|json]}: runs one
 * read-only query over the gold marts, each registered under its table name (every {@link
 * MartCatalog} mart and {@code run_metrics}), plus {@code quarantine} (source, dt, file, line,
 * reason, raw). Statements other than queries are refused with exit code 2 before anything runs.
 * csv is for machines: header row, RFC 4180, values as Spark renders them, no formula guarding.
 * json is JSON Lines (one object per row, nulls kept). table is for people.
 */
@Command(
    name = "sql",
    description = "Run a read-only SQL query over the gold marts and print the result.")
public final class SqlCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    csv,
    table,
    json
  }

  /** The quarantine view shows these columns of {@code <warehouse>/quarantine}. */
  static final String[] QUARANTINE_COLUMNS = {"source", "dt", "file", "line", "reason", "raw"};

  @Mixin CommonOptions common = new CommonOptions();

  @Parameters(index = "0", paramLabel = "QUERY", description = "One SELECT (or WITH ... SELECT).")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "csv, table or json (JSON Lines); default: ${DEFAULT-VALUE}")
  Format format;

  @Override
  public Integer call() {
    OmnitouchConfig config = common.config();
    SparkSession spark = SparkSessions.create(config, "omnitouch-sql");
    return run(new Warehouse(spark, config.warehouse), query, format, System.out, System.err);
  }

  /** Checks, registers the views, runs and prints; returns the exit code. */
  public static int run(
      Warehouse warehouse, String sql, Format format, PrintStream out, PrintStream err) {
    SparkSession spark = warehouse.spark();
    Dataset<Row> result;
    try {
      ReadOnlyQuery.checkStatement(spark, sql);
      registerViews(warehouse);
      result = spark.sql(sql);
      ReadOnlyQuery.checkAnalysed(result.queryExecution().analyzed());
    } catch (ReadOnlyQuery.Refused e) {
      err.println("omnitouch sql: refused: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (AnalysisException e) { // ParseException is one too
      err.println("omnitouch sql: bad query: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    switch (format) {
      case csv -> printCsv(result, out);
      case json -> printJson(result, out);
      case table -> printTable(result, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * Every gold mart under its table name, run_metrics and quarantine, and {@code territories} (the
   * territory history with each distributor's fallback), as temporary views.
   */
  static void registerViews(Warehouse warehouse) {
    for (MartJob job : MartCatalog.all()) {
      warehouse.read("gold/" + job.name()).createOrReplaceTempView(job.name());
    }
    String metrics = RunMetrics.TABLE.substring("gold/".length());
    warehouse.read(RunMetrics.TABLE).createOrReplaceTempView(metrics);
    warehouse
        .read(Warehouse.QUARANTINE)
        .select(QUARANTINE_COLUMNS[0], java.util.Arrays.copyOfRange(QUARANTINE_COLUMNS, 1, 6))
        .createOrReplaceTempView(Warehouse.QUARANTINE);
    Calendar.view(warehouse).createOrReplaceTempView(Calendar.REFERENCE);
    io.omnitouch.silver.Territories.view(
            io.omnitouch.marts.Dimensions.read(warehouse, "distributors"),
            io.omnitouch.marts.Dimensions.read(warehouse, io.omnitouch.silver.Territories.HISTORY))
        .createOrReplaceTempView("territories");
  }

  /** Every column rendered as Spark renders it as a string (null stays null). */
  static Dataset<Row> asStrings(Dataset<Row> result) {
    List<Column> cols = new ArrayList<>();
    for (String c : result.columns()) {
      cols.add(result.col(quote(c)).cast("string"));
    }
    return result.select(cols.toArray(Column[]::new));
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  static void printCsv(Dataset<Row> result, PrintStream out) {
    // Not closed: closing the printer would close stdout.
    java.io.Writer sink = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
    try {
      CSVPrinter csv =
          new CSVPrinter(sink, CSVFormat.RFC4180.builder().setHeader(result.columns()).get());
      Iterator<Row> rows = asStrings(result).toLocalIterator();
      while (rows.hasNext()) {
        Row r = rows.next();
        List<String> values = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
          values.add(r.isNullAt(i) ? null : r.getString(i));
        }
        csv.printRecord(values);
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void printJson(Dataset<Row> result, PrintStream out) {
    List<Column> cols = new ArrayList<>();
    for (String c : result.columns()) {
      cols.add(result.col(quote(c)));
    }
    Column object =
        functions.to_json(
            functions.struct(cols.toArray(Column[]::new)),
            java.util.Map.of("ignoreNullFields", "false"));
    Iterator<Row> lines = result.select(object).toLocalIterator();
    while (lines.hasNext()) {
      out.println(lines.next().getString(0));
    }
  }

  static void printTable(Dataset<Row> result, PrintStream out) {
    String[] header = result.columns();
    List<String[]> cells = new ArrayList<>();
    for (Row r : asStrings(result).collectAsList()) {
      String[] line = new String[r.size()];
      for (int i = 0; i < r.size(); i++) {
        line[i] = r.isNullAt(i) ? "NULL" : printable(r.getString(i));
      }
      cells.add(line);
    }
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = displayWidth(printable(header[i]));
      for (String[] line : cells) {
        width[i] = Math.max(width[i], displayWidth(line[i]));
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(tableLine(header, width));
    out.println(rule);
    for (String[] line : cells) {
      out.println(tableLine(line, width));
    }
    out.println(rule);
    out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
  }

  private static String tableLine(String[] values, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < values.length; i++) {
      String v = printable(values[i]);
      b.append(' ').append(v).append(" ".repeat(width[i] - displayWidth(v))).append(" |");
    }
    return b.toString();
  }

  /** Control characters (newlines, escapes) shown as {@code \\uXXXX} so a cell stays one line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    return b.toString();
  }

  /** Terminal columns: East Asian wide and full-width characters take two. */
  static int displayWidth(String s) {
    return s.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum();
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }
}
