package io.omnitouch.silver;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;

import io.omnitouch.ingest.CodePackingIngest;
import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * Packing: cases C1 (units u1, u2) and C2 (u3) on pallet P1, case C3 (u4) not palletised; u5 is
 * listed in C3 and C4 (a conflict: quarantined, unpacked, so C4 has no unit left).
 */
class CodePackingTest {
  static final String PACKING =
      "code STRING, case_code STRING, pallet_code STRING, dt DATE, source_file STRING,"
          + " source_line BIGINT, run_id STRING";
  static final Date DT = Date.valueOf("2026-11-20");

  static Object[] packed(String code, String caseCode, String pallet, long line) {
    return row(code, caseCode, pallet, DT, "reference/code_packing.csv", line, "r1");
  }

  static Dataset<Row> annotated() {
    return CodePackingIngest.withCasesOfUnit(
        rows(
            PACKING,
            packed("u1", "C1", "P1", 2),
            packed("u2", "C1", "P1", 3),
            packed("u3", "C2", "P1", 4),
            packed("u4", "C3", null, 5),
            packed("u5", "C3", null, 6),
            packed("u5", "C4", null, 7)));
  }

  static scala.collection.Seq<String> seq(String... v) {
    return JavaConverters.asScalaBuffer(List.of(v)).toList();
  }

  static Dataset<Row> packing() {
    return CodePackingIngest.containers(
        annotated().filter(org.apache.spark.sql.functions.not(CodePackingIngest.conflicting())));
  }

  @Test
  void casesHoldTheirUnitsAndPalletsTheUnitsOfTheirCases() {
    Dataset<Row> actual = packing();
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("C1", "case", seq("u1", "u2")),
            row("C2", "case", seq("u3")),
            row("C3", "case", seq("u4")),
            row("P1", "pallet", seq("u1", "u2", "u3")));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void everyRowOfAConflictingUnitGoesToQuarantineNamingTheCases() {
    Dataset<Row> actual = CodePackingIngest.conflictQuarantine(annotated());
    String reason =
        "code_packing.csv: unit u5 is listed in different cases (C3, C4); all its rows are"
            + " quarantined and the unit is treated as unpacked";
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("reference", DT, "reference/code_packing.csv", 6L, reason, "u5,C3", "r1"),
            row("reference", DT, "reference/code_packing.csv", 7L, reason, "u5,C4", "r1"));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void channelScansOfContainersBecomeOneScanPerUnit() {
    Dataset<Row> scans =
        rows(
            "scan_id STRING, code STRING, scan_type STRING, distributor_id STRING",
            row("f1", "P1", "factory_out", "D1"),
            row("d1", "C3", "dealer_out", "D1"),
            row("i1", "C1", "store_in", null),
            row("f2", "u5", "factory_out", "D2"),
            row("f3", "C4", "factory_out", "D2"),
            row("c1", "C1", "consumer", null),
            row("c2", "u1", "consumer", null));
    Dataset<Row> actual = CodePacking.expand(scans, packing());
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("f1#u1", "u1", "factory_out", "D1"),
            row("f1#u2", "u2", "factory_out", "D1"),
            row("f1#u3", "u3", "factory_out", "D1"),
            row("d1#u4", "u4", "dealer_out", "D1"),
            row("i1#u1", "u1", "store_in", null),
            row("i1#u2", "u2", "store_in", null),
            // a unit code, and a case left empty by the conflict: kept as they are
            row("f2", "u5", "factory_out", "D2"),
            row("f3", "C4", "factory_out", "D2"),
            // consumers always scan units: never expanded
            row("c1", "C1", "consumer", null),
            row("c2", "u1", "consumer", null));
    SharedSpark.assertDataFrameEquals(expected, actual.select(col("*")));
  }

  @Test
  void withoutPackingEveryScanIsKept() {
    Dataset<Row> scans =
        rows(
            "scan_id STRING, code STRING, scan_type STRING",
            row("f1", "P1", "factory_out"),
            row("c1", "u1", "consumer"));
    Dataset<Row> empty =
        SharedSpark.spark()
            .createDataFrame(List.of(), io.omnitouch.schema.Schemas.struct(CodePacking.TABLE));
    SharedSpark.assertDataFrameEquals(scans, CodePacking.expand(scans, empty));
  }
}
