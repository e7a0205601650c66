package io.omnitouch.cli;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code omnitouch sql "SELECT ..." | --file F [--warehouse DIR] [--format csv|table|json]
 * [--max-rows N]}: runs one read-only query over what {@link SqlCatalog} registers (every gold mart
 * and {@code run_metrics}, {@code quarantine}, the dimension views, {@code territories}, {@code
 * paid_orders}, {@code sql_audit}), or one of the two catalog statements {@code SHOW TABLES} and
 * {@code DESCRIBE <table>} (column, type, definition from {@code schemas/}). Other statements,
 * path-based tables and reflection are refused with exit code 2 before anything runs. Every query
 * (success, failure, refusal) is appended to {@link SqlAudit}. csv is for machines: header row, RFC
 * 4180, values as Spark renders them, no formula guarding (names come back byte for byte). json is
 * JSON Lines (one object per row, nulls kept). table is for people, capped at {@code --max-rows}.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run a read-only SQL query over the marts, dimensions and paid_orders and print the result.",
      "Also: SHOW TABLES, DESCRIBE <table>. Every query is recorded in the table sql_audit."
    })
public final class SqlCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    csv,
    table,
    json
  }

  /** Default cap of {@code table} output: a terminal, not a file, is its reader. */
  static final int DEFAULT_MAX_ROWS = 1000;

  private static final Pattern SHOW_TABLES = Pattern.compile("(?is)\\s*SHOW\\s+TABLES\\s*;?\\s*");
  private static final Pattern DESCRIBE =
      Pattern.compile(
          "(?is)\\s*DESC(?:RIBE)?\\s+(?:TABLE\\s+)?`?([A-Za-z_][A-Za-z0-9_]*)`?\\s*;?\\s*");

  @Mixin QueryOptions common = new QueryOptions();

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "QUERY",
      description = "One SELECT (or WITH ... SELECT), SHOW TABLES or DESCRIBE <table>.")
  String query;

  @Option(names = "--file", paramLabel = "F", description = "Read the query from this file.")
  Path file;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "csv, table or json (JSON Lines); default: ${DEFAULT-VALUE}")
  Format format;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_MAX_ROWS,
      description = "Rows shown by table output; the rest are counted (default: ${DEFAULT-VALUE})")
  int maxRows;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if ((query == null) == (file == null)) {
      throw new ParameterException(
          spec.commandLine(), "give the query either as an argument or with --file, not both");
    }
    if (maxRows < 0) {
      throw new ParameterException(spec.commandLine(), "--max-rows must be >= 0, got " + maxRows);
    }
    String sql = file != null ? readQuery(file) : query;
    OmnitouchConfig config = common.config();
    SparkSession spark = SparkSessions.create(config, "omnitouch-sql");
    return run(
        new Warehouse(spark, config.warehouse), sql, format, maxRows, System.out, System.err);
  }

  private String readQuery(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read --file " + f + ": " + e);
    }
  }

  /** As {@link #run(Warehouse, String, Format, int, PrintStream, PrintStream)}, default cap. */
  public static int run(
      Warehouse warehouse, String sql, Format format, PrintStream out, PrintStream err) {
    return run(warehouse, sql, format, DEFAULT_MAX_ROWS, out, err);
  }

  /** Checks, registers the views, runs, prints and audits; returns the exit code. */
  public static int run(
      Warehouse warehouse,
      String sql,
      Format format,
      int maxRows,
      PrintStream out,
      PrintStream err) {
    int code;
    Long rows = null;
    try {
      Dataset<Row> result = resolve(warehouse, sql);
      rows =
          switch (format) {
            case csv -> printCsv(result, out);
            case json -> printJson(result, out);
            case table -> printTable(result, maxRows, out);
          };
      out.flush();
      code = ExitCodes.OK;
    } catch (ReadOnlyQuery.Refused e) {
      err.println("omnitouch sql: refused: " + e.getMessage());
      code = ExitCodes.BAD_INPUT;
    } catch (AnalysisException e) { // ParseException is one too
      err.println("omnitouch sql: bad query: " + e.getMessage());
      code = ExitCodes.BAD_INPUT;
    } catch (Exception e) { // Spark's own exceptions are checked but thrown unchecked
      audit(warehouse, sql, null, ExitCodes.FAILURE, err);
      throw e;
    }
    return audit(warehouse, sql, rows, code, err) ? code : ExitCodes.FAILURE;
  }

  /** The result of a catalog statement or a checked query. */
  private static Dataset<Row> resolve(Warehouse warehouse, String sql) throws AnalysisException {
    SparkSession spark = warehouse.spark();
    SqlCatalog catalog = SqlCatalog.of();
    if (SHOW_TABLES.matcher(sql).matches()) {
      List<String[]> lines = new ArrayList<>();
      for (SqlCatalog.View v : catalog.available(warehouse)) {
        lines.add(new String[] {v.name(), v.kind(), SqlCatalog.description(v)});
      }
      return textTable(spark, lines, "name", "kind", "description");
    }
    Matcher describe = DESCRIBE.matcher(sql);
    if (describe.matches()) {
      String name = describe.group(1);
      List<String> registered = catalog.register(warehouse, List.of(name));
      SqlCatalog.View v =
          catalog
              .view(name)
              .filter(x -> registered.contains(x.name()))
              .orElseThrow(
                  () ->
                      new ReadOnlyQuery.Refused(
                          "no table " + name + " is registered; SHOW TABLES lists them"));
      List<String[]> lines = SqlCatalog.describe(v, spark.table(v.name()));
      return textTable(spark, lines, "column", "type", "definition");
    }
    catalog.register(warehouse, ReadOnlyQuery.checkStatement(spark, sql));
    Dataset<Row> result = spark.sql(sql);
    ReadOnlyQuery.checkAnalysed(result.queryExecution().analyzed());
    return result;
  }

  private static Dataset<Row> textTable(SparkSession spark, List<String[]> lines, String... cols) {
    List<StructField> fields = new ArrayList<>();
    for (String c : cols) {
      fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
    }
    List<Row> rows = new ArrayList<>();
    for (String[] l : lines) {
      rows.add(RowFactory.create((Object[]) l));
    }
    return spark.createDataFrame(rows, DataTypes.createStructType(fields));
  }

  /** Appends the audit row; false (and a message) when the audit table cannot be written. */
  private static boolean audit(Warehouse wh, String sql, Long rows, int code, PrintStream err) {
    try {
      SqlAudit.append(wh, sql, rows, code);
      return true;
    } catch (RuntimeException e) {
      err.println(
          "omnitouch sql: could not record the query in "
              + wh.path(SqlAudit.TABLE)
              + ": "
              + e.getMessage());
      return false;
    }
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

  /** Prints RFC 4180 with a header; returns the rows printed. */
  static long printCsv(Dataset<Row> result, PrintStream out) {
    // Not closed: closing the printer would close stdout.
    java.io.Writer sink = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
    try {
      CSVPrinter csv =
          new CSVPrinter(sink, CSVFormat.RFC4180.builder().setHeader(result.columns()).get());
      long n = 0;
      Iterator<Row> rows = asStrings(result).toLocalIterator();
      while (rows.hasNext()) {
        n++;
        Row r = rows.next();
        List<String> values = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
          values.add(r.isNullAt(i) ? null : r.getString(i));
        }
        csv.printRecord(values);
      }
      csv.flush();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints JSON Lines; returns the rows printed. */
  static long printJson(Dataset<Row> result, PrintStream out) {
    List<Column> cols = new ArrayList<>();
    for (String c : result.columns()) {
      cols.add(result.col(quote(c)));
    }
    Column object =
        functions.to_json(
            functions.struct(cols.toArray(Column[]::new)),
            java.util.Map.of("ignoreNullFields", "false"));
    long n = 0;
    Iterator<Row> lines = result.select(object).toLocalIterator();
    while (lines.hasNext()) {
      out.println(lines.next().getString(0));
      n++;
    }
    return n;
  }

  /**
   * Prints an aligned table of at most {@code maxRows} rows and a line saying how many rows the
   * result has and how many were left out; returns the rows of the result.
   */
  static long printTable(Dataset<Row> result, int maxRows, PrintStream out) {
    String[] header = result.columns();
    List<String[]> cells = new ArrayList<>();
    // One row more than shown tells whether anything was left out without counting every time.
    List<Row> head = asStrings(result).limit(maxRows + 1).collectAsList();
    long total = head.size() <= maxRows ? head.size() : result.count();
    for (Row r : head.subList(0, Math.min(head.size(), maxRows))) {
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
    String count = "(" + total + (total == 1 ? " row" : " rows");
    long left = total - cells.size();
    out.println(
        left == 0
            ? count + ")"
            : count + "; " + left + " not shown: --max-rows " + maxRows + ", or --format csv)");
    return total;
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
