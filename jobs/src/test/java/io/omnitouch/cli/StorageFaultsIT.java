package io.omnitouch.cli;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.FaultyFileSystem;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Full and read-only warehouse storage, injected by the {@code faulty://} file system: a mart write
 * and an export fail with a message saying what happened and what to do, and leave the previous
 * version for readers; once the storage is fixed the same write succeeds.
 */
class StorageFaultsIT {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final String TABLE = "gold/storage_probe";
  private static final String DDL = "dt date, store_id string, revenue decimal(18,2)";

  @AfterEach
  void clearFaults() {
    FaultyFileSystem.reset();
  }

  private static Dataset<Row> revenue(String amount) {
    return rows(DDL, row(Date.valueOf(D), "S1", new BigDecimal(amount)));
  }

  private static List<Row> published(Path dir) {
    return SharedSpark.spark()
        .read()
        .parquet(dir.resolve("exports/storage_probe/dt=" + D).toString())
        .collectAsList();
  }

  @Test
  void aFullOrReadOnlyWarehouseFailsClearlyAndReadersKeepThePreviousVersion() throws Exception {
    FaultyFileSystem.register(SharedSpark.spark());
    Path dir = Files.createTempDirectory("omnitouch-faulty");
    Warehouse wh = new Warehouse(SharedSpark.spark(), "faulty://" + dir);
    Exports exports = new Exports(wh);
    wh.replaceWhere(TABLE, revenue("10.00"), Warehouse.dateRange("dt", D, D), "dt");
    exports.publishDates("storage_probe", wh.read(TABLE), "dt", D, D);
    long version = wh.delta(TABLE).history(1).select("version").first().getLong(0);
    List<Row> v1 = wh.read(TABLE).collectAsList();
    List<Row> exportedV1 = published(dir);

    // The disk fills up while the new version's data files are written.
    System.setProperty("faulty.full.pattern", ".*/gold/storage_probe/.*");
    System.setProperty("faulty.full.bytes", "0");
    Exception full =
        assertThrows(Exception.class, () -> wh.replaceDates(TABLE, revenue("99.00"), "dt", D, D));
    String fullMessage = StorageFailures.describe(full);
    assertTrue(
        fullMessage != null && fullMessage.startsWith("storage is full (No space left on device"),
        "message: " + fullMessage + "\nfailure: " + full);
    assertTrue(fullMessage.contains("rerun the same date"), fullMessage);
    assertEquals(v1, wh.read(TABLE).collectAsList(), "readers still see the previous version");
    assertEquals(version, wh.delta(TABLE).history(1).select("version").first().getLong(0));

    // ... and while an export partition is written aside: the published one is untouched.
    System.setProperty("faulty.full.pattern", ".*/exports/.*");
    assertThrows(
        Exception.class, () -> exports.publishDates("storage_probe", revenue("99.00"), "dt", D, D));
    assertEquals(exportedV1, published(dir));

    // A read-only volume.
    FaultyFileSystem.reset();
    System.setProperty("faulty.readonly", dir + "/.*");
    Exception readOnly =
        assertThrows(Exception.class, () -> wh.replaceDates(TABLE, revenue("99.00"), "dt", D, D));
    String roMessage = StorageFailures.describe(readOnly);
    assertTrue(
        roMessage != null
            && roMessage.startsWith("storage refused a write or read (Read-only file system at "),
        "message: " + roMessage + "\nfailure: " + readOnly);
    assertEquals(v1, wh.read(TABLE).collectAsList());

    // Storage fixed: the same restatement goes through.
    FaultyFileSystem.reset();
    wh.replaceDates(TABLE, revenue("99.00"), "dt", D, D);
    exports.publishDates("storage_probe", wh.read(TABLE), "dt", D, D);
    assertEquals(
        List.of(new BigDecimal("99.00")),
        wh.read(TABLE).select("revenue").collectAsList().stream().map(r -> r.get(0)).toList());
    assertEquals(1, published(dir).size());
  }
}
