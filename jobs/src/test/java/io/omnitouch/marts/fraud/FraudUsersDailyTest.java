package io.omnitouch.marts.fraud;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.marts.diversion.ScanFixtures;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class FraudUsersDailyTest {
  static final Date NOV4 = Date.valueOf("2026-11-04");

  /** Three consumer scans of U1 (two rewarded), one of U2, one of U3; U1 and U2 flagged. */
  static Dataset<Row> scans() {
    return ScanFixtures.silverScans(
        consumer("a", "A", "2026-11-04 09:00", "U1", "310115").campaign("CP1", "2.00"),
        consumer("b", "B", "2026-11-04 10:00", "U1", "310115").campaign("CP1", "0.50"),
        consumer("c", "C", "2026-11-04 11:00", "U1", "310115").campaign("CP2", null),
        consumer("d", "D", "2026-11-04 09:00", "U2", "310115"),
        consumer("e", "E", "2026-11-04 09:00", "U3", "310115").campaign("CP1", "1.00"));
  }

  static Dataset<Row> flags() {
    return rows(
        "scan_id STRING, dt DATE, user_id STRING, campaign_id STRING, rules STRING,"
            + " risk_score INT, reward_amount DECIMAL(18,2)",
        row("a", NOV4, "U1", "CP1", "CODE_REUSE,GEO_MISMATCH", 40, new BigDecimal("2.00")),
        row("c", NOV4, "U1", "CP2", "CODE_REUSE,HIGH_VOLUME", 50, null),
        row("d", NOV4, "U2", null, "UNKNOWN_CODE", 40, null));
  }

  @Test
  void usersWithAFlaggedScanAndAllTheirScansThatDay() {
    Dataset<Row> actual = FraudUsersDaily.build(scans(), flags());
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // U1: 3 scans, 2.50 rewards in all; rules merged and sorted; 2 flagged, 2.00 at risk.
            row(
                NOV4,
                "U1",
                3L,
                new BigDecimal("2.50"),
                "CODE_REUSE,GEO_MISMATCH,HIGH_VOLUME",
                2L,
                new BigDecimal("2.00"),
                50),
            row(
                NOV4,
                "U2",
                1L,
                new BigDecimal("0.00"),
                "UNKNOWN_CODE",
                1L,
                new BigDecimal("0.00"),
                40));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void campaignRewardsPaidAndAtRisk() {
    Dataset<Row> actual = CampaignFraudDaily.build(scans(), flags());
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // CP1: a (2.00, flagged), b (0.50), e (1.00): 3.50 paid, 2.00 at risk.
            row(
                NOV4,
                "CP1",
                3L,
                3L,
                new BigDecimal("3.50"),
                1L,
                new BigDecimal("2.00"),
                2.00 / 3.50),
            // CP2: one unrewarded flagged scan: nothing paid, share undefined.
            row(NOV4, "CP2", 1L, 0L, new BigDecimal("0.00"), 1L, new BigDecimal("0.00"), null));
    SharedSpark.assertDataFrameApproximateEquals(expected, actual, 1e-12);
  }
}
