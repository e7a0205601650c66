package io.omnitouch.marts.diversion;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.marts.diversion.ScanFixtures.factoryOut;
import static io.omnitouch.marts.diversion.ScanFixtures.sh;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.silver.DivertedCodes;
import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DistributorScorecardTest {
  static final Date NOV3 = Date.valueOf("2026-11-03");
  static final Date NOV4 = Date.valueOf("2026-11-04");

  @Test
  void toDateFiguresFromTheRegistryDivertedCodesAndCases() {
    Dataset<Row> scans =
        ScanFixtures.silverScans(
            factoryOut("f1", "C1", "2026-11-01 09:00", "D1"),
            factoryOut("f2", "C2", "2026-11-03 09:00", "D1"),
            factoryOut("f3", "C3", "2026-11-04 09:00", "D1"),
            // C4: shipped to D1, re-allocated to D2: counts as shipped for both.
            factoryOut("f4a", "C4", "2026-11-01 09:00", "D1"),
            factoryOut("f4b", "C4", "2026-11-03 09:00", "D2"),
            factoryOut("f6", "C6", "2026-11-01 09:00", "D1"),
            consumer("c1", "C1", "2026-11-02 10:00", "U1", "330106"),
            consumer("c1b", "C1", "2026-11-04 10:00", "U1", "330106"),
            consumer("c2", "C2", "2026-11-04 10:00", "U2", "310115"),
            // C4's first consumer scan falls under D2.
            consumer("c4", "C4", "2026-11-04 10:00", "U4", "330106"),
            // Never shipped: counts for nobody.
            consumer("c5", "C5", "2026-11-03 10:00", "U5", "310115"),
            consumer("c6", "C6", "2026-11-04 11:00", "U6", "310115"));
    Dataset<Row> diverted =
        rows(
            "code STRING, distributor_id STRING, first_dt DATE",
            row("C1", "D1", Date.valueOf("2026-11-02")),
            row("C2", "D1", NOV4),
            row("C4", "D2", Date.valueOf("2026-11-05")));
    Dataset<Row> cases =
        rows(
            "case_id STRING, distributor_id STRING, status STRING, confirmed_at TIMESTAMP",
            row("a", "D1", "confirmed", sh("2026-11-03 10:00")),
            row("b", "D1", "suspected", null),
            row("c", "D2", "confirmed", sh("2026-11-05 10:00")));

    Dataset<Row> actual =
        DistributorScorecard.build(
            CodeRegistry.updates(scans),
            diverted,
            cases,
            ScanFixtures.distributors(),
            LocalDate.parse("2026-11-03"),
            LocalDate.parse("2026-11-04"));

    Dataset<Row> expected =
        rows(
            actual.schema(),
            // D1 on 11-03: shipped C1 C4 C6 C2, scanned C1, diverted C1, 1 case confirmed.
            row(NOV3, "D1", 4L, 1L, 1L, 1.0, 1L),
            // 11-04: + C3 shipped; + C2, C6 scanned; + C2 diverted: 2 / 3.
            row(NOV4, "D1", 5L, 3L, 2L, 2.0 / 3.0, 1L),
            row(NOV3, "D2", 1L, 0L, 0L, null, 0L),
            row(NOV4, "D2", 1L, 1L, 0L, 0.0, 0L),
            row(NOV3, "D3", 0L, 0L, 0L, null, 0L),
            row(NOV4, "D3", 0L, 0L, 0L, null, 0L));
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, 1e-9);
  }

  @Test
  void divertedCodesKeepEarlierFirstsAndRestateTheRest() {
    Dataset<Row> existing =
        rows(
            "code STRING, distributor_id STRING, first_dt DATE",
            row("C1", "D1", Date.valueOf("2026-11-01")),
            // Was diverted on 11-03, but a late re-allocation made that scan legitimate.
            row("C2", "D1", NOV3));
    Dataset<Row> scansSince =
        rows(
            "code STRING, distributor_id STRING, dt DATE",
            row("C1", "D1", NOV4),
            row("C3", "D2", NOV3),
            row("C3", "D2", NOV4));
    Dataset<Row> actual =
        DivertedCodes.restated(scansSince, existing, LocalDate.parse("2026-11-03"));
    Dataset<Row> expected = rows(actual.schema(), row("C3", "D2", NOV3));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
