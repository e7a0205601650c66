package io.omnitouch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.HashMap;
import java.util.List;
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
  private static final String STORE = "store";
  private static final String GUIDE = "guide";
  private static final String GROUP = "group";
  private static final String DISTRIBUTOR = "distributor";
  private static final String CAMPAIGN = "campaign";
  private static final String REGION = "region";

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

  /** The names of every dimension, collected in one query. */
  public static Names of(ReportInputs in) {
    Dataset<Row> all =
        named(in.stores(), "store_id", STORE)
            .unionAll(named(in.guides(), "guide_id", GUIDE))
            .unionAll(named(in.groups(), "group_id", GROUP))
            .unionAll(named(in.distributors(), "distributor_id", DISTRIBUTOR))
            .unionAll(named(in.campaigns(), "campaign_id", CAMPAIGN))
            .unionAll(named(in.regions(), "region_code", REGION));
    Map<String, Map<String, String>> byKind = new HashMap<>();
    for (String kind : List.of(STORE, GUIDE, GROUP, DISTRIBUTOR, CAMPAIGN, REGION)) {
      byKind.put(kind, new HashMap<>());
    }
    for (Row r : all.collectAsList()) {
      byKind.get(r.getString(0)).put(r.getString(1), r.getString(2));
    }
    return new Names(
        byKind.get(STORE),
        byKind.get(GUIDE),
        byKind.get(GROUP),
        byKind.get(DISTRIBUTOR),
        byKind.get(CAMPAIGN),
        byKind.get(REGION));
  }

  private static Dataset<Row> named(Dataset<Row> dim, String key, String kind) {
    return dim.filter(col(key).isNotNull().and(col("name").isNotNull()))
        .select(lit(kind).as("kind"), col(key).as("id"), col("name"));
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
