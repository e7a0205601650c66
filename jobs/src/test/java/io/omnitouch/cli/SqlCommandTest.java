package io.omnitouch.cli;

import static io.omnitouch.testing.SharedSpark.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sql command over a small warehouse: the three formats and the refusal of non-queries. */
class SqlCommandTest {
  static Warehouse wh;

  @BeforeAll
  static void warehouse() {
    wh = SharedSpark.tempWarehouse("sql");
    wh.overwrite(
        "gold/attribution_channel_daily",
        SharedSpark.rows(
            Schemas.struct("marts/attribution_channel_daily"),
            row(Date.valueOf("2026-11-20"), "linear", "guide", 1.5, 120.25),
            row(Date.valueOf("2026-11-20"), "linear", "direct", 0.5, 0.0)));
    wh.overwrite(
        Warehouse.QUARANTINE,
        SharedSpark.rows(
            Schemas.struct("silver/quarantine"),
            row(
                "orders",
                Date.valueOf("2026-11-20"),
                "orders/dt=2026-11-20/a.csv",
                7L,
                "bad money",
                "o1,\"x\",=1+1\nnext",
                "run-1",
                new Timestamp(0)),
            row(
                "stores",
                null,
                "reference/stores.csv",
                null,
                "missing column name",
                null,
                "run-1",
                new Timestamp(0))));
    wh.overwrite(
        "silver/stores",
        SharedSpark.rows(
            Schemas.referenceStruct("reference/stores"),
            row("S0001", HYPERLINK, "330106", "D01", "flagship", Date.valueOf("2025-01-01")),
            row("S0002", SCRIPT, "320102", "D02", "mall", null)));
    wh.overwrite(
        "silver/distributors",
        SharedSpark.rows(
            Schemas.referenceStruct("reference/distributors"),
            row("D01", "浙江华通", "traditional", "33"),
            row("D02", "苏沪联合", "traditional", "32;31")));
  }

  /** Upstream names that are formulas or markup: sql returns them as text, byte for byte. */
  static final String HYPERLINK = "=HYPERLINK(\"http://evil.example\",\"点我\")";

  static final String SCRIPT = "<script>alert('x')</script>";

  record Result(int code, String out, String err) {}

  static Result sql(String query, SqlCommand.Format format) {
    return sql(wh, query, format, SqlCommand.DEFAULT_MAX_ROWS);
  }

