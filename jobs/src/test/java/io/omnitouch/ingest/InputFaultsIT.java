package io.omnitouch.ingest;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.run.InputContractException;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.FaultyFileSystem;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream faults at the ingest edge: schema drift (a new column, a renamed required column, a type
 * change), an unreadable file, a corrupt gzip and a missing partition. Each names the file, and
 * what breaks the contract as a whole becomes exit 2 (InputContractException).
 */
class InputFaultsIT {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final PhoneKeys KEYS = new PhoneKeys("test-key");

  @AfterEach
  void clearFaults() {
    FaultyFileSystem.reset();
  }

  private static BronzeIngest ingest(Warehouse wh, String inputRoot) {
    return new BronzeIngest(
        wh,
        new InputFiles(inputRoot, SharedSpark.spark().sparkContext().hadoopConfiguration()),
        ZONE,
        KEYS,
        "drift-run");
  }

  @Test
  void upstreamSchemaDriftIsAcceptedReportedRejectedOrQuarantinedPerTheContract() {
    String dir = "/dt=2026-11-22/";
    InputTree in =
        InputTree.create("drift")
            // Columns reordered and a new optional one: loaded by name, the new one reported.
            .file(
                "scans" + dir + "part-0.csv",
                "event_time,scan_type,sku,code,scan_id,distributor_id,gps_accuracy\n"
                    + "2026-11-22 10:00:00,factory_out,P1,C1,SC1,D1,12.5\n")
            // guide_id renamed upstream: the file is rejected whole; the other file still loads.
            .file(
                "guide_events" + dir + "renamed.csv",
                "event_id,event_time,guideId,store_id,event_type,user_id\n"
                    + "E1,2026-11-22 09:00:00,G1,S1,chat,U1\n")
            .file(
                "guide_events" + dir + "part-0.csv",
                "event_id,event_time,guide_id,store_id,event_type,user_id\n"
                    + "E2,2026-11-22 09:00:00,G1,S1,chat,U1\n")
            // quantity became a decimal upstream: those rows are quarantined with the reason.
            .file(
                "orders" + dir + "part-0.csv",
                "order_id,line_no,order_time,updated_time,status,channel,sku,quantity,unit_price,"
                    + "paid_amount\n"
                    + "O1,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,store,P1,2,10.00,20.00\n"
                    + "O2,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,store,P1,2.0,10.00,20.00\n"
                    + "O3,1,2026-11-22 12:00:00,2026-11-22 12:00:00,paid,store,P1,1.5,10.00,15.00\n");
    Warehouse wh = SharedSpark.tempWarehouse("drift");
    BronzeIngest bronze = ingest(wh, in.root().toString());

    BronzeIngest.Result scans = bronze.load("scans", List.of(D));
    assertEquals(List.of("scans/dt=2026-11-22/part-0.csv: gps_accuracy"), scans.unknownColumns());
    assertEquals(List.of(), scans.fileErrors());
    Dataset<Row> loaded = wh.read("bronze/scans").select("scan_id", "code", "scan_type");
    SharedSpark.assertDataFrameEquals(
        rows(loaded.schema(), row("SC1", "C1", "factory_out")), loaded);

    BronzeIngest.Result guides = bronze.load("guide_events", List.of(D));
    String renamed =
        "missing required column guide_id (unknown columns guideId: renamed upstream?)";
    assertEquals(
        List.of("guide_events/dt=2026-11-22/renamed.csv: " + renamed), guides.fileErrors());
    assertEquals(1, wh.read("bronze/guide_events").count(), "the good file of the source loads");

    BronzeIngest.Result orders = bronze.load("orders", List.of(D));
    assertEquals(3, orders.rowsIn());
    assertEquals(1, orders.rowsLoaded());
    Dataset<Row> q =
        wh.read(Warehouse.QUARANTINE).select("source", "file", "line", "reason").orderBy("source");
    SharedSpark.assertDataFrameEquals(
        rows(
            q.schema(),
            row("guide_events", "guide_events/dt=2026-11-22/renamed.csv", null, renamed),
            row("orders", "orders/dt=2026-11-22/part-0.csv", 3L, "bad int in quantity: '2.0'"),
            row("orders", "orders/dt=2026-11-22/part-0.csv", 4L, "bad int in quantity: '1.5'")),
        q);
  }

  @Test
  void anUnreadableFileACorruptGzipAndAMissingPartitionNameTheFile() {
    InputTree in =
        InputTree.create("unreadable")
            .file(
                "scans/dt=2026-11-22/part-0.csv",
                "scan_id,code,sku,scan_type,event_time\nSC1,C1,P1,factory_out,2026-11-22 10:00:00\n")
            .bytes(
                "orders/dt=2026-11-22/part-0.csv.gz",
                "this is not gzip".getBytes(StandardCharsets.UTF_8));
    Warehouse wh = SharedSpark.tempWarehouse("unreadable");
    FaultyFileSystem.register(SharedSpark.spark());
    // Tests run as root, so the file system refuses the read instead of chmod.
    System.setProperty("faulty.unreadable", ".*/scans/dt=2026-11-22/part-0\\.csv");
    BronzeIngest bronze = ingest(wh, "faulty://" + in.root());
    InputContractException unreadable =
        assertThrows(InputContractException.class, () -> bronze.load("scans", List.of(D)));
    assertTrue(
        unreadable
            .getMessage()
            .matches(
                "Cannot read input file faulty:/.*/scans/dt=2026-11-22/part-0\\.csv: .*Permission"
                    + " denied"),
        unreadable.getMessage());

    InputContractException gzip =
        assertThrows(InputContractException.class, () -> bronze.load("orders", List.of(D)));
    assertTrue(
        gzip.getMessage().contains("orders/dt=2026-11-22/part-0.csv.gz: Not in GZIP format"),
        gzip.getMessage());

    InputContractException missing =
        assertThrows(
            InputContractException.class, () -> bronze.load("scans", List.of(D.plusDays(1))));
    assertTrue(
        missing
            .getMessage()
            .matches(
                "Missing input partition faulty:/.*/scans/dt=2026-11-23 \\(source scans, dt"
                    + " 2026-11-23\\): upstream has not delivered it yet"),
        missing.getMessage());
    assertTrue(!wh.exists("bronze/scans") && !wh.exists("bronze/orders"), "nothing was written");
  }
}
