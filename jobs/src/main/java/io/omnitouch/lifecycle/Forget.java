package io.omnitouch.lifecycle;

import io.delta.tables.DeltaTable;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code omnitouch forget --user-id ID}: personal-information erasure on request. The user's id is
 * replaced, in every Delta table of every layer and in every export, by a tombstone drawn at random
 * for this request ({@code forgotten-<uuid>}) that is stored nowhere next to the id: the rows stay,
 * so every mart total (revenue, orders, distinct users, attribution credits) is unchanged and
 * consistent with silver, and a later restatement of any date from silver gives the same marts. The
 * user's keyed buyer phones are removed from their order rows, and the id is cut out of quarantine
 * raw text and reasons. Exports of the rewritten mart partitions are republished.
 *
 * <p>The id is matched through a MERGE with a one-row source, never as a literal in a predicate, so
 * it is not written into the Delta log's commit information. The replaced files stay readable by
 * time travel until {@code omnitouch maintain} vacuums them (after its retention); the Delta log
 * keeps per-file min/max statistics of old files until its own retention (see docs/reliability.md).
 * Finally every current table version and export is scanned for the id, and any hit fails the
 * command (exit 1) naming the table and column.
 */
public final class Forget {
  public static final String TOMBSTONE_PREFIX = "forgotten-";

  /** Characters that can belong to an id token: a hit must not be part of a longer id. */
  private static final String ID_CHAR = "[A-Za-z0-9_-]";

  /** Free-text columns that may quote a user id inside other text (quarantine). */
  private static final List<String> TEXT_COLUMNS = List.of("raw", "reason");

