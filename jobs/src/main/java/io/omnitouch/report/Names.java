package io.omnitouch.report;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Display names from the reference dimensions (free upstream text: the renderer escapes them). An
 * id without a name, or a null id, shows as the id itself or an empty string.
 */
public final class Names {
  private static final String PROVINCE_SUFFIX = "0000";
  private static final String CITY_SUFFIX = "00";

  private final Map<String, String> stores;
  private final Map<String, String> guides;
  private final Map<String, String> groups;
  private final Map<String, String> distributors;
  private final Map<String, String> campaigns;
  private final Map<String, String> regions;

  Names(
      Map<String, String> stores,
      Map<String, String> guides,
      Map<String, String> groups,
      Map<String, String> distributors,
      Map<String, String> campaigns,
      Map<String, String> regions) {
    this.stores = stores;
    this.guides = guides;
    this.groups = groups;
    this.distributors = distributors;
    this.campaigns = campaigns;
    this.regions = regions;
  }

  static Names of(ReportInputs in) {
    return new Names(
        map(in.stores(), "store_id"),
        map(in.guides(), "guide_id"),
        map(in.groups(), "group_id"),
        map(in.distributors(), "distributor_id"),
        map(in.campaigns(), "campaign_id"),
        map(in.regions(), "region_code"));
  }

  private static Map<String, String> map(Dataset<Row> dim, String key) {
    Map<String, String> m = new HashMap<>();
    for (Row r : dim.select(key, "name").collectAsList()) {
      if (r.get(0) != null && r.get(1) != null) {
        m.put(r.getString(0), r.getString(1));
      }
    }
    return m;
  }

  private static String lookup(Map<String, String> m, String id) {
    return id == null ? "" : m.getOrDefault(id, id);
  }

  public String store(String id) {
    return lookup(stores, id);
  }

  public String guide(String id) {
    return lookup(guides, id);
  }

  public String group(String id) {
    return lookup(groups, id);
  }

  public String distributor(String id) {
    return lookup(distributors, id);
  }

  public String campaign(String id) {
    return lookup(campaigns, id);
  }

  /** A province's name from its 2-digit code (the region {@code 330000}). */
  public String province(String code) {
    return code == null ? "" : regions.getOrDefault(code + PROVINCE_SUFFIX, code);
  }

  /** A city's name from its 4-digit code (the region {@code 330100}). */
  public String city(String code) {
    return code == null ? "" : regions.getOrDefault(code + CITY_SUFFIX, code);
  }
}
