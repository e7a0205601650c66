package io.omnitouch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The nightly job over sample-data/ (built by bin/test into OMNITOUCH_SAMPLE_WAREHOUSE) finds what
 * the generator planted (sample-data/planted.json), keeps no clear phone anywhere, and publishes
 * exports that an independent Parquet reader sees the same as Spark.
 */
@Tag("e2e")
class SampleWarehouseE2E {
  private static Warehouse wh;
  private static JsonNode planted;

  @BeforeAll
  static void open() throws IOException {
    String dir = System.getenv("OMNITOUCH_SAMPLE_WAREHOUSE");
    assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)),
        "OMNITOUCH_SAMPLE_WAREHOUSE is not set to a built sample warehouse (bin/test builds it)");
    wh = new Warehouse(SharedSpark.spark(), Path.of(dir));
    planted =
        new ObjectMapper()
            .readTree(SharedSpark.repo().resolve("sample-data/planted.json").toFile());
  }

  @Test
  void everyPlantedDiversionCaseIsFoundWithItsEvidence() {
    Dataset<Row> cases = wh.read("gold/diversion_cases");
    for (JsonNode c : planted.get("diversion_cases")) {
      List<Row> found =
          cases.filter(functions.col("case_id").equalTo(c.get("case_id").asText())).collectAsList();
      assertEquals(1, found.size(), "case " + c.get("case_id"));
      Row r = found.get(0);
      assertEquals(c.get("status").asText(), r.getAs("status"), c.get("case_id").asText());
      assertEquals(c.get("evidence").asText(), r.getAs("evidence"), c.get("case_id").asText());
      assertEquals(c.get("codes").asLong(), ((Number) r.getAs("codes")).longValue());
      assertEquals(c.get("scans").asLong(), ((Number) r.getAs("scans")).longValue());
      assertEquals(c.get("stores").asLong(), ((Number) r.getAs("stores")).longValue());
    }
    assertEquals(
        planted.get("diversion_cases").size(),
        cases.count(),
        "routine data is clean: the planted cases are all the cases");
  }

  @Test
  void theTerritoryInForceOnEachScanDateJudgesThePlantedChange() {
    JsonNode change = planted.get("territory_change");
    Set<String> diverted = new HashSet<>();
    wh.read("gold/diversion_scans")
        .select("scan_id")
        .collectAsList()
        .forEach(r -> diverted.add(r.getString(0)));
    change
        .get("diverted_scan_ids")
        .forEach(id -> assertTrue(diverted.contains(id.asText()), id.asText()));
    change
        .get("clean_scan_ids")
        .forEach(id -> assertFalse(diverted.contains(id.asText()), id.asText()));
  }

  /**
   * Each load of the reference files (one per run; bin/test builds the sample in two runs) puts
   * exactly the planted conflicting packing rows into that run date's quarantine.
   */
  @Test
  void theConflictingPackingRowsAreQuarantined() {
    JsonNode conflict = planted.get("packing_conflict");
    List<Row> perLoad =
        wh.read(Warehouse.QUARANTINE)
            .filter(functions.col("source").equalTo("reference"))
            .groupBy("dt")
            .agg(
                functions.count(functions.lit(1)).as("rows"),
                functions
                    .sum(
                        functions
                            .when(
                                functions.col("reason").contains(conflict.get("code").asText()), 1)
                            .otherwise(0))
                    .as("conflicting"))
            .collectAsList();
    assertFalse(perLoad.isEmpty(), "the packing conflict is quarantined");
    for (Row r : perLoad) {
      assertEquals(
          conflict.get("quarantined_rows").asLong(), ((Number) r.getAs("rows")).longValue());
      assertEquals(
          conflict.get("quarantined_rows").asLong(), ((Number) r.getAs("conflicting")).longValue());
    }
  }

  @Test
  void thePlantedBatchesHaveTheirScanRates() {
    Dataset<Row> rates = wh.read("gold/code_scan_rate");
    Object last = rates.agg(functions.max("dt")).first().get(0);
    for (JsonNode b : planted.get("scan_rate_batches")) {
      List<Row> found =
          rates
              .filter(
                  functions
                      .col("dt")
                      .equalTo(functions.lit(last))
                      .and(functions.col("batch_id").equalTo(b.get("batch_id").asText())))
              .collectAsList();
      assertEquals(1, found.size(), b.get("batch_id").asText());
      Row r = found.get(0);
      assertEquals(b.get("distributor_id").asText(), r.getAs("distributor_id"));
      assertEquals(
          b.get("codes_shipped").asLong(), ((Number) r.getAs("codes_shipped")).longValue());
      assertEquals(
          b.get("codes_scanned").asLong(), ((Number) r.getAs("codes_scanned")).longValue());
    }
  }

  @Test
  void onlyThePlantedStoresSellBelowTheFloor() {
    Set<String> expected = new HashSet<>();
    planted.at("/price_dumping/city_codes").forEach(c -> expected.add(c.asText()));
    Set<String> actual = new HashSet<>();
    wh.read("gold/price_deviation_daily")
        .filter(functions.col("below_floor_units").gt(0))
        .select("city_code", "channel")
        .distinct()
        .collectAsList()
        .forEach(
            r -> {
              actual.add(r.getString(0));
              assertEquals(planted.at("/price_dumping/channel").asText(), r.getString(1));
            });
    assertEquals(expected, actual);
  }

  @Test
  void theFraudFlagsAreExactlyThePlantedOnes() {
    Map<String, String> expected = new HashMap<>();
    planted
        .get("expected_fraud_flags")
        .fields()
        .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
    Map<String, String> actual = new HashMap<>();
    wh.read("gold/fraud_scan_flags")
        .select("scan_id", "rules")
        .collectAsList()
        .forEach(r -> actual.put(r.getString(0), r.getString(1)));
    assertEquals(expected, actual);
  }

  @Test
  void orderVersionCasesEndInTheirExpectedStatus() {
    Dataset<Row> lines = wh.read("silver/order_lines");
    for (JsonNode c : planted.get("order_cases")) {
      Row r =
          lines
              .filter(
                  functions
                      .col("order_id")
                      .equalTo(c.get("order_id").asText())
                      .and(functions.col("line_no").equalTo(c.get("line_no").asInt())))
              .first();
      assertEquals(
          c.get("expected_current_status").asText(), r.getAs("status"), c.get("name").asText());
    }
  }

  @Test
  void salesAddUpToThePaidOrders() {
    Row sales =
        wh.read("gold/sales_daily").agg(functions.sum("revenue"), functions.sum("orders")).first();
    // the customer history before the window is loaded but older than the late horizon: no
    // sales_daily row restates its dates (inputs.md), so the sums compare over the window
    Row paid =
        wh.read("silver/paid_orders")
            .filter(functions.col("order_date").geq(planted.at("/generator/from").asText()))
            .agg(functions.sum("value"))
            .first();
    assertEquals(
        0,
        ((java.math.BigDecimal) paid.get(0))
            .compareTo(new java.math.BigDecimal(sales.get(0).toString())));
  }

  /** A planted.json map of counts, without its zero entries (a mart holds no zero rows). */
  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> m = new TreeMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asLong() != 0) {
                m.put(e.getKey(), e.getValue().asLong());
              }
            });
    return m;
  }

  private static Map<String, Long> counts(Dataset<Row> rows, String key, String value) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      long v = ((Number) r.getAs(value)).longValue();
      if (v != 0) {
        m.put(r.getAs(key).toString(), v);
      }
    }
    return m;
  }

  @Test
  void theCustomerHistoryGivesThePlantedReactivatedReturningAndChurnedBuyers() {
    JsonNode c = planted.get("customer_history");
    Dataset<Row> all =
        wh.read("gold/customer_assets_daily").filter(functions.col("channel").equalTo("ALL"));
    assertEquals(
        counts(c.get("reactivated_buyers_by_date")),
        counts(all.select("dt", "reactivated_buyers"), "dt", "reactivated_buyers"));
    Row last = all.filter(functions.col("dt").equalTo(c.at("/last_date/date").asText())).first();
    assertEquals(
        c.at("/last_date/returning_buyers").asLong(),
        ((Number) last.getAs("returning_buyers")).longValue());
    long churned = ((Number) last.getAs("churned_customers")).longValue();
    assertEquals(c.at("/last_date/churned_customers").asLong(), churned);
    assertTrue(churned > 0, "churned customers on the last date");
  }

  @Test
  void repurchaseCohortsByFirstChannelHoldThePlantedNewBuyers() {
    JsonNode c = planted.get("customer_history");
    Dataset<Row> byChannel =
        wh.read("gold/customer_repurchase_cohorts")
            .filter(functions.col("channel").notEqual("ALL"))
            .groupBy("channel")
            .agg(
                functions.sum("new_buyers").as("new_buyers"),
                functions.sum("repurchased_30d").as("repurchased_30d"));
    Map<String, Long> repurchased = counts(byChannel, "channel", "repurchased_30d");
    assertEquals(
        counts(c.get("new_buyers_by_first_channel")), counts(byChannel, "channel", "new_buyers"));
    assertEquals(counts(c.get("repurchased_30d_by_first_channel")), repurchased);
    for (String channel : List.of("mini_program", "guide")) {
      assertTrue(repurchased.getOrDefault(channel, 0L) > 0, channel + " cohorts repurchase");
    }
  }

  @Test
  void theLastRfmSnapshotHasThePlantedSegments() {
    JsonNode c = planted.get("customer_history");
    Dataset<Row> segments =
        wh.read("gold/customer_rfm")
            .filter(functions.col("dt").equalTo(c.at("/last_date/date").asText()))
            .groupBy("segment")
            .count();
    Map<String, Long> actual = counts(segments, "segment", "count");
    assertEquals(counts(c.at("/last_date/rfm_segments")), actual);
    assertEquals(5, actual.size(), "every segment: " + actual);
  }

  @Test
  void theHoldoutCampaignShowsItsPlantedLift() {
    Row c =
        wh.read("gold/uplift_campaign")
            .filter(
                functions
                    .col("campaign_id")
                    .equalTo(planted.at("/campaign_holdout/campaign_id").asText()))
            .orderBy(functions.col("dt").desc())
            .first();
    assertEquals(
        planted.at("/campaign_holdout/treatment_users").asLong(),
        ((Number) c.getAs("treatment_users")).longValue());
    assertEquals(
        planted.at("/campaign_holdout/control_users").asLong(),
        ((Number) c.getAs("control_users")).longValue());
    assertTrue(
        ((Number) c.getAs("conversion_lift_abs_ci_low")).doubleValue() > 0,
        "planted lift is detected");
  }

  @Test
  void noClearPhoneNumberIsAnywhereUnderTheWarehouse() throws IOException {
    Set<String> phones = samplePhones();
    assertTrue(phones.size() > 100, "the sample has buyer phones to look for");
    java.util.regex.Pattern mobile = java.util.regex.Pattern.compile("1[3-9][0-9]{9}");
    // Every string column of every table, as Spark reads it.
    try (Stream<Path> dirs = Files.walk(Path.of(wh.root()), 3)) {
      for (Path t : dirs.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).toList()) {
        Dataset<Row> df = SharedSpark.spark().read().format("delta").load(t.toString());
        org.apache.spark.sql.Column[] strings =
            java.util.Arrays.stream(df.schema().fields())
                .filter(f -> f.dataType() instanceof org.apache.spark.sql.types.StringType)
                .map(f -> functions.coalesce(functions.col(f.name()), functions.lit("")))
                .toArray(org.apache.spark.sql.Column[]::new);
        if (strings.length == 0) {
          continue;
        }
        // One pass per table: every mobile-looking number in any string column.
        Dataset<Row> hits =
            df.withColumn("_all", functions.concat_ws(" ", strings))
                .select("_all")
                .select(
                    functions
                        .explode(functions.expr("regexp_extract_all(_all, '(1[3-9][0-9]{9})', 1)"))
                        .as("m"))
                .distinct();
        for (Row h : hits.collectAsList()) {
          assertFalse(phones.contains(h.getString(0)), t + " holds a clear phone");
        }
      }
    }
    // And the bytes of every file (logs, exports, reports, checkpoints).
    try (Stream<Path> files = Files.walk(Path.of(wh.root()))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        java.util.regex.Matcher m =
            mobile.matcher(
                new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
        while (m.find()) {
          assertFalse(phones.contains(m.group()), p + " holds a clear phone");
        }
      }
    }
  }

  @Test
  void exportsReadByDuckDbMatchTheGoldTables() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      for (MartJob job : MartCatalog.all()) {
        Path dir = Path.of(wh.root(), "exports", job.name());
        assertTrue(Files.isDirectory(dir), "export of " + job.name());
        String glob = dir + (job.dateColumn() == null ? "/*.parquet" : "/*/*.parquet");
        long duckRows;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM read_parquet('" + glob + "', hive_partitioning = true)")) {
          rs.next();
          duckRows = rs.getLong(1);
        }
        assertEquals(wh.read("gold/" + job.name()).count(), duckRows, job.name());
      }
    }
  }

  /** The 11-digit numbers of every buyer_phone in sample-data/orders. */
  private static Set<String> samplePhones() throws IOException {
    Set<String> phones = new HashSet<>();
    try (Stream<Path> files = Files.walk(SharedSpark.repo().resolve("sample-data/orders"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        try (InputStream raw = Files.newInputStream(p);
            InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            Reader r = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
          for (CSVRecord rec :
              CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            String v = rec.isMapped("buyer_phone") ? rec.get("buyer_phone") : "";
            String digits = v.replaceAll("[^0-9]", "");
            if (digits.length() == 13 && digits.startsWith("86")) {
              digits = digits.substring(2);
            }
            if (digits.length() == 11) {
              phones.add(digits);
            }
          }
        }
      }
    }
    return phones;
  }
}
