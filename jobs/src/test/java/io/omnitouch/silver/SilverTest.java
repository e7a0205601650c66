package io.omnitouch.silver;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.schema.Schemas;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** The silver rules on inline rows: first delivery, latest version, paid orders, touches. */
class SilverTest {
  private static final Date DT1 = Date.valueOf("2026-11-21");
  private static final Date DT2 = Date.valueOf("2026-11-22");

  private static Timestamp ts(String shanghaiLocal) {
    return Timestamp.from(
        java.time.LocalDateTime.parse(shanghaiLocal)
            .atZone(java.time.ZoneId.of("Asia/Shanghai"))
            .toInstant());
  }

  /** Bronze order rows: only the columns the rules touch, the rest null. */
  private static Dataset<Row> bronzeOrders(Object[]... lines) {
    Dataset<Row> given =
        rows(
            "order_id STRING, line_no INT, order_time TIMESTAMP, updated_time TIMESTAMP, status STRING,"
                + " user_id STRING, channel STRING, store_id STRING, paid_amount DECIMAL(18,2),"
                + " quantity INT, dt DATE, source_file STRING, source_line BIGINT",
            lines);
    Dataset<Row> full = given;
    for (var f : Schemas.struct("silver/order_lines").fields()) {
      if (!f.name().equals("order_date")
          && !java.util.Arrays.asList(full.columns()).contains(f.name())) {
        full = full.withColumn(f.name(), functions.lit(null).cast(f.dataType()));
      }
    }
    return full.withColumn("event_date", functions.to_date(functions.col("order_time")))
        .withColumn("sku", functions.lit("P1"))
        .withColumn("unit_price", functions.lit(new BigDecimal("10.00")))
        .withColumn("run_id", functions.lit("r"));
  }

  @Test
  void latestUpdatedTimeWinsAndTiesGoToTheLaterDelivery() {
    Timestamp t = ts("2026-11-21T10:00:00");
    Timestamp later = ts("2026-11-21T11:00:00");
    Dataset<Row> bronze =
        bronzeOrders(
            row(
                "O1",
                1,
                t,
                t,
                "paid",
                "U1",
                "guide",
                "S1",
                new BigDecimal("10.00"),
                1,
                DT1,
                "a.csv",
                2L),
            row(
                "O1",
                1,
                t,
                later,
                "refunded",
                "U1",
                "guide",
                "S1",
                new BigDecimal("10.00"),
                1,
                DT1,
                "a.csv",
                3L),
            row(
                "O2",
                1,
                t,
                t,
                "paid",
                null,
                "store",
                "S1",
                new BigDecimal("5.00"),
                1,
                DT1,
                "a.csv",
                4L),
            row(
                "O2",
                1,
                t,
                t,
                "cancelled",
                null,
                "store",
                "S1",
                new BigDecimal("5.00"),
                1,
                DT2,
                "a.csv",
                2L));
    Dataset<Row> latest =
        OrderLines.latestVersions(bronze).select("order_id", "status", "dt", "source_line");
    SharedSpark.assertDataFrameEquals(
        rows(latest.schema(), row("O1", "refunded", DT1, 3L), row("O2", "cancelled", DT2, 2L)),
        latest);
  }

  @Test
  void paidOrderTakesOrderFieldsFromItsLowestCountingLineAndSumsCountingLines() {
    Timestamp t = ts("2026-11-21T23:30:00");
    Dataset<Row> lines =
        OrderLines.latestVersions(
            bronzeOrders(
                // line 1 refunded: fields come from line 2, value = lines 2 + 3
                row(
                    "O1",
                    1,
                    t,
                    t,
                    "refunded",
                    "U1",
                    "guide",
                    "S9",
                    new BigDecimal("99.00"),
                    1,
                    DT1,
                    "a",
                    2L),
                row(
                    "O1",
                    2,
                    t,
                    t,
                    "paid",
                    "U1",
                    "community",
                    "S1",
                    new BigDecimal("10.00"),
                    2,
                    DT1,
                    "a",
                    3L),
                row(
                    "O1",
                    3,
                    t,
                    t,
                    "paid",
                    "U1",
                    "store",
                    "S2",
                    new BigDecimal("5.50"),
                    1,
                    DT1,
                    "a",
                    4L),
                // nothing counts: not a paid order
                row(
                    "O2",
                    1,
                    t,
                    t,
                    "cancelled",
                    null,
                    "store",
                    "S1",
                    new BigDecimal("5.00"),
                    1,
                    DT1,
                    "a",
                    5L)));
    Dataset<Row> paid =
        PaidOrders.build(lines)
            .select(
                "order_id",
                "order_date",
                "channel",
                "store_id",
                "value",
                "units",
                "counting_lines");
    SharedSpark.assertDataFrameEquals(
        rows(paid.schema(), row("O1", DT1, "community", "S1", new BigDecimal("15.50"), 3L, 2)),
        paid);
  }

  @Test
  void firstDeliveryOfARepeatedEventIsKept() {
    Dataset<Row> bronze =
        rows(
            "event_id STRING, dt DATE, source_file STRING, source_line BIGINT, tag STRING",
            row("E1", DT2, "a.csv", 2L, "redelivered"),
            row("E1", DT1, "b.csv", 9L, "first"),
            row("E2", DT2, "a.csv", 3L, "only"));
    Dataset<Row> ranked =
        bronze.withColumn(
            "_delivery",
            functions
                .row_number()
                .over(
                    org.apache.spark.sql.expressions.Window.partitionBy("event_id")
                        .orderBy("dt", "source_file", "source_line")));
    // The same ordering DeduplicatedEvents uses, on the columns that matter here.
    Dataset<Row> kept = ranked.filter("_delivery = 1").select("event_id", "tag");
    SharedSpark.assertDataFrameEquals(
        rows(kept.schema(), row("E1", "first"), row("E2", "only")), kept);
  }

  @Test
  void touchesAreTheContractsSourceRowsWithTheirStores() {
    Timestamp t = ts("2026-11-22T09:00:00");
    Dataset<Row> scans =
        rows(
            "scan_id STRING, scan_type STRING, user_id STRING, event_time TIMESTAMP, store_id STRING, campaign_id STRING",
            row("SC1", "consumer", "U1", t, "S1", "C1"),
            row("SC2", "store_in", null, t, "S1", null));
    Dataset<Row> guide =
        rows(
            "event_id STRING, event_type STRING, user_id STRING, event_time TIMESTAMP, store_id STRING, guide_id STRING",
            row("E1", "chat", "U1", t, "S1", "G1"),
            row("E2", "share_product", "U1", t, "S1", "G1"),
            row("E3", "link_click", null, t, "S1", "G1"));
    Dataset<Row> group =
        rows(
            "event_id STRING, event_type STRING, user_id STRING, event_time TIMESTAMP, group_id STRING",
            row("X1", "join", "U2", t, "GR1"),
            row("X2", "message", "U2", t, "GR1"),
            row("X3", "red_packet_claim", "U2", t, "GR1"));
    Dataset<Row> groups = rows("group_id STRING, store_id STRING", row("GR1", "S7"));
    Dataset<Row> touches =
        Touches.build(scans, guide, group, groups)
            .select("source_id", "channel", "user_id", "store_id", "touch_date");
    Date d = DT2;
    SharedSpark.assertDataFrameEquals(
        rows(
            touches.schema(),
            row("SC1", "scan", "U1", "S1", d),
            row("E1", "guide", "U1", "S1", d),
            row("X1", "community", "U2", "S7", d),
            row("X3", "community", "U2", "S7", d)),
        touches);
  }
}
