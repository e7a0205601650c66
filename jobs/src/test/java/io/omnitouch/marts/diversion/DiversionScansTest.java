package io.omnitouch.marts.diversion;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.marts.diversion.ScanFixtures.dealerOut;
import static io.omnitouch.marts.diversion.ScanFixtures.factoryOut;
import static io.omnitouch.marts.diversion.ScanFixtures.sh;
import static io.omnitouch.marts.diversion.ScanFixtures.storeIn;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.marts.Geo;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DiversionScansTest {
  /** One degree of latitude on a 6371 km sphere. */
  static final double DEG_KM = 111.19492664455873;

  static final Date NOV4 = Date.valueOf("2026-11-04");

  @Test
  void outOfTerritoryScansWithTheirAuthorisedDistributorPlaceAndDistance() {
    Dataset<Row> scans =
        ScanFixtures.silverScans(
            // C1, C2: D1's territory is 31;1101 — Pudong (31…) and Dongcheng (1101…) are inside.
            factoryOut("f1", "C1", "2026-11-01 09:00", "D1"),
            consumer("c1", "C1", "2026-11-04 10:00", "U1", "310115"),
            factoryOut("f2", "C2", "2026-11-01 09:00", "D1"),
            consumer("c2", "C2", "2026-11-04 10:00", "U2", "110101"),
            // C3: D1 code scanned in Hangzhou, GPS at (32, 121): 1° north of the 310000 centroid.
            factoryOut("f3", "C3", "2026-11-01 09:00", "D1"),
            consumer("c3", "C3", "2026-11-04 10:00", "U3", "330106").at(32.0, 121.0),
            // C4 trap: re-allocated to D2 (Zhejiang) before the Hangzhou scan: not diverted.
            factoryOut("f4a", "C4", "2026-11-01 09:00", "D1"),
            factoryOut("f4b", "C4", "2026-11-03 09:00", "D2"),
            consumer("c4", "C4", "2026-11-04 10:00", "U4", "330106"),
            // C5: re-allocated to D2 only after the scan, so D1 was authorised: diverted. No GPS:
            // the 330106 centroid (29, 121) is 2° south of 310000.
            factoryOut("f5a", "C5", "2026-11-01 09:00", "D1"),
            factoryOut("f5b", "C5", "2026-11-05 09:00", "D2"),
            consumer("c5", "C5", "2026-11-04 10:00", "U5", "330106"),
            // C6: never shipped: no authorised distributor, never diversion (UNKNOWN_CODE fraud).
            consumer("c6", "C6", "2026-11-04 10:00", "U6", "440106"),
            // C7: D2 ships to the Tianhe store S9 (440106 at (23, 120), 7° south of 330000):
            // channel evidence, twice; the shipping distributor on dealer_out is not what counts.
            factoryOut("f7", "C7", "2026-11-01 09:00", "D2"),
            dealerOut("d7", "C7", "2026-11-04 09:00", "D2", "S9"),
            storeIn("i7", "C7", "2026-11-04 12:00", "S9"),
            // C8: D2 ships to its own Hangzhou store S1: not diverted.
            factoryOut("f8", "C8", "2026-11-01 09:00", "D2"),
            dealerOut("d8", "C8", "2026-11-04 09:00", "D2", "S1"),
            // C9: consumer scan an hour before the code's factory_out: no authorised distributor.
            factoryOut("f9", "C9", "2026-11-04 12:00", "D1"),
            consumer("c9", "C9", "2026-11-04 11:00", "U9", "440106"),
            // C10/C11: D3 sells in Nanjing (3201): 320102 is inside; Wuxi (320201) is in the same
            // province but outside. 320201 is not in regions: its province row (32, 118.8) is
            // 0.5° south of the 320100 centroid (32.5, 118.8).
            factoryOut("f10", "C10", "2026-11-01 09:00", "D3"),
            consumer("c10", "C10", "2026-11-04 10:00", "U10", "320102"),
            factoryOut("f11", "C11", "2026-11-01 09:00", "D3").sku("SKU-B"),
            consumer("c11", "C11", "2026-11-04 10:00", "U11", "320201").sku("SKU-B"));

    Dataset<Row> actual =
        DiversionScans.build(
            scans,
            CodeRegistry.updates(scans),
            ScanFixtures.distributors(),
            ScanFixtures.noTerritoryHistory(),
            ScanFixtures.stores(),
            ScanFixtures.regions(),
            ScanFixtures.noPacking());

    String w45 = "2026-W45";
    Date monday = Date.valueOf("2026-11-02");
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(
                "c3",
                "C3",
                "SKU-A",
                NOV4,
                "consumer",
                "D1",
                "31;1101",
                "330106",
                "consumer",
                1 * DEG_KM,
                sh("2026-11-04 10:00"),
                null,
                "U3",
                "3301",
                w45,
                monday,
                "D1|SKU-A|3301|2026-W45"),
            row(
                "c5",
                "C5",
                "SKU-A",
                NOV4,
                "consumer",
                "D1",
                "31;1101",
                "330106",
                "consumer",
                2 * DEG_KM,
                sh("2026-11-04 10:00"),
                null,
                "U5",
                "3301",
                w45,
                monday,
                "D1|SKU-A|3301|2026-W45"),
            row(
                "d7",
                "C7",
                "SKU-A",
                NOV4,
                "dealer_out",
                "D2",
                "33",
                "440106",
                "channel",
                7 * DEG_KM,
                sh("2026-11-04 09:00"),
                "S9",
                null,
                "4401",
                w45,
                monday,
                "D2|SKU-A|4401|2026-W45"),
            row(
                "i7",
                "C7",
                "SKU-A",
                NOV4,
                "store_in",
                "D2",
                "33",
                "440106",
                "channel",
                7 * DEG_KM,
                sh("2026-11-04 12:00"),
                "S9",
                null,
                "4401",
                w45,
                monday,
                "D2|SKU-A|4401|2026-W45"),
            row(
                "c11",
                "C11",
                "SKU-B",
                NOV4,
                "consumer",
                "D3",
                "3201",
                "320201",
                "consumer",
                0.5 * DEG_KM,
                sh("2026-11-04 10:00"),
                null,
                "U11",
                "3202",
                w45,
                monday,
                "D3|SKU-B|3202|2026-W45"));
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, 1e-6);
  }

  @Test
  void isoWeekUsesTheWeekYearOfThursday() {
    Dataset<Row> dates =
        rows(
            "d DATE",
            row(Date.valueOf("2026-11-02")),
            row(Date.valueOf("2026-11-08")),
            row(Date.valueOf("2027-01-01")),
            row(Date.valueOf("2025-12-29")));
    Dataset<Row> actual =
        dates.select(
            dates.col("d"),
            Geo.isoWeek(dates.col("d")).as("week"),
            Geo.weekStart(dates.col("d")).as("week_start"));
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(Date.valueOf("2026-11-02"), "2026-W45", Date.valueOf("2026-11-02")),
            row(Date.valueOf("2026-11-08"), "2026-W45", Date.valueOf("2026-11-02")),
            row(Date.valueOf("2027-01-01"), "2026-W53", Date.valueOf("2026-12-28")),
            row(Date.valueOf("2025-12-29"), "2026-W01", Date.valueOf("2025-12-29")));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
