package io.omnitouch.marts;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Positions and calendar helpers shared by the diversion and fraud marts, as built-in Spark
 * expressions (no UDFs): great-circle distance, region centroids, region-code prefixes and the ISO
 * week label.
 */
public final class Geo {
  /** Mean Earth radius (IUGG), the radius of the haversine great-circle distance. */
  public static final double EARTH_RADIUS_KM = 6371.0;

  /** Longest great-circle distance on Earth (half the circumference), ~20 015 km. */
  public static final double MAX_SURFACE_DISTANCE_KM = Math.PI * EARTH_RADIUS_KM;

  private static final int PROVINCE_DIGITS = 2;
  private static final int CITY_DIGITS = 4;
  private static final int REGION_DIGITS = 6;

  private Geo() {}

  /**
   * Haversine distance in km between two positions given as SQL expressions (degrees), for use
   * inside higher-order functions; null when any coordinate is null.
   */
  public static String haversineSql(String lat1, String lon1, String lat2, String lon2) {
    String dLat = "radians((" + lat2 + ") - (" + lat1 + "))";
    String dLon = "radians((" + lon2 + ") - (" + lon1 + "))";
    return String.format(
        Locale.ROOT,
        "2D * %sD * asin(least(1D, sqrt(pow(sin(%s / 2), 2) + cos(radians(%s))"
            + " * cos(radians(%s)) * pow(sin(%s / 2), 2))))",
        EARTH_RADIUS_KM,
        dLat,
        lat1,
        lat2,
        dLon);
  }

  /** Haversine distance in km between two positions held in columns. */
  public static Column haversineKm(String lat1, String lon1, String lat2, String lon2) {
    return expr(haversineSql(lat1, lon1, lat2, lon2));
  }

  /** The province (first 2 digits) of a region code or prefix. */
  public static Column province(Column regionCode) {
    return substring(regionCode, 1, PROVINCE_DIGITS);
  }

  /** The city (first 4 digits) of a region code. */
  public static Column city(Column regionCode) {
    return substring(regionCode, 1, CITY_DIGITS);
  }

  /** The regions row code of a 2-, 4- or 6-digit prefix: padded with zeros ({@code 33→330000}). */
  public static String paddedPrefixSql(String prefix) {
    return "rpad(" + prefix + ", " + REGION_DIGITS + ", '0')";
  }

  /**
   * Adds {@code <prefix>_lat}/{@code <prefix>_lon}: the centroid of {@code regionColumn} from the
   * regions dimension, falling back to its city then its province row when the exact code is not
   * listed (a district missing from the dimension still gets a position). The regions dimension is
   * small (a few thousand rows) and is broadcast.
   */
  public static Dataset<Row> withCentroid(
      Dataset<Row> df, String regionColumn, Dataset<Row> regions, String prefix) {
    Dataset<Row> centroids =
        regions
            .filter(col("lat").isNotNull().and(col("lon").isNotNull()))
            .select(
                col("region_code").as("c_code"), col("lat").as("c_lat"), col("lon").as("c_lon"));
    Column place = col(regionColumn);
    Column exact = place;
    Column cityRow = concat(city(place), lit("00"));
    Column provinceRow = concat(province(place), lit("0000"));
    Dataset<Row> out = df;
    String[] levels = {"exact", "city", "province"};
    Column[] keys = {exact, cityRow, provinceRow};
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      Dataset<Row> c =
          broadcast(centroids)
              .select(
                  col("c_code").as("_k_" + l),
                  col("c_lat").as("_lat_" + l),
                  col("c_lon").as("_lon_" + l));
      out = out.join(c, keys[i].equalTo(col("_k_" + l)), "left_outer");
    }
    return out.withColumn(
            prefix + "_lat", coalesce(col("_lat_exact"), col("_lat_city"), col("_lat_province")))
        .withColumn(
            prefix + "_lon", coalesce(col("_lon_exact"), col("_lon_city"), col("_lon_province")))
        .drop(
            "_k_exact",
            "_lat_exact",
            "_lon_exact",
            "_k_city",
            "_lat_city",
            "_lon_city",
            "_k_province",
            "_lat_province",
            "_lon_province");
  }

  /** Monday of the ISO week of a date. */
  public static Column weekStart(Column date) {
    return org.apache.spark.sql.functions.to_date(
        org.apache.spark.sql.functions.date_trunc("week", date));
  }

  /**
   * ISO-8601 week label {@code 2026-W45} of a date: the ISO week-year is the year of the week's
   * Thursday, so 2027-01-01 is {@code 2026-W53}.
   */
  public static Column isoWeek(Column date) {
    Column thursday = org.apache.spark.sql.functions.date_add(weekStart(date), 3);
    return concat(
        org.apache.spark.sql.functions.year(thursday).cast("string"),
        lit("-W"),
        org.apache.spark.sql.functions.lpad(
            org.apache.spark.sql.functions.weekofyear(date).cast("string"), 2, "0"));
  }
}
