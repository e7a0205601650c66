package io.omnitouch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnitouch.generate.InputTree.Row;
import io.omnitouch.schema.ColumnSpec;
import io.omnitouch.schema.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Checks shared by the generator tests and the committed sample's test. */
final class TreeChecks {
  static final String[] SOURCES = {"scans", "orders", "guide_events", "group_events"};
  static final String[] REFERENCE = {
    "regions",
    "distributors",
    "stores",
    "products",
    "guides",
    "groups",
    "campaigns",
    "program_rollouts",
    "campaign_assignments",
    "code_packing",
    "distributor_territories"
  };

  private TreeChecks() {}

  static JsonNode manifest(Path root) {
    try {
      return new ObjectMapper().readTree(root.resolve("planted.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> ids(List<Row> rows, String column) {
    Set<String> out = new HashSet<>();
    rows.forEach(r -> out.add(r.get(column)));
    return out;
  }

  static Map<String, String> map(List<Row> rows, String key, String value) {
    Map<String, String> out = new HashMap<>();
    rows.forEach(r -> out.put(r.get(key), r.get(value)));
    return out;
  }

  /**
   * Every row of every file follows inputs.md: declared header, row rules, delivery on or after the
   * event's own date, and references that resolve in the reference files.
   */
  static void assertFollowsContract(Path root) {
    List<String> problems = new ArrayList<>();
    Map<String, List<Row>> ref = new HashMap<>();
    for (String name : REFERENCE) {
      List<ColumnSpec> spec = Schemas.inputColumns("reference/" + name);
      List<Row> rows = InputTree.reference(root, name);
      assertFalse(rows.isEmpty(), name + " is empty");
      assertEquals(ContractValidator.columnNames("reference/" + name), rows.get(0).header(), name);
      for (Row r : rows) {
        for (String v : ContractValidator.violations(r, spec)) {
          problems.add(name + ".csv line " + r.line() + ": " + v);
        }
      }
      ref.put(name, rows);
    }
    Set<String> regions = ids(ref.get("regions"), "region_code");
    Set<String> skus = ids(ref.get("products"), "sku");
    Set<String> campaigns = ids(ref.get("campaigns"), "campaign_id");
    Map<String, String> storeRegion = map(ref.get("stores"), "store_id", "region_code");
    Map<String, String> guideStore = map(ref.get("guides"), "guide_id", "store_id");
    Set<String> groups = ids(ref.get("groups"), "group_id");
    Map<String, String> territory = map(ref.get("distributors"), "distributor_id", "territory");
    for (Row r : ref.get("regions")) {
      if (r.get("parent_code") != null && !regions.contains(r.get("parent_code"))) {
        problems.add("region " + r.get("region_code") + " has an unknown parent");
      }
    }
    for (Map.Entry<String, String> e : territory.entrySet()) {
      for (String prefix : e.getValue().split(";")) {
        String padded = (prefix + "000000").substring(0, 6);
        if (!regions.contains(padded)) {
          problems.add("territory prefix " + prefix + " of " + e.getKey() + " has no region row");
        }
      }
    }
    for (Row s : ref.get("stores")) {
      boolean inside = false;
      for (String prefix : territory.get(s.get("distributor_id")).split(";")) {
        inside |= s.get("region_code").startsWith(prefix);
      }
      if (!inside || !regions.contains(s.get("region_code"))) {
        problems.add("store " + s.get("store_id") + " outside its distributor's territory");
      }
    }

    for (String source : SOURCES) {
      List<ColumnSpec> spec = Schemas.inputColumns("inputs/" + source);
      List<String> declared = ContractValidator.columnNames("inputs/" + source);
      String timeColumn = Schemas.json("inputs/" + source).get("eventTime").asText();
      List<Path> files = InputTree.files(root, source);
      assertFalse(files.isEmpty(), source + " has no files");
      for (Path f : files) {
        String folder = f.getParent().getFileName().toString();
        LocalDate dt = LocalDate.parse(folder.substring(3));
        List<Row> rows = InputTree.parse(f, dt);
        for (Row r : rows) {
          assertEquals(declared, r.header(), f.toString());
          String where = root.relativize(f) + " line " + r.line() + ": ";
          for (String v : ContractValidator.violations(r, spec)) {
            problems.add(where + v);
          }
          // a row is delivered on or after the date it happened (orders: its version's date)
          String time = source.equals("orders") ? r.get("updated_time") : r.get(timeColumn);
          if (InputTree.businessDate(time).isAfter(dt)) {
            problems.add(where + "delivered before it happened: " + time);
          }
          if (r.get("sku") != null && !skus.contains(r.get("sku"))) {
            problems.add(where + "unknown sku " + r.get("sku"));
          }
          if (r.get("store_id") != null && !storeRegion.containsKey(r.get("store_id"))) {
            problems.add(where + "unknown store " + r.get("store_id"));
          }
          if (r.get("campaign_id") != null && !campaigns.contains(r.get("campaign_id"))) {
            problems.add(where + "unknown campaign " + r.get("campaign_id"));
          }
          if (r.get("group_id") != null && !groups.contains(r.get("group_id"))) {
            problems.add(where + "unknown group " + r.get("group_id"));
          }
          if (r.get("guide_id") != null && !guideStore.containsKey(r.get("guide_id"))) {
            problems.add(where + "unknown guide " + r.get("guide_id"));
          }
          if (source.equals("guide_events")
              && !r.get("store_id").equals(guideStore.get(r.get("guide_id")))) {
            problems.add(where + "store is not the guide's store");
          }
          if (r.get("distributor_id") != null && !territory.containsKey(r.get("distributor_id"))) {
            problems.add(where + "unknown distributor " + r.get("distributor_id"));
          }
          for (String col : List.of("region_code", "ip_region_code")) {
            if (r.get(col) != null && !regions.contains(r.get(col))) {
              problems.add(where + col + " not in regions.csv: " + r.get(col));
            }
          }
          if (source.equals("orders")) {
            BigDecimal list = new BigDecimal(r.get("unit_price"));
            BigDecimal paid = new BigDecimal(r.get("paid_amount"));
            if (paid.compareTo(list.multiply(new BigDecimal(r.get("quantity")))) > 0) {
              problems.add(where + "paid more than quantity x unit_price");
            }
          }
        }
      }
    }
    assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())));
  }

