package io.omnitouch.marts.diversion;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.marts.diversion.ScanFixtures.dealerOut;
import static io.omnitouch.marts.diversion.ScanFixtures.factoryOut;
import static io.omnitouch.marts.diversion.ScanFixtures.storeIn;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.silver.CodePacking;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** 串货 with channel control: territories in force on the scan's date, and case/pallet scans. */
class DiversionChannelTest {
  static Dataset<Row> judge(Dataset<Row> scans, Dataset<Row> history, Dataset<Row> packing) {
    Dataset<Row> units = CodePacking.expand(scans, packing);
    return DiversionScans.build(
            scans,
            CodeRegistry.updates(units),
            ScanFixtures.distributors(),
            history,
            ScanFixtures.stores(),
            ScanFixtures.regions(),
            packing)
        .select("scan_id", "code", "dt", "territory", "region_code", "evidence");
  }

  @Test
  void aCityGainedOnNovember1IsDivertedTheDayBeforeAndCleanTheDayAfter() {
    // D3 sells in Nanjing (3201); its contract adds Hangzhou (3301) from 2026-11-01 (Shanghai).
    Dataset<Row> history =
        rows(
            ScanFixtures.TERRITORIES_DDL,
            row("D3", "3201", Date.valueOf("2026-01-01"), Date.valueOf("2026-11-01")),
            row("D3", "3201;3301", Date.valueOf("2026-11-01"), null));
    Dataset<Row> scans =
        ScanFixtures.silverScans(
            factoryOut("f1", "C1", "2026-10-20 09:00", "D3"),
            factoryOut("f2", "C2", "2026-10-20 09:00", "D3"),
            consumer("c1", "C1", "2026-10-31 23:30", "U1", "330106"),
            consumer("c2", "C2", "2026-11-01 00:30", "U2", "330106"));
    Dataset<Row> actual = judge(scans, history, ScanFixtures.noPacking());
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("c1", "C1", Date.valueOf("2026-10-31"), "3201", "330106", "consumer"));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void aCaseSentToTheWrongCityIsOneOutOfTerritoryScanPerUnit() {
    // Case K1 holds u1..u3; pallet P1 holds case K2 (u4, u5). D2 sells in Zhejiang; S9 is in
    // Guangzhou, S1 in Hangzhou.
    Dataset<Row> packing =
        rows(
            SharedSpark.spark()
                .createDataFrame(List.of(), io.omnitouch.schema.Schemas.struct(CodePacking.TABLE))
                .schema(),
            row("K1", "case", seq("u1", "u2", "u3")),
            row("K2", "case", seq("u4", "u5")),
            row("P1", "pallet", seq("u4", "u5")));
    Dataset<Row> scans =
        ScanFixtures.silverScans(
            factoryOut("f1", "K1", "2026-11-01 09:00", "D2"),
            factoryOut("f2", "P1", "2026-11-01 09:00", "D2"),
            dealerOut("d1", "K1", "2026-11-04 09:00", "D2", "S9"),
            storeIn("i2", "P1", "2026-11-04 12:00", "S9"),
            dealerOut("d3", "K2", "2026-11-04 09:00", "D2", "S1"),
            consumer("c1", "u1", "2026-11-05 10:00", "U1", "330106"));
    Dataset<Row> actual = judge(scans, ScanFixtures.noTerritoryHistory(), packing);
    Date nov4 = Date.valueOf("2026-11-04");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("d1#u1", "u1", nov4, "33", "440106", "channel"),
            row("d1#u2", "u2", nov4, "33", "440106", "channel"),
            row("d1#u3", "u3", nov4, "33", "440106", "channel"),
            row("i2#u4", "u4", nov4, "33", "440106", "channel"),
            row("i2#u5", "u5", nov4, "33", "440106", "channel"));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  static scala.collection.Seq<String> seq(String... v) {
    return JavaConverters.asScalaBuffer(List.of(v)).toList();
  }
}
