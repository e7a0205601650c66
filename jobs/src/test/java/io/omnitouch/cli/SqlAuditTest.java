package io.omnitouch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Every sql query leaves one audit row: success, bad query, runtime failure and refusal. */
class SqlAuditTest {
  static int run(Warehouse wh, String query) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream p = new PrintStream(sink, true, StandardCharsets.UTF_8);
    return SqlCommand.run(wh, query, SqlCommand.Format.csv, p, p);
  }

  static String csv(Warehouse wh, String query) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SqlCommand.run(
            wh,
            query,
            SqlCommand.Format.csv,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void successFailureAndRefusalAreEachAuditedOnce() {
    Warehouse wh = SharedSpark.tempWarehouse("sql-audit");
    assertEquals(0, run(wh, "SELECT 1 AS a UNION ALL SELECT 2"));
    assertEquals(ExitCodes.BAD_INPUT, run(wh, "SELECT nope FROM sales_daily"));
    assertEquals(ExitCodes.BAD_INPUT, run(wh, "DROP TABLE sales_daily"));
    assertThrows(Exception.class, () -> run(wh, "SELECT assert_true(false)"));
    String user = System.getProperty("user.name");
    assertEquals(
        "os_user,query,rows,exit_code\r\n"
            + user
            + ",SELECT 1 AS a UNION ALL SELECT 2,2,0\r\n"
            + user
            + ",SELECT nope FROM sales_daily,,2\r\n"
            + user
            + ",DROP TABLE sales_daily,,2\r\n"
            + user
            + ",SELECT assert_true(false),,1\r\n",
        csv(wh, "SELECT os_user, query, rows, exit_code FROM sql_audit ORDER BY time"));
    List<Row> all = wh.read(SqlAudit.TABLE).collectAsList();
    assertEquals(5, all.size(), "the audit query itself is audited after it ran");
    assertTrue(all.stream().allMatch(r -> !r.isNullAt(0)), "every row has a time");
  }

  @Test
  void theAuditTableCannotBeReachedByPathOrChanged() {
    Warehouse wh = SharedSpark.tempWarehouse("sql-audit-path");
    assertEquals(0, run(wh, "SELECT 1"));
    String path = wh.path(SqlAudit.TABLE);
    for (String q :
        List.of(
            "SELECT * FROM delta.`" + path + "`",
            "DELETE FROM delta.`" + path + "`",
            "DELETE FROM sql_audit",
            "INSERT INTO sql_audit SELECT * FROM sql_audit",
            "TRUNCATE TABLE sql_audit",
            "VACUUM delta.`" + path + "` RETAIN 0 HOURS")) {
      assertEquals(ExitCodes.BAD_INPUT, run(wh, q), q);
    }
    assertEquals(7, wh.read(SqlAudit.TABLE).count(), "one row per query, none removed");
  }
}