  static Result sql(Warehouse wh, String query, SqlCommand.Format format, int maxRows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SqlCommand.run(
            wh,
            query,
            format,
            maxRows,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void csvIsRfc4180WithHeaderAndRawText() {
    Result r =
        sql(
            "SELECT source, dt, line, reason, raw FROM quarantine ORDER BY source",
            SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "source,dt,line,reason,raw\r\n"
            + "orders,2026-11-20,7,bad money,\"o1,\"\"x\"\",=1+1\nnext\"\r\n"
            + "stores,,,missing column name,\r\n",
        r.out());
  }

  @Test
  void jsonIsOneObjectPerRowWithNulls() {
    Result r =
        sql(
            "SELECT channel, orders, nullif(revenue, 0) AS revenue FROM attribution_channel_daily"
                + " ORDER BY channel",
            SqlCommand.Format.json);
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "{\"channel\":\"direct\",\"orders\":0.5,\"revenue\":null}\n"
            + "{\"channel\":\"guide\",\"orders\":1.5,\"revenue\":120.25}\n",
        r.out());
  }

  @Test
  void tableAlignsWideCharactersAndShowsNull() {
    Result r =
        sql(
            "SELECT channel, nullif(revenue, 0) AS revenue, '导购' AS name FROM"
                + " attribution_channel_daily"
                + " ORDER BY channel",
            SqlCommand.Format.table);
    assertEquals(0, r.code(), r.err());
    assertEquals(
        String.join(
            "\n",
            "+---------+---------+------+",
            "| channel | revenue | name |",
            "+---------+---------+------+",
            "| direct  | NULL    | 导购 |",
            "| guide   | 120.25  | 导购 |",
            "+---------+---------+------+",
            "(2 rows)",
            ""),
        r.out());
  }

  @Test
  void everyMartIsRegisteredEvenBeforeItsFirstRun() {
    Result r =
        sql(
            "SELECT (SELECT count(*) FROM sales_daily) + (SELECT count(*) FROM"
                + " guide_performance_daily) + (SELECT count(*) FROM run_metrics) AS n",
            SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    assertEquals("n\r\n0\r\n", r.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO attribution_channel_daily SELECT * FROM attribution_channel_daily",
        "DELETE FROM attribution_channel_daily",
        "DROP TABLE attribution_channel_daily",
        "CREATE TABLE t AS SELECT 1 AS x",
        "CREATE OR REPLACE TEMP VIEW quarantine AS SELECT 1 AS x",
        "SET spark.sql.shuffle.partitions=1",
        "CACHE TABLE attribution_channel_daily",
        "UPDATE attribution_channel_daily SET orders = 0",
        "FROM attribution_channel_daily INSERT INTO t1 SELECT * INSERT INTO t2 SELECT *",
        "EXPLAIN SELECT 1",
        "SELECT reflect('java.lang.Integer', 'parseInt', '12')",
        "MERGE INTO attribution_channel_daily t USING attribution_channel_daily s ON t.model ="
            + " s.model WHEN MATCHED THEN DELETE",
        "ALTER TABLE attribution_channel_daily ADD COLUMNS (x INT)",
        "VACUUM attribution_channel_daily",
        "OPTIMIZE attribution_channel_daily",
        "RESTORE TABLE attribution_channel_daily TO VERSION AS OF 0",
        "CREATE TABLE c SHALLOW CLONE attribution_channel_daily",
        "REORG TABLE attribution_channel_daily APPLY (PURGE)",
        "TRUNCATE TABLE attribution_channel_daily",
        "DESCRIBE HISTORY attribution_channel_daily",
        "SELECT * FROM delta.`/tmp/x`",
        "SELECT * FROM parquet.`/tmp/x`",
        "WITH a AS (SELECT * FROM json.`/tmp/x`) SELECT * FROM a",
        "SELECT * FROM stores WHERE store_id IN (SELECT store_id FROM csv.`/tmp/x`)",
        "SELECT * FROM default.attribution_channel_daily"
      })
  void nonQueriesAreRefused(String statement) {
    Result r = sql(statement, SqlCommand.Format.csv);
    assertEquals(ExitCodes.BAD_INPUT, r.code(), statement);
    assertTrue(r.err().contains("refused"), r.err());
    assertEquals("", r.out());
    assertEquals(2, wh.read("gold/attribution_channel_daily").count(), "nothing changed");
    assertEquals("2", SharedSpark.spark().conf().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void badQueriesExitTwoNamingTheProblem() {
    Result r = sql("SELECT nope FROM attribution_channel_daily", SqlCommand.Format.csv);
    assertEquals(ExitCodes.BAD_INPUT, r.code());
    assertTrue(r.err().contains("nope"), r.err());
    Result parse = sql("SELEC 1", SqlCommand.Format.csv);
    assertEquals(ExitCodes.BAD_INPUT, parse.code());
    assertFalse(parse.err().isEmpty());
  }

  @Test
  void theLauncherRefusesWithExitCodeTwo() {
    SharedSpark.spark();
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Omnitouch.execute(
              "sql",
              "DROP TABLE attribution_channel_daily",
              "--warehouse",
              wh.root(),
              "--shuffle-partitions",
              "2");
    } finally {
      System.setOut(stdout);
    }
    assertEquals(ExitCodes.BAD_INPUT, code);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(
        List.of("2"), List.of(SharedSpark.spark().conf().get("spark.sql.shuffle.partitions")));
  }

  /** The launcher's exit code and what it printed on stdout. */
  static Result launch(String... args) {
    SharedSpark.spark();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Omnitouch.execute(args);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static List<String> csvColumn(String csv) {
    List<String> lines = new java.util.ArrayList<>(List.of(csv.split("\r\n")));
    lines.remove(0);
    return lines.stream().map(l -> l.split(",", -1)[0]).toList();
  }

  @Test
  void showTablesListsEveryRegisteredName() {
    Result r = sql("SHOW TABLES", SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    List<String> expected = new java.util.ArrayList<>();
    io.omnitouch.marts.MartCatalog.all().forEach(j -> expected.add(j.name()));
    expected.addAll(
        List.of(
            "run_metrics",
            "quarantine",
            "stores",
            "products",
            "distributors",
            "regions",
            "guides",
            "groups",
            "campaigns",
            "calendar",
            "territories",
            "paid_orders",
            "sql_audit"));
    assertEquals(
        expected,
        csvColumn(r.out()),
        "the calendar view is the bundled default until a calendar is loaded");
    assertTrue(r.out().startsWith("name,kind,description\r\nsales_daily,marts,\"One row per"));
  }

  @Test
  void everyRegisteredNameCanBeQueried() {
    List<String> counts =
        csvColumn(sql("SHOW TABLES", SqlCommand.Format.csv).out()).stream()
            .map(name -> "(SELECT count(*) FROM " + name + ")")
            .toList();
    Result r = sql("SELECT " + String.join(" + ", counts) + " > 0 AS ok", SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    assertEquals("ok\r\ntrue\r\n", r.out());
  }

  @Test
  void calendarIsTheBundledDefaultWithoutACalendarFile() {
    Warehouse other = SharedSpark.tempWarehouse("sql-calendar");
    Result r =
        sql(
            other,
            "SELECT day_type, promo, weekday FROM calendar WHERE date = DATE'2026-11-11'"
                + " UNION ALL SELECT day_type, holiday_name, weekday FROM calendar"
                + " WHERE date = DATE'2026-10-01'",
            SqlCommand.Format.csv,
            SqlCommand.DEFAULT_MAX_ROWS);
    assertEquals(0, r.code(), r.err());
    assertEquals("day_type,promo,weekday\r\nworkday,双11,3\r\nholiday,国庆节,4\r\n", r.out());
    assertTrue(
        csvColumn(sql(other, "SHOW TABLES", SqlCommand.Format.csv, 10).out()).contains("calendar"));
  }

  @Test
  void describeGivesColumnTypeAndDefinition() {
    Result r = sql("DESCRIBE stores", SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "column,type,definition\r\n"
            + "store_id,string,store (stores.csv)\r\n"
            + "name,string,display name of the store as delivered (text; may hold any"
            + " characters)\r\n"
            + "region_code,string,6-digit administrative region code of the store"
            + " (regions.region_code)\r\n"
            + "distributor_id,string,distributor that supplies the store"
            + " (distributors.distributor_id)\r\n"
            + "format,string,\"store format (flagship, mall, street, ...)\"\r\n"
            + "open_date,date,opening date of the store\r\n",
        r.out());
    Result lower = sql("desc table `Territories`;", SqlCommand.Format.csv);
    assertEquals(0, lower.code(), lower.err());
    assertTrue(lower.out().contains("valid_to,date,"), lower.out());
    Result unknown = sql("DESCRIBE nope", SqlCommand.Format.csv);
    assertEquals(ExitCodes.BAD_INPUT, unknown.code());
    assertTrue(unknown.err().contains("SHOW TABLES"), unknown.err());
  }

  @Test
  void everyColumnOfEveryRegisteredTableHasADefinition() {
    SqlCatalog catalog = SqlCatalog.of();
    Warehouse empty = SharedSpark.tempWarehouse("sql-empty");
    List<String> registered = catalog.register(empty);
    List<String> missing = new java.util.ArrayList<>();
    for (SqlCatalog.View v : catalog.views()) {
      if (!registered.contains(v.name())) {
        continue;
      }
      if (SqlCatalog.description(v).isBlank()) {
        missing.add(v.name());
      }
      for (String[] c : SqlCatalog.describe(v, SharedSpark.spark().table(v.name()))) {
        if (c[2].isBlank()) {
          missing.add(v.name() + "." + c[0]);
        }
      }
    }
    assertEquals(List.of(), missing, "add a description to these in schemas/");
  }

  @Test
  void namesComeBackByteForByteInCsvAndJson() {
    Result csv = sql("SELECT name FROM stores ORDER BY store_id", SqlCommand.Format.csv);
    assertEquals(0, csv.code(), csv.err());
    assertEquals(
        "name\r\n\"" + HYPERLINK.replace("\"", "\"\"") + "\"\r\n" + SCRIPT + "\r\n", csv.out());
    Result json = sql("SELECT name FROM stores ORDER BY store_id", SqlCommand.Format.json);
    assertEquals(0, json.code(), json.err());
    List<String> names = new java.util.ArrayList<>();
    for (String line : json.out().split("\n")) {
      try {
        names.add(
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("name").asText());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertEquals(List.of(HYPERLINK, SCRIPT), names);
  }

  @Test
  void territoriesWithoutHistoryAreTheCurrentTerritoriesOpenEnded() {
    Result r = sql("SELECT * FROM territories ORDER BY distributor_id", SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "distributor_id,territory,valid_from,valid_to\r\nD01,33,,\r\nD02,32;31,,\r\n", r.out());
  }

  @Test
  void paidOrdersCarryNoPhoneInClear() {
    Result r = sql("DESCRIBE paid_orders", SqlCommand.Format.csv);
    assertEquals(0, r.code(), r.err());
    for (String column : csvColumn(r.out())) {
      assertFalse(column.contains("phone") && !column.endsWith("_key"), column);
    }
    assertTrue(csvColumn(r.out()).contains("order_id"));
  }

  @Test
  void tableOutputIsCappedAndSaysWhatWasLeftOut() {
    Result r =
        sql(
            wh,
            "SELECT channel FROM attribution_channel_daily ORDER BY channel",
            SqlCommand.Format.table,
            1);
    assertEquals(0, r.code(), r.err());
    assertEquals(
        String.join(
            "\n",
            "+---------+",
            "| channel |",
            "+---------+",
            "| direct  |",
            "+---------+",
            "(2 rows; 1 not shown: --max-rows 1, or --format csv)",
            ""),
        r.out());
  }

  @Test
  void helpShowsOnlySqlOptionsAndExitsZero() {
    Result r = launch("sql", "--help");
    assertEquals(0, r.code(), r.err());
    for (String option : List.of("--file", "--max-rows", "--format", "--warehouse")) {
      assertTrue(r.out().contains(option), option + " in\n" + r.out());
    }
    for (String option : List.of("--input", "--quarantine-limit", "--late-horizon-days", "--dev")) {
      assertFalse(r.out().contains(option), option + " in\n" + r.out());
    }
  }

  @Test
  void queryFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path f = dir.resolve("q.sql");
    java.nio.file.Files.writeString(
        f, "-- revenue by channel\nSELECT channel\nFROM attribution_channel_daily\nORDER BY 1\n");
    Result r =
        launch(
            "sql",
            "--file",
            f.toString(),
            "--format",
            "csv",
            "--warehouse",
            wh.root(),
            "--shuffle-partitions",
            "2");
    assertEquals(0, r.code(), r.err());
    assertEquals("channel\r\ndirect\r\nguide\r\n", r.out());
    Result both = launch("sql", "SELECT 1", "--file", f.toString(), "--warehouse", wh.root());
    assertEquals(ExitCodes.BAD_INPUT, both.code());
  }
}
