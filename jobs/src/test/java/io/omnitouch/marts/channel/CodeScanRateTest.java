package io.omnitouch.marts.channel;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * Scan rate as of 2026-11-20 (Asia/Shanghai) from registry rows: batch B1 of D1 has four shipped
 * codes, two scanned (2.5 and 0.5 days after shipment, one of them within the last 7 days), one
 * scanned only after dt; a code re-allocated to D2 on 11-18 counts for D2 and the batch of its
 * latest factory_out; a code shipped after dt is not shipped yet; a code without batch forms its
 * own group.
 */
class CodeScanRateTest {
  static final String REGISTRY =
      "code STRING, allocations ARRAY<STRUCT<event_time: TIMESTAMP, distributor_id: STRING,"
          + " scan_id: STRING>>, first_consumer STRUCT<event_time: TIMESTAMP, scan_id: STRING,"
          + " user_id: STRING>, latest_factory_out STRUCT<event_time: TIMESTAMP, scan_id: STRING,"
          + " sku: STRING, batch_id: STRING>";

  static Timestamp t(String s) {
    return Timestamp.valueOf(s);
  }

  /** A factory_out: its allocation and its (sku, batch). */
  record Ship(Row allocation, Row factoryOut) {}

  static Ship ship(String time, String distributor, String sku, String batch) {
    return new Ship(
        RowFactory.create(t(time), distributor, "f-" + time),
        RowFactory.create(t(time), "f-" + time, sku, batch));
  }

  static Row scan(String time) {
    return RowFactory.create(t(time), "c-" + time, "u1");
  }

  static Object[] code(String code, Row firstConsumer, Ship... shipments) {
    List<Row> allocations = java.util.Arrays.stream(shipments).map(Ship::allocation).toList();
    return row(
        code,
        JavaConverters.asScalaBuffer(allocations).toList(),
        firstConsumer,
        shipments[shipments.length - 1].factoryOut());
  }

  @Test
  void snapshotPerSkuBatchAndAuthorisedDistributor() {
    Dataset<Row> registry =
        rows(
            REGISTRY,
            // 2.5 days to first scan, on 11-03: scanned, not recent
            code("a", scan("2026-11-03 12:00:00"), ship("2026-11-01 00:00:00", "D1", "A", "B1")),
            // 0.5 days, on 11-15: recent (11-14 .. 11-20)
            code("b", scan("2026-11-15 12:00:00"), ship("2026-11-15 00:00:00", "D1", "A", "B1")),
            code("c", null, ship("2026-11-02 00:00:00", "D1", "A", "B1")),
            // first scanned the day after dt: not scanned as of dt
            code("d", scan("2026-11-21 00:00:00"), ship("2026-11-02 00:00:00", "D1", "A", "B1")),
            // re-allocated: D2's batch B2 as of dt; the scan 1 day after the re-allocation
            code(
                "e",
                scan("2026-11-19 00:00:00"),
                ship("2026-11-01 00:00:00", "D1", "A", "B1"),
                ship("2026-11-18 00:00:00", "D2", "A", "B2")),
            // shipped after dt: not in the snapshot
            code("f", null, ship("2026-11-21 09:00:00", "D1", "A", "B1")),
            code("g", null, ship("2026-11-02 00:00:00", "D1", "A", null)),
            // a consumer scan before any factory_out: scanned, no days to first scan
            code("h", scan("2026-11-01 00:00:00"), ship("2026-11-05 00:00:00", "D1", "A", null)));
    Dataset<Row> actual = CodeScanRate.build(registry, LocalDate.parse("2026-11-20"));
    Date d = Date.valueOf("2026-11-20");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(d, "A", "B1", "D1", 4L, 2L, 0.5, 1L, 1.5),
            row(d, "A", "B2", "D2", 1L, 1L, 1.0, 1L, 1.0),
            row(d, "A", null, "D1", 2L, 1L, 0.5, 0L, null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
