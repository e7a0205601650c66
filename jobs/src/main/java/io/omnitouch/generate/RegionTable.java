package io.omnitouch.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * GB/T 2260 regions with centroids, from the resource {@code /generate/regions.csv} (derived from
 * public npm packages by {@code tools/regions/derive-regions.sh}; see the README beside it).
 */
final class RegionTable {
  static final String RESOURCE = "/generate/regions.csv";

  record Region(String code, String name, String level, String parentCode, double lat, double lon) {
    String provinceCode() {
      return code.substring(0, 2) + "0000";
    }

    String cityPrefix() {
      return code.substring(0, 4);
    }
  }

  private final Map<String, Region> byCode = new LinkedHashMap<>();
  private final String csvText;

  private RegionTable(String csvText) {
    this.csvText = csvText;
  }

  static RegionTable load() {
    try (InputStream in = RegionTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      RegionTable table = new RegionTable(text);
      try (Reader reader = new StringReader(text)) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        for (CSVRecord r : format.parse(reader)) {
          String parent = r.get("parent_code");
          Region region =
              new Region(
                  r.get("region_code"),
                  r.get("name"),
                  r.get("level"),
                  parent.isEmpty() ? null : parent,
                  Double.parseDouble(r.get("lat")),
                  Double.parseDouble(r.get("lon")));
          table.byCode.put(region.code(), region);
        }
      }
      return table;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resource as shipped: written verbatim as {@code reference/regions.csv}. */
  String csvText() {
    return csvText;
  }

  Region get(String code) {
    Region r = byCode.get(code);
    if (r == null) {
      throw new IllegalStateException("Region " + code + " is not in " + RESOURCE);
    }
    return r;
  }

  /** The city row of a 4-digit prefix (GB/T 2260 code {@code prefix + "00"}). */
  Region city(String prefix) {
    return get(prefix + "00");
  }

  /** The district rows of a city, in code order; the city itself when it has none. */
  List<Region> districtsOf(String cityPrefix) {
    List<Region> out = new ArrayList<>();
    for (Region r : byCode.values()) {
      if (r.level().equals("district") && r.code().startsWith(cityPrefix)) {
        out.add(r);
      }
    }
    return out.isEmpty() ? List.of(city(cityPrefix)) : Collections.unmodifiableList(out);
  }

  /** Great-circle distance in km. */
  static double km(double lat1, double lon1, double lat2, double lon2) {
    double r = Math.PI / 180;
    double dLat = (lat2 - lat1) * r;
    double dLon = (lon2 - lon1) * r;
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371.0 * Math.asin(Math.sqrt(h));
  }
}
