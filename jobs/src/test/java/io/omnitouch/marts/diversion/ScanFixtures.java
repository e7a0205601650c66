package io.omnitouch.marts.diversion;

import static io.omnitouch.testing.SharedSpark.rows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.CodePacking;
import io.omnitouch.silver.ScanTypes;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Inline fixtures for the diversion and fraud tests: scans written as one readable line each
 * ({@code consumer("s1", "C1", "2026-11-04 10:00", "U1", "310115")}), completed into silver scans,
 * and small dimensions.
 */
public final class ScanFixtures {
  public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static final String SCAN_DDL =
      "scan_id STRING, code STRING, sku STRING, scan_type STRING, event_time TIMESTAMP,"
          + " distributor_id STRING, store_id STRING, user_id STRING, device_id STRING,"
          + " region_code STRING, ip_region_code STRING, lat DOUBLE, lon DOUBLE,"
          + " campaign_id STRING, reward_amount DECIMAL(18,2)";

  public static final String REGIONS_DDL =
      "region_code STRING, name STRING, level STRING, parent_code STRING, lat DOUBLE, lon DOUBLE";
  public static final String DISTRIBUTORS_DDL =
      "distributor_id STRING, name STRING, channel STRING, territory STRING";
  public static final String TERRITORIES_DDL =
      "distributor_id STRING, territory STRING, valid_from DATE, valid_to DATE";
  public static final String STORES_DDL =
      "store_id STRING, name STRING, region_code STRING, distributor_id STRING, format STRING,"
          + " open_date DATE";

  private ScanFixtures() {}

  /** A Shanghai local time {@code yyyy-MM-dd HH:mm}. */
  public static Timestamp sh(String localTime) {
    return Timestamp.from(
        LocalDateTime.parse(localTime.replace(' ', 'T')).atZone(SHANGHAI).toInstant());
  }

  /** One scan; refine with the fluent setters, then {@link #row()}. */
  public static final class Scan {
    private final Object[] v = new Object[15];

    private Scan(String id, String code, String type, String time) {
      v[0] = id;
      v[1] = code;
      v[2] = "SKU-A";
      v[3] = type;
      v[4] = sh(time);
    }

    public Scan sku(String sku) {
      v[2] = sku;
      return this;
    }

    public Scan device(String d) {
      v[8] = d;
      return this;
    }

    public Scan ip(String region) {
      v[10] = region;
      return this;
    }

    public Scan at(double lat, double lon) {
      v[11] = lat;
      v[12] = lon;
      return this;
    }

    public Scan store(String s) {
      v[6] = s;
      return this;
    }

    public Scan campaign(String c, String reward) {
      v[13] = c;
      v[14] = reward == null ? null : new BigDecimal(reward);
      return this;
    }

    public Object[] row() {
      return Arrays.copyOf(v, v.length);
    }
  }

  public static Scan factoryOut(String id, String code, String time, String distributor) {
    Scan s = new Scan(id, code, ScanTypes.FACTORY_OUT, time);
    s.v[5] = distributor;
    return s;
  }

  public static Scan dealerOut(
      String id, String code, String time, String distributor, String store) {
    Scan s = new Scan(id, code, ScanTypes.DEALER_OUT, time);
    s.v[5] = distributor;
    s.v[6] = store;
    return s;
  }

  public static Scan storeIn(String id, String code, String time, String store) {
    Scan s = new Scan(id, code, ScanTypes.STORE_IN, time);
    s.v[6] = store;
    return s;
  }

  public static Scan consumer(String id, String code, String time, String user, String region) {
    Scan s = new Scan(id, code, ScanTypes.CONSUMER, time);
    s.v[7] = user;
    s.v[9] = region;
    return s;
  }

  /** Silver scans (declared columns, event_date = Shanghai date, dummy lineage) of the scans. */
  public static Dataset<Row> silverScans(Scan... scans) {
    Object[][] values = Arrays.stream(scans).map(Scan::row).toArray(Object[][]::new);
    Dataset<Row> compact = rows(SCAN_DDL, values);
    Dataset<Row> full =
        compact
            .withColumn("event_date", to_date(col("event_time")))
            .withColumn("dt", col("event_date"))
            .withColumn("batch_id", lit(null).cast("string"))
            .withColumn("case_code", lit(null).cast("string"))
            .withColumn("source_file", lit("fixture.csv"))
            .withColumn("source_line", lit(2L))
            .withColumn("run_id", lit("fixture"));
    return Schemas.conform(full, "silver/scans");
  }

  /**
   * Regions with centroids chosen for hand computation: most sit on meridian 121°E or 120°E, so a
   * distance is Δlat × 111.19492664455873 km (R = 6371 km).
   */
  public static Dataset<Row> regions() {
    return rows(
        REGIONS_DDL,
        new Object[] {"310000", "上海市", "province", null, 31.0, 121.0},
        new Object[] {"310100", "上海市", "city", "310000", 31.0, 121.0},
        new Object[] {"310115", "浦东新区", "district", "310100", 31.2, 121.0},
        new Object[] {"110000", "北京市", "province", null, 40.0, 116.0},
        new Object[] {"110100", "北京市", "city", "110000", 40.0, 116.0},
        new Object[] {"110101", "东城区", "district", "110100", 40.0, 116.0},
        new Object[] {"330000", "浙江省", "province", null, 30.0, 120.0},
        new Object[] {"330100", "杭州市", "city", "330000", 30.0, 120.0},
        new Object[] {"330106", "西湖区", "district", "330100", 29.0, 121.0},
        new Object[] {"320000", "江苏省", "province", null, 32.0, 118.8},
        new Object[] {"320100", "南京市", "city", "320000", 32.5, 118.8},
        new Object[] {"320102", "玄武区", "district", "320100", 32.5, 118.8},
        new Object[] {"440000", "广东省", "province", null, 23.0, 113.0},
        new Object[] {"440100", "广州市", "city", "440000", 23.0, 113.0},
        new Object[] {"440106", "天河区", "district", "440100", 23.0, 120.0});
  }

  /** D1 sells in Shanghai and Beijing city ({@code 31;1101}), D2 in Zhejiang, D3 in Nanjing. */
  public static Dataset<Row> distributors() {
    return rows(
        DISTRIBUTORS_DDL,
        new Object[] {"D1", "沪京经销", "traditional", "31;1101"},
        new Object[] {"D2", "浙江经销", "traditional", "33"},
        new Object[] {"D3", "南京经销", "ka", "3201"});
  }

  /** No distributor_territories.csv: every scan takes the distributors' territory. */
  public static Dataset<Row> noTerritoryHistory() {
    return rows(TERRITORIES_DDL);
  }

  /** No code_packing.csv: every code is a unit. */
  public static Dataset<Row> noPacking() {
    return SharedSpark.spark()
        .createDataFrame(java.util.List.of(), Schemas.struct(CodePacking.TABLE));
  }

  public static Dataset<Row> stores() {
    return rows(
        STORES_DDL,
        new Object[] {"S1", "西湖店", "330106", "D2", "supermarket", null},
        new Object[] {"S9", "天河店", "440106", "D2", "supermarket", null});
  }
}