  /**
   * The contract's rules find exactly the planted diversion cases and fraud flags, with the
   * recorded attributes: routine data adds none and hides none.
   */
  static void assertPlantedCasesExact(Path root) {
    JsonNode m = manifest(root);
    List<Row> scans =
        ContractRules.expandPacking(
            ContractRules.dedup(InputTree.read(root, "scans"), "scan_id"),
            InputTree.reference(root, "code_packing"));
    Map<String, String> territory =
        map(InputTree.reference(root, "distributors"), "distributor_id", "territory");
    var territoryOn =
        ContractRules.territoryOn(territory, InputTree.reference(root, "distributor_territories"));
    Map<String, String> storeRegion =
        map(InputTree.reference(root, "stores"), "store_id", "region_code");
    Map<String, double[]> centroids = new HashMap<>();
    for (Row r : InputTree.reference(root, "regions")) {
      centroids.put(
          r.get("region_code"),
          new double[] {Double.parseDouble(r.get("lat")), Double.parseDouble(r.get("lon"))});
    }

    Map<String, ContractRules.Case> found =
        ContractRules.diversionCases(scans, territoryOn, storeRegion);
    Map<String, JsonNode> planted = new TreeMap<>();
    m.get("diversion_cases").forEach(c -> planted.put(c.get("case_id").asText(), c));
    assertEquals(4, planted.size(), "four diversion cases are planted");
    assertEquals(planted.keySet(), found.keySet(), "diversion cases");
    for (Map.Entry<String, JsonNode> e : planted.entrySet()) {
      ContractRules.Case c = found.get(e.getKey());
      JsonNode p = e.getValue();
      assertEquals(p.get("status").asText(), c.status(), e.getKey());
      assertEquals(p.get("evidence").asText(), c.channel ? "channel" : "consumer", e.getKey());
      assertEquals(p.get("codes").asInt(), c.codes.size(), e.getKey());
      assertEquals(p.get("scans").asInt(), c.scanIds.size(), e.getKey());
      assertEquals(p.get("stores").asInt(), c.stores.size(), e.getKey());
      List<String> ids = new ArrayList<>();
      p.get("scan_ids").forEach(x -> ids.add(x.asText()));
      assertEquals(new HashSet<>(ids), new HashSet<>(c.scanIds), e.getKey());
    }

    Map<String, String> expectedFlags = new TreeMap<>();
    m.get("expected_fraud_flags")
        .fields()
        .forEachRemaining(e -> expectedFlags.put(e.getKey(), e.getValue().asText()));
    Set<String> rules = new HashSet<>();
    expectedFlags.values().forEach(v -> rules.addAll(List.of(v.split(","))));
    assertEquals(
        Set.of(
            "HIGH_VOLUME",
            "SHARED_DEVICE",
            "IMPOSSIBLE_TRAVEL",
            "CODE_REUSE",
            "UNKNOWN_CODE",
            "GEO_MISMATCH"),
        rules,
        "every fraud rule is planted");
    assertEquals(expectedFlags, ContractRules.fraudFlags(scans, centroids), "fraud flags");
    for (JsonNode negative : m.get("fraud_negatives")) {
      negative
          .get("scan_ids")
          .forEach(id -> assertFalse(expectedFlags.containsKey(id.asText()), id.asText()));
    }

    Map<String, Row> lines = ContractRules.currentLines(InputTree.read(root, "orders"));
    for (JsonNode c : m.get("order_cases")) {
      Row line = lines.get(c.get("order_id").asText() + "#" + c.get("line_no").asInt());
      assertNotNull(line, c.get("name").asText());
      assertEquals(c.get("expected_current_status").asText(), line.get("status"));
    }

    // re-allocated codes: their later consumer scans belong to the second distributor
    JsonNode re = m.get("reallocated_codes");
    Set<String> moved = new HashSet<>();
    re.get("codes").forEach(c -> moved.add(c.asText()));
    Map<String, List<ContractRules.Shipment>> ships = ContractRules.factoryOuts(scans);
    for (Row r : scans) {
      if (moved.contains(r.get("code")) && r.get("scan_type").equals("consumer")) {
        assertEquals(
            re.get("to_distributor").asText(),
            ContractRules.authorised(ships, r.get("code"), InputTree.instant(r.get("event_time"))));
      }
    }
    for (String code : moved) {
      assertEquals(2, ships.get(code).size(), "two factory_out scans of " + code);
    }
    assertChannelControl(root, m, scans, found);
  }

