package io.omnitouch.marts.diversion;

import static io.omnitouch.marts.diversion.ScanFixtures.sh;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.testing.SharedSpark;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DiversionCasesTest {
  /** The diversion_scans columns the cases and flows read. */
  static final String DDL =
      "scan_id STRING, code STRING, sku STRING, distributor_id STRING, territory STRING,"
          + " region_code STRING, evidence STRING, event_time TIMESTAMP, store_id STRING,"
          + " city_code STRING, week STRING, week_start DATE, case_id STRING";

  static final Date W45 = Date.valueOf("2026-11-02");
  static final Date W53 = Date.valueOf("2026-12-28");

  static Object[] scan(
      String id,
      String code,
      String distributor,
      String place,
      String evidence,
      String time,
      String store) {
    String city = place.substring(0, 4);
    boolean newYear = time.startsWith("2027");
    String week = newYear ? "2026-W53" : "2026-W45";
    String territory = distributor.equals("D1") ? "31;1101" : "33";
    return row(
        id,
        code,
        "SKU-A",
        distributor,
        territory,
        place,
        evidence,
        sh(time),
        store,
        city,
        week,
        newYear ? W53 : W45,
        distributor + "|SKU-A|" + city + "|" + week);
  }

  static Dataset<Row> diversionScans() {
    return rows(
        DDL,
        // D1 in Hangzhou: 5 distinct consumer codes (K1 twice) -> confirmed at the 5th code.
        scan("a1", "K1", "D1", "330106", "consumer", "2026-11-02 10:00", null),
        scan("a2", "K2", "D1", "330106", "consumer", "2026-11-03 10:00", null),
        scan("a3", "K3", "D1", "330106", "consumer", "2026-11-04 10:00", null),
        scan("a4", "K4", "D1", "330106", "consumer", "2026-11-05 10:00", null),
        scan("a5", "K5", "D1", "330106", "consumer", "2026-11-06 10:00", null),
        scan("a6", "K1", "D1", "330106", "consumer", "2026-11-07 10:00", null),
        // D1 in Guangzhou: a traveller's lone scan stays suspected.
        scan("b1", "T1", "D1", "440106", "consumer", "2026-11-04 15:00", null),
        // D2 in Guangzhou: dealer_out and store_in to S9, then a consumer scan -> confirmed by
        // the first channel scan.
        scan("c1", "M1", "D2", "440106", "channel", "2026-11-04 09:00", "S9"),
        scan("c2", "M1", "D2", "440106", "channel", "2026-11-04 12:00", "S9"),
        scan("c3", "M2", "D2", "440106", "consumer", "2026-11-05 18:00", null),
        // D2 in Shanghai: 4 consumer codes, one scanned in a known store -> still suspected.
        scan("d1", "N1", "D2", "310115", "consumer", "2026-11-02 10:00", "S7"),
        scan("d2", "N2", "D2", "310115", "consumer", "2026-11-02 11:00", null),
        scan("d3", "N3", "D2", "310115", "consumer", "2026-11-02 12:00", null),
        scan("d4", "N4", "D2", "310115", "consumer", "2026-11-02 13:00", null),
        // New Year's Day 2027 belongs to ISO week 2026-W53.
        scan("e1", "Y1", "D2", "310115", "consumer", "2027-01-01 10:00", null));
  }

  @Test
  void casesPerDistributorSkuCityAndIsoWeek() {
    Dataset<Row> actual = DiversionCases.build(diversionScans());
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row(
                "D1|SKU-A|3301|2026-W45",
                "D1",
                "SKU-A",
                "3301",
                "2026-W45",
                sh("2026-11-02 10:00"),
                sh("2026-11-07 10:00"),
                5L,
                6L,
                0L,
                "consumer",
                "confirmed",
                5L,
                W45,
                sh("2026-11-06 10:00")),
            row(
                "D1|SKU-A|4401|2026-W45",
                "D1",
                "SKU-A",
                "4401",
                "2026-W45",
                sh("2026-11-04 15:00"),
                sh("2026-11-04 15:00"),
                1L,
                1L,
                0L,
                "consumer",
                "suspected",
                1L,
                W45,
                null),
            row(
                "D2|SKU-A|4401|2026-W45",
                "D2",
                "SKU-A",
                "4401",
                "2026-W45",
                sh("2026-11-04 09:00"),
                sh("2026-11-05 18:00"),
                2L,
                3L,
                1L,
                "channel",
                "confirmed",
                1L,
                W45,
                sh("2026-11-04 09:00")),
            row(
                "D2|SKU-A|3101|2026-W45",
                "D2",
                "SKU-A",
                "3101",
                "2026-W45",
                sh("2026-11-02 10:00"),
                sh("2026-11-02 13:00"),
                4L,
                4L,
                1L,
                "consumer",
                "suspected",
                4L,
                W45,
                null),
            row(
                "D2|SKU-A|3101|2026-W53",
                "D2",
                "SKU-A",
                "3101",
                "2026-W53",
                sh("2027-01-01 10:00"),
                sh("2027-01-01 10:00"),
                1L,
                1L,
                0L,
                "consumer",
                "suspected",
                1L,
                W53,
                null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  @Test
  void theConfirmingCodeCountIsAParameter() {
    // With 4 codes (a config file's diversion.confirmed_case.consumer_codes = 4), D2's Shanghai
    // case of 4 consumer codes is confirmed at its 4th code; the 2026-W53 single scan is not.
    java.util.Map<String, Object[]> byCase = new java.util.TreeMap<>();
    for (Row r :
        DiversionCases.build(diversionScans(), 4)
            .select("case_id", "status", "confirmed_at")
            .collectAsList()) {
      byCase.put(r.getString(0), new Object[] {r.getString(1), r.get(2)});
    }
    org.junit.jupiter.api.Assertions.assertEquals(
        "confirmed", byCase.get("D2|SKU-A|3101|2026-W45")[0]);
    org.junit.jupiter.api.Assertions.assertEquals(
        sh("2026-11-02 13:00"), byCase.get("D2|SKU-A|3101|2026-W45")[1]);
    org.junit.jupiter.api.Assertions.assertEquals(
        "suspected", byCase.get("D2|SKU-A|3101|2026-W53")[0]);
    org.junit.jupiter.api.Assertions.assertEquals(
        "suspected", byCase.get("D1|SKU-A|4401|2026-W45")[0]);
  }

  @Test
  void flowsFromTheFirstTerritoryProvinceToThePlaceProvince() {
    Dataset<Row> actual = DiversionFlowsWeekly.build(diversionScans());
    Dataset<Row> expected =
        rows(
            actual.schema(),
            // D1's first prefix is 31: Shanghai -> Zhejiang (5 codes, 6 scans), -> Guangdong.
            row("2026-W45", "31", "33", 5L, 6L, W45),
            row("2026-W45", "31", "44", 1L, 1L, W45),
            // D2 (33): -> Guangdong 2 codes / 3 scans; -> Shanghai 4 / 4.
            row("2026-W45", "33", "44", 2L, 3L, W45),
            row("2026-W45", "33", "31", 4L, 4L, W45),
            row("2026-W53", "33", "31", 1L, 1L, W53));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }
}
