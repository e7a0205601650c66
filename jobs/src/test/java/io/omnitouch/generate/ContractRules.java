package io.omnitouch.generate;

import io.omnitouch.generate.InputTree.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plain-Java reading of the output contract's diversion and fraud rules (marts.md), with the
 * default thresholds, used to check that a generated tree holds exactly the planted cases. It is
 * deliberately simple and independent of the generator's own code.
 */
final class ContractRules {
  static final int HIGH_VOLUME_CODES = 20;
  static final int SHARED_DEVICE_USERS = 3;
  static final double MAX_KMH = 300;

  private ContractRules() {}

  /** Scans with repeated ids removed (first delivery kept: rows come in (dt, file, line) order). */
  static List<Row> dedup(List<Row> rows, String idColumn) {
    Set<String> seen = new HashSet<>();
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (seen.add(r.get(idColumn))) {
        out.add(r);
      }
    }
    return out;
  }

  record Shipment(Instant time, String distributor) {}

  static Map<String, List<Shipment>> factoryOuts(List<Row> scans) {
    Map<String, List<Shipment>> out = new HashMap<>();
    for (Row r : scans) {
      if (r.get("scan_type").equals("factory_out")) {
        out.computeIfAbsent(r.get("code"), c -> new ArrayList<>())
            .add(new Shipment(InputTree.instant(r.get("event_time")), r.get("distributor_id")));
      }
    }
    out.values().forEach(l -> l.sort(Comparator.comparing(Shipment::time)));
    return out;
  }

  /** Distributor of the code's latest factory_out at or before t, or null. */
  static String authorised(Map<String, List<Shipment>> shipments, String code, Instant t) {
    String d = null;
    for (Shipment s : shipments.getOrDefault(code, List.of())) {
      if (!s.time().isAfter(t)) {
        d = s.distributor();
      }
    }
    return d;
  }

  static String isoWeek(LocalDate d) {
    return String.format(
        "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  static final class Case {
    final Set<String> codes = new TreeSet<>();
    final Set<String> consumerCodes = new TreeSet<>();
    final Set<String> stores = new TreeSet<>();
    final List<String> scanIds = new ArrayList<>();
    boolean channel;

    String status() {
      return channel || consumerCodes.size() >= 5 ? "confirmed" : "suspected";
    }
  }

  /**
   * Case and pallet scans as unit scans (inputs.md): a channel scan of a case or pallet code of
   * code_packing.csv becomes one scan per unit ({@code <scan_id>#<unit>}); a unit listed in two
   * cases is unpacked.
   */
  static List<Row> expandPacking(List<Row> scans, List<Row> packing) {
    Map<String, Set<String>> casesOfUnit = new HashMap<>();
    for (Row r : packing) {
      casesOfUnit.computeIfAbsent(r.get("code"), k -> new TreeSet<>()).add(r.get("case_code"));
    }
    Map<String, Set<String>> units = new HashMap<>();
    for (Row r : packing) {
      if (casesOfUnit.get(r.get("code")).size() > 1) {
        continue;
      }
      units.computeIfAbsent(r.get("case_code"), k -> new TreeSet<>()).add(r.get("code"));
      if (r.get("pallet_code") != null) {
        units.computeIfAbsent(r.get("pallet_code"), k -> new TreeSet<>()).add(r.get("code"));
      }
    }
    List<Row> out = new ArrayList<>();
    for (Row r : scans) {
      Set<String> inside = units.get(r.get("code"));
      if (r.get("scan_type").equals("consumer") || inside == null) {
        out.add(r);
        continue;
      }
      for (String unit : inside) {
        Map<String, String> v = new HashMap<>(r.v());
        v.put("code", unit);
        v.put("scan_id", r.get("scan_id") + "#" + unit);
        out.add(new Row(r.dt(), r.file(), r.line(), r.header(), v));
      }
    }
    return out;
  }

  /**
   * The territory of a distributor in force on a date: the distributor_territories.csv period
   * covering it (valid_to exclusive, empty = open), else distributors.csv.
   */
  static java.util.function.BiFunction<String, LocalDate, String> territoryOn(
      Map<String, String> territories, List<Row> history) {
    return (distributor, day) -> {
      for (Row h : history) {
        if (h.get("distributor_id").equals(distributor)
            && !day.isBefore(LocalDate.parse(h.get("valid_from")))
            && (h.get("valid_to") == null || day.isBefore(LocalDate.parse(h.get("valid_to"))))) {
          return h.get("territory");
        }
      }
      return territories.get(distributor);
    };
  }

  /** Out-of-territory scans grouped as diversion_cases, by case_id. */
  static Map<String, Case> diversionCases(
      List<Row> scans,
      java.util.function.BiFunction<String, LocalDate, String> territories,
      Map<String, String> storeRegions) {
    Map<String, List<Shipment>> shipments = factoryOuts(scans);
    Map<String, Case> cases = new TreeMap<>();
    for (Row r : scans) {
      String type = r.get("scan_type");
      if (type.equals("factory_out")) {
        continue;
      }
      Instant t = InputTree.instant(r.get("event_time"));
      String distributor = authorised(shipments, r.get("code"), t);
      if (distributor == null) {
        continue;
      }
      String place =
          type.equals("consumer") ? r.get("region_code") : storeRegions.get(r.get("store_id"));
      boolean inside = false;
      String territory =
          territories.apply(distributor, InputTree.businessDate(r.get("event_time")));
      for (String prefix : territory.split(";")) {
        inside |= place.startsWith(prefix);
      }
      if (inside) {
        continue;
      }
      String id =
          distributor
              + "|"
              + r.get("sku")
              + "|"
              + place.substring(0, 4)
              + "|"
              + isoWeek(InputTree.businessDate(r.get("event_time")));
      Case c = cases.computeIfAbsent(id, k -> new Case());
      c.codes.add(r.get("code"));
      c.scanIds.add(r.get("scan_id"));
      if (r.get("store_id") != null) {
        c.stores.add(r.get("store_id"));
      }
      if (type.equals("consumer")) {
        c.consumerCodes.add(r.get("code"));
      } else {
        c.channel = true;
      }
    }
    return cases;
  }

  static double[] position(Row r, Map<String, double[]> centroids) {
    if (r.get("lat") != null && r.get("lon") != null) {
      return new double[] {Double.parseDouble(r.get("lat")), Double.parseDouble(r.get("lon"))};
    }
    return centroids.get(r.get("region_code"));
  }

  /** fraud_scan_flags: scan_id → alphabetical comma-separated rules, for flagged scans only. */
  static Map<String, String> fraudFlags(List<Row> scans, Map<String, double[]> centroids) {
    Map<String, List<Shipment>> shipments = factoryOuts(scans);
    List<Row> consumer = new ArrayList<>();
    for (Row r : scans) {
      if (r.get("scan_type").equals("consumer")) {
        consumer.add(r);
      }
    }
    consumer.sort(
        Comparator.comparing((Row r) -> InputTree.instant(r.get("event_time")))
            .thenComparing(r -> r.get("scan_id")));
    Map<String, Set<String>> codesPerUserDay = new HashMap<>();
    Map<String, Set<String>> usersPerDeviceDay = new HashMap<>();
    for (Row r : consumer) {
      LocalDate d = InputTree.businessDate(r.get("event_time"));
      codesPerUserDay
          .computeIfAbsent(r.get("user_id") + "|" + d, k -> new HashSet<>())
          .add(r.get("code"));
      if (r.get("device_id") != null) {
        usersPerDeviceDay
            .computeIfAbsent(r.get("device_id") + "|" + d, k -> new HashSet<>())
            .add(r.get("user_id"));
      }
    }
    Map<String, Row> previousOfUser = new HashMap<>();
    Map<String, Set<String>> usersOfCode = new HashMap<>();
    Map<String, String> flags = new TreeMap<>();
    for (Row r : consumer) {
      Set<String> rules = new TreeSet<>();
      Instant t = InputTree.instant(r.get("event_time"));
      LocalDate d = InputTree.businessDate(r.get("event_time"));
      String user = r.get("user_id");
      if (codesPerUserDay.get(user + "|" + d).size() > HIGH_VOLUME_CODES) {
        rules.add("HIGH_VOLUME");
      }
      if (r.get("device_id") != null
          && usersPerDeviceDay.get(r.get("device_id") + "|" + d).size() > SHARED_DEVICE_USERS) {
        rules.add("SHARED_DEVICE");
      }
      Row prev = previousOfUser.put(user, r);
      if (prev != null) {
        double[] a = position(prev, centroids);
        double[] b = position(r, centroids);
        double km = RegionTable.km(a[0], a[1], b[0], b[1]);
        double hours =
            (t.toEpochMilli() - InputTree.instant(prev.get("event_time")).toEpochMilli()) / 3.6e6;
        if (km > 0 && (hours <= 0 || km / hours > MAX_KMH)) {
          rules.add("IMPOSSIBLE_TRAVEL");
        }
      }
      Set<String> users = usersOfCode.computeIfAbsent(r.get("code"), k -> new HashSet<>());
      if (!users.isEmpty() && !(users.size() == 1 && users.contains(user))) {
        rules.add("CODE_REUSE");
      }
      users.add(user);
      if (authorised(shipments, r.get("code"), t) == null) {
        rules.add("UNKNOWN_CODE");
      }
      String ip = r.get("ip_region_code");
      if (ip != null && !ip.substring(0, 2).equals(r.get("region_code").substring(0, 2))) {
        rules.add("GEO_MISMATCH");
      }
      if (!rules.isEmpty() && !rules.equals(Set.of("GEO_MISMATCH"))) {
        flags.put(r.get("scan_id"), String.join(",", rules));
      }
    }
    return flags;
  }

  /** Current version of every order line: latest updated_time, ties to the later (dt,file,line). */
  static Map<String, Row> currentLines(List<Row> orders) {
    Map<String, Row> current = new LinkedHashMap<>();
    for (Row r : orders) {
      String key = r.get("order_id") + "#" + r.get("line_no");
      Row old = current.get(key);
      if (old == null
          || !InputTree.instant(r.get("updated_time"))
              .isBefore(InputTree.instant(old.get("updated_time")))) {
        current.put(key, r);
      }
    }
    return current;
  }
}