  /**
   * The planted channel-control items (优码): channel scans mostly of case codes and some of pallet
   * codes, as recorded; the packing conflict; the territory change judged by the territory in
   * force; the scan-rate batches; and below-floor prices exactly in the planted stores' cities.
   */
  private static void assertChannelControl(
      Path root, JsonNode m, List<Row> unitScans, Map<String, ContractRules.Case> found) {
    List<Row> packing = InputTree.reference(root, "code_packing");
    JsonNode packed = m.get("code_packing");
    JsonNode conflict = m.get("packing_conflict");
    assertEquals(
        packed.get("units").asLong() + conflict.get("quarantined_rows").asLong(),
        packing.size(),
        "code_packing.csv: a row per unit, plus the conflicting rows");
    Set<String> cases = ids(packing, "case_code");
    Set<String> pallets = ids(packing, "pallet_code");
    pallets.remove(null);
    assertEquals(packed.get("cases").asLong(), cases.size(), "cases");
    assertEquals(packed.get("pallets").asLong(), pallets.size(), "pallets");
    long conflicting =
        packing.stream().filter(r -> r.get("code").equals(conflict.get("code").asText())).count();
    assertEquals(conflict.get("quarantined_rows").asLong(), conflicting, "conflicting rows");

    Map<String, Long> levels = new TreeMap<>(Map.of("unit", 0L, "case", 0L, "pallet", 0L));
    for (Row r : ContractRules.dedup(InputTree.read(root, "scans"), "scan_id")) {
      if (!r.get("scan_type").equals("consumer")) {
        String code = r.get("code");
        String level = pallets.contains(code) ? "pallet" : cases.contains(code) ? "case" : "unit";
        levels.merge(level, 1L, Long::sum);
      }
    }
    JsonNode recorded = packed.get("channel_scans");
    for (Map.Entry<String, Long> e : levels.entrySet()) {
      assertEquals(recorded.get(e.getKey()).asLong(), e.getValue(), "channel scans of " + e);
    }
    assertTrue(
        levels.get("case") > levels.get("pallet") + levels.get("unit") && levels.get("pallet") > 0,
        "channel scans mostly at case level, some at pallet level: " + levels);

    JsonNode change = m.get("territory_change");
    Set<String> caseScanIds = new HashSet<>();
    found.values().forEach(c -> caseScanIds.addAll(c.scanIds));
    change
        .get("diverted_scan_ids")
        .forEach(id -> assertTrue(caseScanIds.contains(id.asText()), "diverted " + id));
    change
        .get("clean_scan_ids")
        .forEach(id -> assertFalse(caseScanIds.contains(id.asText()), "clean " + id));

    Map<String, List<ContractRules.Shipment>> ships = ContractRules.factoryOuts(unitScans);
    Map<String, String> batchOfCode = new HashMap<>();
    for (Row r : unitScans) {
      if (r.get("scan_type").equals("factory_out")) {
        batchOfCode.put(r.get("code"), r.get("batch_id")); // a code has one batch
      }
    }
    for (JsonNode b : m.get("scan_rate_batches")) {
      String batch = b.get("batch_id").asText();
      Set<String> shipped = new HashSet<>();
      batchOfCode.forEach(
          (code, id) -> {
            if (batch.equals(id)) {
              shipped.add(code);
            }
          });
      Set<String> scanned = new HashSet<>();
      for (Row r : unitScans) {
        if (r.get("scan_type").equals("consumer") && shipped.contains(r.get("code"))) {
          scanned.add(r.get("code"));
        }
      }
      assertEquals(b.get("codes_shipped").asInt(), shipped.size(), batch + " shipped");
      assertEquals(b.get("codes_scanned").asInt(), scanned.size(), batch + " scanned");
      for (String code : shipped) {
        assertEquals(1, ships.get(code).size(), code + " shipped once");
        assertEquals(b.get("distributor_id").asText(), ships.get(code).get(0).distributor(), batch);
      }
    }

    JsonNode dumping = m.get("price_dumping");
    Map<String, BigDecimal> listPrice = new HashMap<>();
    InputTree.reference(root, "products")
        .forEach(r -> listPrice.put(r.get("sku"), new BigDecimal(r.get("list_price"))));
    BigDecimal share = BigDecimal.ONE.subtract(new BigDecimal(dumping.get("floor").asText()));
    Set<String> belowFloor = new TreeSet<>();
    for (Row line : ContractRules.currentLines(InputTree.read(root, "orders")).values()) {
      BigDecimal floor = listPrice.get(line.get("sku")).multiply(share);
      if (line.get("status").equals("paid")
          && new BigDecimal(line.get("unit_price")).compareTo(floor) < 0) {
        belowFloor.add(line.get("region_code").substring(0, 4) + "|" + line.get("channel"));
      }
    }
    Set<String> expected = new TreeSet<>();
    dumping
        .get("city_codes")
        .forEach(c -> expected.add(c.asText() + "|" + dumping.get("channel").asText()));
    assertFalse(expected.isEmpty(), "stores selling below the floor are planted");
    assertEquals(expected, belowFloor, "(city, channel) with paid lines below the price floor");
  }
}
