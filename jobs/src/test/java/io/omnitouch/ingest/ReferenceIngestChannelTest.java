package io.omnitouch.ingest;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.silver.CodePacking;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * The optional channel reference files through the real ingest: packing conflicts to quarantine
 * under source {@code reference}, an empty territory period rejected by row, overlapping periods
 * rejecting the whole file naming the distributor while the other files load, and a run without the
 * files leaving both tables empty.
 */
class ReferenceIngestChannelTest {
  static final LocalDate RUN = LocalDate.parse("2026-11-20");

  static Map<String, BronzeIngest.Result> load(InputTree tree, Warehouse wh) {
    InputFiles input =
        new InputFiles(tree.root().toString(), wh.spark().sparkContext().hadoopConfiguration());
    ReferenceIngest ingest =
        new ReferenceIngest(wh, input, ZoneId.of("Asia/Shanghai"), new PhoneKeys("k"), "r1");
    return ingest.loadAll(RUN).stream()
        .collect(Collectors.toMap(BronzeIngest.Result::source, r -> r));
  }

  @Test
  void packingAndTerritoryHistoryLoad() {
    InputTree tree =
        InputTree.create("channel-refs")
            .minimalReference()
            .file(
                "reference/code_packing.csv",
                "code,case_code,pallet_code\nu1,C1,P1\nu2,C1,P1\nu3,C2,\nu3,C3,\n")
            .file(
                "reference/distributor_territories.csv",
                "distributor_id,territory,valid_from,valid_to\n"
                    + "D1,33,2026-01-01,2026-11-01\n"
                    + "D1,33;3201,2026-11-01,\n"
                    + "D2,44,2026-05-01,2026-05-01\n");
    Warehouse wh = SharedSpark.tempWarehouse("channel-refs");
    Map<String, BronzeIngest.Result> results = load(tree, wh);

    BronzeIngest.Result packing = results.get("code_packing");
    assertEquals(
        List.of(4L, 2L, 2L),
        List.of(packing.rowsIn(), packing.rowsLoaded(), packing.rowsRejected()));
    Dataset<Row> containers = wh.read(CodePacking.TABLE);
    SharedSpark.assertDataFrameEquals(
        rows(
            containers.schema(),
            row("C1", "case", seq("u1", "u2")),
            row("P1", "pallet", seq("u1", "u2"))),
        containers);
    Dataset<Row> quarantine =
        wh.read(Warehouse.QUARANTINE).select("source", "line", "reason").orderBy("source", "line");
    String conflict =
        "code_packing.csv: unit u3 is listed in different cases (C2, C3); all its rows are"
            + " quarantined and the unit is treated as unpacked";
    SharedSpark.assertDataFrameEquals(
        rows(
            quarantine.schema(),
            row(
                "distributor_territories",
                4L,
                "valid_to 2026-05-01 is not after valid_from 2026-05-01"),
            row("reference", 4L, conflict),
            row("reference", 5L, conflict)),
        quarantine);

    BronzeIngest.Result territories = results.get("distributor_territories");
    assertEquals(List.of(), territories.fileErrors());
    assertEquals(2L, territories.rowsLoaded());
    assertEquals(2L, wh.read("silver/distributor_territories").count());
  }

  @Test
  void overlappingPeriodsRejectTheWholeFileAndTheOtherFilesStillLoad() {
    InputTree tree =
        InputTree.create("channel-overlap")
            .minimalReference()
            .file(
                "reference/distributor_territories.csv",
                "distributor_id,territory,valid_from,valid_to\n"
                    + "D1,33,2026-01-01,\n"
                    + "D1,33;3201,2026-11-01,\n");
    Warehouse wh = SharedSpark.tempWarehouse("channel-overlap");
    Map<String, BronzeIngest.Result> results = load(tree, wh);

    assertEquals(
        List.of(
            "reference/distributor_territories.csv: overlapping territory periods of distributor"
                + " D1 (2026-01-01..open and 2026-11-01..open)"),
        results.get("distributor_territories").fileErrors());
    assertEquals(0L, wh.read("silver/distributor_territories").count());
    assertEquals(1L, wh.read("silver/distributors").count());
    // No packing file: nothing is packed, nothing quarantined for it.
    assertEquals(0L, wh.read(CodePacking.TABLE).count());
    assertTrue(results.get("code_packing").fileErrors().isEmpty());
    Dataset<Row> quarantine = wh.read(Warehouse.QUARANTINE).select("source", "dt", "line");
    SharedSpark.assertDataFrameEquals(
        rows(quarantine.schema(), row("distributor_territories", Date.valueOf(RUN), null)),
        quarantine);
  }

  static scala.collection.Seq<String> seq(String... v) {
    return JavaConverters.asScalaBuffer(List.of(v)).toList();
  }
}
