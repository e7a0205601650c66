package io.omnitouch.storage;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class WarehouseTest {

  @Test
  void replaceDatesLeavesOtherDatesAlone() {
    Warehouse wh = SharedSpark.tempWarehouse("wh");
    String ddl = "dt DATE, v INT";
    wh.overwrite(
        "gold/t",
        rows(ddl, row(Date.valueOf("2026-01-01"), 1), row(Date.valueOf("2026-01-02"), 2)));
    wh.replaceDates(
        "gold/t",
        rows(ddl, row(Date.valueOf("2026-01-02"), 20)),
        "dt",
        LocalDate.parse("2026-01-02"),
        LocalDate.parse("2026-01-02"));
    Dataset<Row> expected =
        rows(ddl, row(Date.valueOf("2026-01-01"), 1), row(Date.valueOf("2026-01-02"), 20));
    SharedSpark.assertDataFrameEquals(expected, wh.read("gold/t"));
    assertEquals(2, wh.read("gold/t").count());
  }
}
