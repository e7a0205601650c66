package io.omnitouch.marts.fraud;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.marts.diversion.ScanFixtures.factoryOut;
import static io.omnitouch.marts.diversion.ScanFixtures.sh;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.config.OmnitouchConfig.FraudThresholds;
import io.omnitouch.marts.diversion.ScanFixtures;
import io.omnitouch.marts.diversion.ScanFixtures.Scan;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class FraudScanFlagsTest {
  static final LocalDate DAY = LocalDate.parse("2026-11-04");
  static final Date NOV4 = Date.valueOf(DAY);

  /** Small thresholds so each rule shows with a few rows: >3 codes, >2 users, 300 km/h. */
  static final FraudThresholds SMALL = new FraudThresholds(3, 2, 300.0);

  /** The consumer scans plus a 2026-11-01 factory_out for every code not named X*. */
  static Dataset<Row> withShipments(List<Scan> consumerScans, Scan... extra) {
    List<Scan> all = new ArrayList<>(consumerScans);
    Set<String> codes = new TreeSet<>();
    for (Scan s : consumerScans) {
      codes.add((String) s.row()[1]);
    }
    for (String code : codes) {
      if (!code.startsWith("X")) {
        all.add(factoryOut("f-" + code, code, "2026-11-01 08:00", "D1"));
      }
    }
    all.addAll(List.of(extra));
    return ScanFixtures.silverScans(all.toArray(Scan[]::new));
  }

  static Dataset<Row> flags(Dataset<Row> scans, FraudThresholds t) {
    return FraudScanFlags.build(
        scans, CodeRegistry.updates(scans), ScanFixtures.regions(), t, DAY, DAY);
  }

  @Test
  void eachRuleAndTheTraps() {
    List<Scan> scans =
        List.of(
            // HIGH_VOLUME: U1 scans 4 codes (> 3); U2 only 3.
            consumer("h1", "H1", "2026-11-04 09:00", "U1", "310115").campaign("CP1", "1.50"),
            consumer("h2", "H2", "2026-11-04 09:01", "U1", "310115"),
            consumer("h3", "H3", "2026-11-04 09:02", "U1", "310115"),
            consumer("h4", "H4", "2026-11-04 09:03", "U1", "310115"),
            consumer("g1", "G1", "2026-11-04 09:00", "U2", "310115"),
            consumer("g2", "G2", "2026-11-04 09:01", "U2", "310115"),
            consumer("g3", "G3", "2026-11-04 09:02", "U2", "310115"),
            // Trap: Shanghai -> Hangzhou, 164.9 km in 2 h (82 km/h): not impossible travel.
            consumer("p1", "P1", "2026-11-04 10:00", "U3", "310115").at(31.2304, 121.4737),
            consumer("p2", "P2", "2026-11-04 12:00", "U3", "330106").at(30.2741, 120.1551),
            // IMPOSSIBLE_TRAVEL: (31, 121) -> (40, 116) is 1097.8 km in 1 h.
            consumer("q1", "Q1", "2026-11-04 10:00", "U4", "310115").at(31.0, 121.0),
            consumer("q2", "Q2", "2026-11-04 11:00", "U4", "110101").at(40.0, 116.0),
            // IMPOSSIBLE_TRAVEL across midnight (the previous scan is in the lookback days),
            // positions from region centroids: (23, 120) -> (31.2, 121), 918 km in 1.5 h.
            consumer("r0", "R0", "2026-11-03 23:00", "U5", "440106"),
            consumer("r1", "R1", "2026-11-04 00:30", "U5", "310115"),
            // SHARED_DEVICE: DEV1 used by 3 users (> 2); DEV2 by 2.
            consumer("s1", "S1", "2026-11-04 14:00", "U6", "310115").device("DEV1"),
            consumer("s2", "S2", "2026-11-04 14:10", "U7", "310115").device("DEV1"),
            consumer("s3", "S3", "2026-11-04 14:20", "U8", "310115").device("DEV1"),
            consumer("s4", "S4", "2026-11-04 15:00", "U6", "310115").device("DEV2"),
            consumer("s5", "S5", "2026-11-04 15:10", "U7", "310115").device("DEV2"),
            // CODE_REUSE: U9 first (clean), U10 second (reuse), U9 again after U10 (reuse).
            consumer("k1", "K1", "2026-11-04 09:00", "U9", "310115"),
            consumer("k2", "K1", "2026-11-04 10:00", "U10", "310115"),
            consumer("k3", "K1", "2026-11-04 11:00", "U9", "310115"),
            // UNKNOWN_CODE: never shipped; and scanned an hour before its factory_out.
            consumer("x1", "X1", "2026-11-04 09:00", "U11", "310115"),
            consumer("x2", "X2", "2026-11-04 11:00", "U11", "310115"),
            // GEO_MISMATCH alone (IP in Guangdong, GPS in Shanghai): not flagged.
            consumer("l1", "L1", "2026-11-04 09:00", "U12", "310115").ip("440106"),
            // GEO_MISMATCH with UNKNOWN_CODE: both listed.
            consumer("x3", "X3", "2026-11-04 09:00", "U13", "310115").ip("440106"),
            // Four rules at once: 30 + 10 + 30 + 40 = 110, capped at 100.
            consumer("x4a", "X4", "2026-11-04 09:00", "U15", "310115"),
            consumer("m1", "M1", "2026-11-04 09:30", "U16", "110101"),
            consumer("x4b", "X4", "2026-11-04 10:00", "U16", "310115").ip("440106"));
    Dataset<Row> actual =
        flags(withShipments(scans, factoryOut("f-X2", "X2", "2026-11-04 12:00", "D1")), SMALL);

    Dataset<Row> expected =
        rows(
            actual.schema(),
            flag("h1", "U1", "CP1", "HIGH_VOLUME", 20, "H1", null, "2026-11-04 09:00", "1.50"),
            flag("h2", "U1", null, "HIGH_VOLUME", 20, "H2", null, "2026-11-04 09:01", null),
            flag("h3", "U1", null, "HIGH_VOLUME", 20, "H3", null, "2026-11-04 09:02", null),
            flag("h4", "U1", null, "HIGH_VOLUME", 20, "H4", null, "2026-11-04 09:03", null),
            flag("q2", "U4", null, "IMPOSSIBLE_TRAVEL", 30, "Q2", null, "2026-11-04 11:00", null),
            flag("r1", "U5", null, "IMPOSSIBLE_TRAVEL", 30, "R1", null, "2026-11-04 00:30", null),
            flag("s1", "U6", null, "SHARED_DEVICE", 25, "S1", "DEV1", "2026-11-04 14:00", null),
            flag("s2", "U7", null, "SHARED_DEVICE", 25, "S2", "DEV1", "2026-11-04 14:10", null),
            flag("s3", "U8", null, "SHARED_DEVICE", 25, "S3", "DEV1", "2026-11-04 14:20", null),
            flag("k2", "U10", null, "CODE_REUSE", 30, "K1", null, "2026-11-04 10:00", null),
            flag("k3", "U9", null, "CODE_REUSE", 30, "K1", null, "2026-11-04 11:00", null),
            flag("x1", "U11", null, "UNKNOWN_CODE", 40, "X1", null, "2026-11-04 09:00", null),
            flag("x2", "U11", null, "UNKNOWN_CODE", 40, "X2", null, "2026-11-04 11:00", null),
            flag(
                "x3",
                "U13",
                null,
                "GEO_MISMATCH,UNKNOWN_CODE",
                50,
                "X3",
                null,
                "2026-11-04 09:00",
                null),
            flag("x4a", "U15", null, "UNKNOWN_CODE", 40, "X4", null, "2026-11-04 09:00", null),
            flag(
                "x4b",
                "U16",
                null,
                "CODE_REUSE,GEO_MISMATCH,IMPOSSIBLE_TRAVEL,UNKNOWN_CODE",
                100,
                "X4",
                null,
                "2026-11-04 10:00",
                null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  static Object[] flag(
      String scanId,
      String user,
      String campaign,
      String rules,
      int score,
      String code,
      String device,
      String time,
      String reward) {
    return row(
        scanId,
        NOV4,
        user,
        campaign,
        rules,
        score,
        code,
        device,
        sh(time),
        reward == null ? null : new BigDecimal(reward));
  }

  @Test
  void defaultThresholdsAreTheContractsBoundaries() {
    List<Scan> scans = new ArrayList<>();
    // 21 codes for U1 (> 20: flagged), 20 for U2 (not).
    for (int i = 1; i <= 21; i++) {
      scans.add(consumer("a" + i, "A" + i, "2026-11-04 09:00", "U1", "310115"));
    }
    for (int i = 1; i <= 20; i++) {
      scans.add(consumer("b" + i, "B" + i, "2026-11-04 09:00", "U2", "310115"));
    }
    // DEV1: 4 users (> 3: flagged); DEV2: 3 users.
    for (int i = 1; i <= 4; i++) {
      scans.add(consumer("d" + i, "D" + i, "2026-11-04 10:00", "V" + i, "310115").device("DEV1"));
    }
    for (int i = 1; i <= 3; i++) {
      scans.add(consumer("e" + i, "E" + i, "2026-11-04 10:00", "W" + i, "310115").device("DEV2"));
    }
    Dataset<Row> actual = flags(withShipments(scans), FraudThresholds.DEFAULTS);
    Set<String> flagged =
        actual.select("scan_id").collectAsList().stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>();
    for (int i = 1; i <= 21; i++) {
      expected.add("a" + i);
    }
    for (int i = 1; i <= 4; i++) {
      expected.add("d" + i);
    }
    assertEquals(expected, flagged);
  }

  @Test
  void travelLookbackCoversTheLongestJourneyAtTheThresholdSpeed() {
    // 20 015 km / 300 km/h = 66.7 h: 3 days; at 1000 km/h: 20 h, 1 day.
    assertEquals(3, FraudScanFlags.travelLookbackDays(300.0));
    assertEquals(1, FraudScanFlags.travelLookbackDays(1000.0));
  }
}