  private static final StructType SOURCE =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("forget_id", DataTypes.StringType, false),
              DataTypes.createStructField("tombstone", DataTypes.StringType, false),
              DataTypes.createStructField("id_pattern", DataTypes.StringType, false),
              DataTypes.createStructField("replacement", DataTypes.StringType, false)));

  public record Result(String tombstone, Map<String, Long> rowsPerTable, int exportPartitions) {
    public long rows() {
      return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Warehouse wh;
  private final WarehouseTables tables;
  private final PrintStream out;

  public Forget(Warehouse wh, PrintStream out) {
    this.wh = wh;
    this.tables = new WarehouseTables(wh);
    this.out = out;
  }

  /** Columns holding a user id: {@code user_id} and {@code *_user_id} (e.g. inviter_user_id). */
  static boolean isUserColumn(StructField f) {
    return f.dataType().equals(DataTypes.StringType)
        && (f.name().equals("user_id") || f.name().endsWith("_user_id"));
  }

  /**
   * Where a table holds user ids: its user columns ({@code user_id}) and the user fields of its
   * struct columns ({@code first_consumer.user_id} in silver/code_registry).
   */
  static List<String> userPaths(StructType schema) {
    List<String> paths = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (isUserColumn(f)) {
        paths.add(f.name());
      } else if (f.dataType() instanceof StructType struct) {
        for (StructField inner : struct.fields()) {
          if (isUserColumn(inner)) {
            paths.add(f.name() + "." + inner.name());
          }
        }
      }
    }
    return paths;
  }

  /** Columns holding a user's keyed phone ({@code buyer_phone_key}). */
  static boolean isPhoneKeyColumn(StructField f) {
    return f.name().endsWith("_phone_key");
  }

  /** The regular expression of the id as a whole token (not inside a longer id). */
  static String tokenPattern(String userId) {
    return "(?<!" + ID_CHAR + ")" + Pattern.quote(userId) + "(?!" + ID_CHAR + ")";
  }

  public Result forget(String userId, String runId, LocalDate dt, RunMetrics metrics) {
    if (userId == null || userId.isBlank() || !userId.strip().equals(userId)) {
      throw new IllegalArgumentException("--user-id must be a non-blank id without spaces");
    }
    Instant t0 = Instant.now();
    String tombstone = TOMBSTONE_PREFIX + UUID.randomUUID();
    Dataset<Row> source =
        wh.spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        userId,
                        tombstone,
                        tokenPattern(userId),
                        Matcher.quoteReplacement(tombstone))),
                SOURCE);
    Map<String, String> exported = tables.exports();
    Map<String, Long> rows = new LinkedHashMap<>();
    int partitions = 0;
    out.printf(
        Locale.ROOT, "omnitouch forget %s: pseudonymising one user in %s%n", runId, wh.root());
    for (String table : tables.deltaTables()) {
      Dataset<Row> df = wh.read(table);
      List<String> users = userPaths(df.schema());
      List<String> texts =
          table.equals(Warehouse.QUARANTINE)
              ? TEXT_COLUMNS.stream().filter(c -> List.of(df.columns()).contains(c)).toList()
              : List.of();
      if (users.isEmpty() && texts.isEmpty()) {
        continue;
      }
      String mart = table.startsWith("gold/") ? table.substring("gold/".length()) : null;
      String dateColumn = mart == null ? null : exported.get(mart);
      TreeSet<LocalDate> dates =
          dateColumn == null ? new TreeSet<>() : affectedDates(df, users, userId, dateColumn);
      long n = merge(table, df.schema(), users, texts, source);
      if (n == 0) {
        continue;
      }
      rows.put(table, n);
      out.printf(Locale.ROOT, "  %-32s %,10d rows pseudonymised%n", table, n);
      if (mart != null && exported.containsKey(mart)) {
        partitions += republish(mart, dateColumn, dates);
      }
    }
    List<String> leftovers = verify(userId);
    if (!leftovers.isEmpty()) {
      throw new IllegalStateException(
          "The id is still stored after forget in: "
              + String.join(", ", leftovers)
              + ". Those columns hold user ids under another name or inside text: extend"
              + " Forget to cover them, then rerun forget.");
    }
    Result result = new Result(tombstone, rows, partitions);
    String message =
        String.format(
            Locale.ROOT,
            "user pseudonymised as %s: %d rows in %d tables, %d export partitions republished;"
                + " old file versions remain until maintain vacuums them",
            tombstone,
            result.rows(),
            rows.size(),
            partitions);
    metrics.record(
        runId,
        dt,
        new RunMetrics.StageResult(
            "forget", t0, Instant.now(), null, result.rows(), null, "ok", message));
    metrics.flush();
    out.println("  " + message);
    return result;
  }

  private static Column anyUserIs(List<String> users, Column id) {
    Column any = functions.lit(false);
    for (String u : users) {
      any = any.or(functions.coalesce(functions.col("t." + u).equalTo(id), functions.lit(false)));
    }
    return any;
  }

  /** Rewrites the matching rows in one commit; returns how many rows changed. */
  private long merge(
      String table,
      StructType schema,
      List<String> users,
      List<String> texts,
      Dataset<Row> source) {
    Column id = functions.col("s.forget_id");
    Column match = anyUserIs(users, id);
    for (String x : texts) {
      match = match.or(functions.expr("coalesce(t." + x + " RLIKE s.id_pattern, false)"));
    }
    Map<String, Column> set = new LinkedHashMap<>();
    for (String u : users) {
      int dot = u.indexOf('.');
      if (dot < 0) {
        Column c = functions.col("t." + u);
        set.put(u, functions.when(c.equalTo(id), functions.col("s.tombstone")).otherwise(c));
      } else {
        // A user field of a struct column: the struct is rewritten with that field replaced.
        String column = u.substring(0, dot);
        String field = u.substring(dot + 1);
        Column c = set.getOrDefault(column, functions.col("t." + column));
        set.put(
            column,
            functions
                .when(
                    c.getField(field).equalTo(id), c.withField(field, functions.col("s.tombstone")))
                .otherwise(c));
      }
    }
    Column userRow = anyUserIs(users, id);
    for (StructField f : schema.fields()) {
      if (isPhoneKeyColumn(f)) {
        Column c = functions.col("t." + f.name());
        set.put(
            f.name(), functions.when(userRow, functions.lit(null).cast(f.dataType())).otherwise(c));
      }
    }
    for (String x : texts) {
      set.put(
          x,
          functions.regexp_replace(
              functions.col("t." + x),
              functions.col("s.id_pattern"),
              functions.col("s.replacement")));
    }
    DeltaTable delta = wh.delta(table);
    long version = delta.history(1).select("version").first().getLong(0);
    delta.as("t").merge(source.as("s"), match).whenMatched().update(set).execute();
    Row last = delta.history(1).select("version", "operationMetrics").first();
    if (last.getLong(0) == version) {
      return 0;
    }
    Map<String, String> m = last.getJavaMap(1);
    return Long.parseLong(m.getOrDefault("numTargetRowsUpdated", "0"));
  }

  /** The mart dates that hold the user, read before the rewrite (their exports are republished). */
  private static TreeSet<LocalDate> affectedDates(
      Dataset<Row> df, List<String> users, String userId, String dateColumn) {
    Column any = functions.lit(false);
    for (String u : users) {
      any = any.or(functions.coalesce(functions.col(u).equalTo(userId), functions.lit(false)));
    }
    TreeSet<LocalDate> dates = new TreeSet<>();
    df.filter(any).select(dateColumn).distinct().collectAsList().stream()
        .filter(r -> !r.isNullAt(0))
        .forEach(r -> dates.add(r.getDate(0).toLocalDate()));
    return dates;
  }

  /** Republishes a mart's export: the runs of consecutive affected dates, or the whole mart. */
  private int republish(String mart, String dateColumn, TreeSet<LocalDate> dates) {
    Exports exports = new Exports(wh);
    Dataset<Row> gold = wh.read("gold/" + mart);
    if (dateColumn == null) {
      exports.publishWhole(mart, gold);
      return 1;
    }
    int n = 0;
    LocalDate from = null;
    LocalDate prev = null;
    for (LocalDate d : dates) {
      if (from == null) {
        from = d;
      } else if (!d.equals(prev.plusDays(1))) {
        exports.publishDates(mart, gold, dateColumn, from, prev);
        from = d;
      }
      prev = d;
      n++;
    }
    if (from != null) {
      exports.publishDates(mart, gold, dateColumn, from, prev);
    }
    return n;
  }

  private static Column holds(String column, String pattern) {
    return functions.col(column).cast("string").rlike(pattern);
  }

  /** Every column of every current table version and export that still holds the id as a token. */
  List<String> verify(String userId) {
    List<String> hits = new ArrayList<>();
    String pattern = tokenPattern(userId);
    Map<String, Dataset<Row>> all = new TreeMap<>();
    for (String t : tables.deltaTables()) {
      all.put(t, wh.read(t));
    }
    for (String mart : tables.exports().keySet()) {
      String dir = wh.root() + "/" + Exports.FOLDER + "/" + mart;
      if (!tables.dataFiles(Exports.FOLDER + "/" + mart).isEmpty()) {
        all.put(
            Exports.FOLDER + "/" + mart,
            wh.spark().read().option("mergeSchema", "true").parquet(dir));
      }
    }
    for (Map.Entry<String, Dataset<Row>> e : all.entrySet()) {
      Dataset<Row> df = e.getValue();
      List<String> texts =
          List.of(df.schema().fields()).stream()
              .filter(
                  f ->
                      !(f.dataType() instanceof org.apache.spark.sql.types.AtomicType)
                          || f.dataType().equals(DataTypes.StringType))
              .map(StructField::name)
              .toList();
      Column any = functions.lit(false);
      for (String c : texts) {
        any = any.or(functions.coalesce(holds(c, pattern), functions.lit(false)));
      }
      if (texts.isEmpty() || df.filter(any).isEmpty()) {
        continue; // one scan per table; columns are named only when it holds the id somewhere
      }
      for (String c : texts) {
        long n = df.filter(holds(c, pattern)).count();
        if (n > 0) {
          hits.add(e.getKey() + "." + c + " (" + n + " rows)");
        }
      }
    }
    return hits;
  }
}
