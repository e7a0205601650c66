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
  }

  record Result(int code, String out, String err) {}

  static Result sql(String query, SqlCommand.Format format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SqlCommand.run(
            wh,
            query,
            format,
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
        "SELECT reflect('java.lang.Integer', 'parseInt', '12')"
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
}
