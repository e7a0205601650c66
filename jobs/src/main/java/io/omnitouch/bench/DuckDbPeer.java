package io.omnitouch.bench;

import io.omnitouch.schema.Schemas;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one-machine peer of the nightly benchmark: {@code sales_daily}, {@code conversion_daily} and
 * {@code diversion_scans} of one day recomputed by plain DuckDB SQL from every CSV file delivered
 * so far (no warehouse, no increments: what a single-machine user would run), then compared with
 * the Spark marts' Parquet exports of that day by EXCEPT both ways (doubles to 9 decimals).
 *
 * <p>DuckDB's JDBC jar (80 MB of native libraries for every platform) is not shaded into the
 * application jar: the peer loads it at run time from {@code --duckdb-jar} or the local Maven
 * repository (it is a test dependency, so a build has fetched it), and is skipped with a note when
 * neither has it.
 *
 * <p>The SQL follows marts.md and the Java builds: events deduplicated by id keeping the first
 * delivery (earliest dt, file, line), order lines reduced to their latest version (updated_time,
 * then the later dt, file, line), timestamps without offset read in Asia/Shanghai, business dates
 * in Asia/Shanghai. The row checks of inputs.md are applied as far as the marts need them (typed
 * values, enums, required values); a row Spark quarantines for a subtler reason would show as a
 * difference.
 */
final class DuckDbPeer {
  static final String[] MARTS = {"sales_daily", "conversion_daily", "diversion_scans"};
  private static final String DRIVER = "org.duckdb.DuckDBDriver";
  private static final String BUSINESS_ZONE = "Asia/Shanghai";

  /** Rounding of doubles before the comparison. */
  private static final int DOUBLE_DECIMALS = 9;

  private DuckDbPeer() {}

  /** Times per mart and the differing row counts (ours not in Spark's, Spark's not in ours). */
  record Outcome(double seconds, Map<String, long[]> differences) {}

  /** The DuckDB JDBC jar: the given one, else the newest in the local Maven repository. */
  static Optional<Path> driverJar(Path given) {
    if (given != null) {
      return Optional.of(given);
    }
    Path repo =
        Path.of(
            System.getProperty("user.home"), ".m2", "repository", "org", "duckdb", "duckdb_jdbc");
    if (!Files.isDirectory(repo)) {
      return Optional.empty();
    }
    try (Stream<Path> jars = Files.walk(repo, 2)) {
      return jars.filter(p -> p.getFileName().toString().matches("duckdb_jdbc-[0-9.]+\\.jar"))
          .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Recomputes the three marts of {@code day} from {@code files} (per source, every delivered file
   * up to {@code day}) and compares them with the exports under {@code exports}.
   */
  static Outcome run(
      Path jar,
      Map<String, List<String>> files,
      Path reference,
      Path exports,
      LocalDate day,
      Path scratch,
      PrintStream out)
      throws SQLException {
    try (Connection c = connect(jar, scratch);
        Statement st = c.createStatement()) {
      st.execute("SET TimeZone = '" + BUSINESS_ZONE + "'");
      st.execute("SET threads = 2");
      long t0 = System.nanoTime();
      for (String sql : martSql(files, reference, day)) {
        st.execute(sql);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, long[]> diffs = new java.util.LinkedHashMap<>();
      for (String mart : MARTS) {
        diffs.put(mart, compare(st, mart, exports.resolve(mart).resolve("dt=" + day), day));
      }
      return new Outcome(seconds, diffs);
    }
  }

  private static Connection connect(Path jar, Path scratch) throws SQLException {
    try {
      URLClassLoader loader =
          new URLClassLoader(new URL[] {jar.toUri().toURL()}, DuckDbPeer.class.getClassLoader());
      Driver driver = (Driver) loader.loadClass(DRIVER).getDeclaredConstructor().newInstance();
      Properties p = new Properties();
      p.setProperty("temp_directory", scratch.resolve("duckdb-tmp").toString());
      return driver.connect("jdbc:duckdb:", p);
    } catch (MalformedURLException | ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot load the DuckDB driver from " + jar + ": " + e, e);
    }
  }

  private static String fileList(List<String> files) {
    return files.stream()
        .map(f -> "'" + (f.startsWith("file:") ? f.substring("file:".length()) : f) + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** A CSV source as text, with its dt and file, and its row's place in the file. */
  private static String raw(String name, List<String> files) {
    return "CREATE OR REPLACE TEMP TABLE raw_"
        + name
        + " AS SELECT *, CAST(regexp_extract(filename, 'dt=([0-9-]{10})', 1) AS DATE) AS _dt,"
        + " regexp_extract(filename, '[^/]+/dt=[^/]+/[^/]+$') AS _file,"
        + " row_number() OVER () AS _line FROM read_csv("
        + fileList(files)
        + ", header = true, all_varchar = true, filename = true, auto_detect = false,"
        + " delim = ',', quote = '\"', escape = '\"', columns = "
        + columns(name)
        + ")";
  }

  /**
   * The declared columns of each log ({@code schemas/inputs/<source>.json}, the contract's order),
   * all read as text (typed below).
   */
  private static String columns(String source) {
    return Schemas.inputColumns("inputs/" + source).stream()
        .map(c -> "'" + c.name() + "': 'VARCHAR'")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** An id: trimmed, empty = null. */
  private static String id(String c) {
    return "NULLIF(trim(" + c + "), '')";
  }

  private static String ts(String c) {
    return "TRY_CAST(" + id(c) + " AS TIMESTAMPTZ)";
  }

  private static String money(String c) {
    return "TRY_CAST(" + id(c) + " AS DECIMAL(18,2))";
  }

  private static String refCsv(Path reference, String name) {
    return "read_csv('"
        + reference.resolve(name + ".csv")
        + "', header = true, all_varchar = true, auto_detect = false, delim = ',',"
        + " quote = '\"', escape = '\"', columns = "
        + refColumns(name)
        + ")";
  }

  private static String refColumns(String name) {
    String[] cols =
        switch (name) {
          case "products" -> new String[] {"sku", "name", "category", "list_price", "unit_cost"};
          case "stores" ->
              new String[] {
                "store_id", "name", "region_code", "distributor_id", "format", "open_date"
              };
          case "groups" ->
              new String[] {"group_id", "store_id", "owner_guide_id", "name", "created_date"};
          case "regions" ->
              new String[] {"region_code", "name", "level", "parent_code", "lat", "lon"};
          case "distributors" -> new String[] {"distributor_id", "name", "channel", "territory"};
          default -> throw new IllegalArgumentException(name);
        };
    return java.util.Arrays.stream(cols)
        .map(c -> "'" + c + "': 'VARCHAR'")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** The statements that build {@code duck_<mart>} for the day. */
  static List<String> martSql(Map<String, List<String>> files, Path reference, LocalDate day) {
    String d = "DATE '" + day + "'";
    String haversine =
        "2 * 6371.0 * asin(least(1.0, sqrt(pow(sin(radians(c.lat - pos_lat) / 2), 2)"
            + " + cos(radians(pos_lat)) * cos(radians(c.lat))"
            + " * pow(sin(radians(c.lon - pos_lon) / 2), 2))))";
    return List.of(
        raw("scans", files.get("scans")),
        raw("orders", files.get("orders")),
        raw("guide_events", files.get("guide_events")),
        raw("group_events", files.get("group_events")),
        // Order lines: typed, checked, reduced to the latest version of each line.
        "CREATE OR REPLACE TEMP TABLE lines AS SELECT * FROM (SELECT "
            + id("order_id")
            + " AS order_id, TRY_CAST(trim(line_no) AS INTEGER) AS line_no, "
            + ts("order_time")
            + " AS order_time, "
            + ts("updated_time")
            + " AS updated_time, "
            + id("status")
            + " AS status, "
            + id("user_id")
            + " AS user_id, "
            + id("channel")
            + " AS channel, "
            + id("store_id")
            + " AS store_id, "
            + id("sku")
            + " AS sku, TRY_CAST(trim(quantity) AS INTEGER) AS quantity, "
            + money("paid_amount")
            + " AS paid_amount, "
            + money("unit_price")
            + " AS unit_price, "
            + id("region_code")
            + " AS region_code, _dt, _file, _line FROM raw_orders) o"
            + " WHERE order_id IS NOT NULL AND line_no >= 1 AND order_time IS NOT NULL"
            + " AND updated_time IS NOT NULL AND status IN ('paid', 'refunded', 'cancelled')"
            + " AND channel IN ('mini_program', 'guide', 'community', 'store', 'ecommerce')"
            + " AND sku IS NOT NULL AND quantity >= 1 AND unit_price >= 0 AND paid_amount >= 0"
            + " QUALIFY row_number() OVER (PARTITION BY order_id, line_no"
            + " ORDER BY updated_time DESC, _dt DESC, _file DESC, _line DESC) = 1",
        "CREATE OR REPLACE TEMP TABLE products AS SELECT "
            + id("sku")
            + " AS sku, "
            + money("unit_cost")
            + " AS unit_cost FROM "
            + refCsv(reference, "products"),
        "CREATE OR REPLACE TEMP TABLE duck_sales_daily AS SELECT CAST(l.order_time AS DATE) AS dt,"
            + " l.store_id, l.sku, l.channel, l.region_code,"
            + " CAST(coalesce(sum(paid_amount) FILTER (status = 'paid'), 0) AS DECIMAL(18,2))"
            + " AS revenue,"
            + " count(DISTINCT order_id) FILTER (status = 'paid') AS orders,"
            + " count(DISTINCT user_id) FILTER (status = 'paid') AS buyers,"
            + " coalesce(sum(CAST(quantity AS BIGINT)) FILTER (status = 'paid'), 0) AS units,"
            + " CAST(coalesce(sum(paid_amount) FILTER (status = 'refunded'), 0) AS DECIMAL(18,2))"
            + " AS refunded_amount,"
            + " CAST(CASE WHEN count(*) FILTER (status = 'paid' AND p.unit_cost IS NULL) = 0"
            + " THEN coalesce(sum(paid_amount) FILTER (status = 'paid'), 0)"
            + " - coalesce(sum(quantity * p.unit_cost) FILTER (status = 'paid'), 0) END"
            + " AS DECIMAL(18,2)) AS gross_margin"
            + " FROM lines l LEFT JOIN products p ON l.sku = p.sku"
            + " WHERE status IN ('paid', 'refunded') AND CAST(l.order_time AS DATE) = "
            + d
            + " GROUP BY ALL",
        // Paid orders: value of the counting lines; user and time of the lowest counting line.
        "CREATE OR REPLACE TEMP TABLE paid_orders AS SELECT order_id,"
            + " arg_min(user_id, line_no) AS user_id, arg_min(order_time, line_no) AS order_time,"
            + " sum(paid_amount) AS value FROM lines WHERE status = 'paid' GROUP BY order_id",
        // Events: typed, checked, first delivery of each id.
        "CREATE OR REPLACE TEMP TABLE scans AS SELECT * FROM (SELECT "
            + id("scan_id")
            + " AS scan_id, "
            + id("code")
            + " AS code, "
            + id("sku")
            + " AS sku, "
            + id("scan_type")
            + " AS scan_type, "
            + ts("event_time")
            + " AS event_time, "
            + id("distributor_id")
            + " AS distributor_id, "
            + id("store_id")
            + " AS store_id, "
            + id("user_id")
            + " AS user_id, "
            + id("region_code")
            + " AS region_code, TRY_CAST(trim(lat) AS DOUBLE) AS lat,"
            + " TRY_CAST(trim(lon) AS DOUBLE) AS lon, "
            + id("campaign_id")
            + " AS campaign_id, _dt, _file, _line FROM raw_scans) s"
            + " WHERE scan_id IS NOT NULL AND code IS NOT NULL AND sku IS NOT NULL"
            + " AND event_time IS NOT NULL"
            + " AND scan_type IN ('factory_out', 'dealer_out', 'store_in', 'consumer')"
            + " AND (distributor_id IS NOT NULL OR scan_type NOT IN ('factory_out', 'dealer_out'))"
            + " AND (store_id IS NOT NULL OR scan_type NOT IN ('dealer_out', 'store_in'))"
            + " AND ((user_id IS NOT NULL AND region_code IS NOT NULL) OR scan_type <> 'consumer')"
            + " QUALIFY row_number() OVER (PARTITION BY scan_id ORDER BY _dt, _file, _line) = 1",
        "CREATE OR REPLACE TEMP TABLE guide_events AS SELECT * FROM (SELECT "
            + id("event_id")
            + " AS event_id, "
            + ts("event_time")
            + " AS event_time, "
            + id("guide_id")
            + " AS guide_id, "
            + id("store_id")
            + " AS store_id, "
            + id("event_type")
            + " AS event_type, "
            + id("user_id")
            + " AS user_id, _dt, _file, _line FROM raw_guide_events) g"
            + " WHERE event_id IS NOT NULL AND event_time IS NOT NULL AND guide_id IS NOT NULL"
            + " AND store_id IS NOT NULL AND event_type IN ('add_friend', 'chat', 'share_product',"
            + " 'share_content', 'moments_post', 'coupon_send', 'link_click')"
            + " AND (user_id IS NOT NULL"
            + " OR event_type NOT IN ('add_friend', 'chat', 'coupon_send', 'link_click'))"
            + " QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _dt, _file, _line) = 1",
        "CREATE OR REPLACE TEMP TABLE group_events AS SELECT * FROM (SELECT "
            + id("event_id")
            + " AS event_id, "
            + ts("event_time")
            + " AS event_time, "
            + id("group_id")
            + " AS group_id, "
            + id("event_type")
            + " AS event_type, "
            + id("user_id")
            + " AS user_id, "
            + id("group_buy_id")
            + " AS group_buy_id, _dt, _file, _line FROM raw_group_events) g"
            + " WHERE event_id IS NOT NULL AND event_time IS NOT NULL AND group_id IS NOT NULL"
            + " AND user_id IS NOT NULL AND event_type IN ('join', 'leave', 'message', 'share',"
            + " 'link_click', 'group_buy_open', 'group_buy_join', 'red_packet_send',"
            + " 'red_packet_claim')"
            + " AND (group_buy_id IS NOT NULL"
            + " OR event_type NOT IN ('group_buy_open', 'group_buy_join'))"
            + " QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _dt, _file, _line) = 1",
        // Touches of the day, then the 7-day conversion of the users they reached.
        "CREATE OR REPLACE TEMP TABLE touches AS"
            + " SELECT user_id, event_time AS touch_time, 'scan' AS channel, store_id FROM scans"
            + " WHERE scan_type = 'consumer' AND user_id IS NOT NULL"
            + " UNION ALL SELECT user_id, event_time, 'guide', store_id FROM guide_events"
            + " WHERE event_type IN ('add_friend', 'chat', 'coupon_send', 'link_click')"
            + " AND user_id IS NOT NULL"
            + " UNION ALL SELECT e.user_id, e.event_time, 'community', g.store_id"
            + " FROM group_events e LEFT JOIN (SELECT "
            + id("group_id")
            + " AS group_id, "
            + id("store_id")
            + " AS store_id FROM "
            + refCsv(reference, "groups")
            + ") g ON e.group_id = g.group_id"
            + " WHERE e.event_type IN ('join', 'link_click', 'group_buy_open', 'group_buy_join',"
            + " 'red_packet_claim') AND e.user_id IS NOT NULL",
        "CREATE OR REPLACE TEMP TABLE day_touches AS SELECT CAST(touch_time AS DATE) AS dt, *"
            + " FROM touches WHERE CAST(touch_time AS DATE) = "
            + d,
        "CREATE OR REPLACE TEMP TABLE outcomes AS SELECT r.dt, r.channel, r.user_id,"
            + " count(o.order_id) > 0 AS converted,"
            + " coalesce(sum(o.value), CAST(0 AS DECIMAL(18,2))) AS revenue"
            + " FROM (SELECT dt, channel, user_id, min(touch_time) AS first_touch FROM day_touches"
            + " GROUP BY ALL) r LEFT JOIN paid_orders o ON o.user_id = r.user_id"
            + " AND o.order_time >= r.first_touch"
            + " AND o.order_time <= r.first_touch + INTERVAL 7 DAY GROUP BY ALL",
        "CREATE OR REPLACE TEMP TABLE duck_conversion_daily AS"
            + " SELECT dt, channel, store_id, reached_users, converted_users,"
            + " converted_users / reached_users AS conversion_rate,"
            + " CAST(revenue AS DECIMAL(18,2)) AS revenue, "
            + d
            + " >= dt + 7 AS matured FROM ("
            + " SELECT s.dt, s.channel, s.store_id, count(DISTINCT s.user_id) AS reached_users,"
            + " count(DISTINCT s.user_id) FILTER (o.converted) AS converted_users,"
            + " sum(o.revenue) AS revenue"
            + " FROM (SELECT DISTINCT dt, channel, user_id, store_id FROM day_touches) s"
            + " JOIN outcomes o USING (dt, channel, user_id) GROUP BY ALL"
            + " UNION ALL SELECT dt, channel, 'ALL', count(DISTINCT user_id),"
            + " count(DISTINCT user_id) FILTER (converted), sum(revenue) FROM outcomes"
            + " GROUP BY dt, channel)",
        // Diversion: the authorised distributor at scan time from every factory_out so far.
        "CREATE OR REPLACE TEMP TABLE regions AS SELECT "
            + id("region_code")
            + " AS region_code, TRY_CAST(lat AS DOUBLE) AS lat, TRY_CAST(lon AS DOUBLE) AS lon"
            + " FROM "
            + refCsv(reference, "regions")
            + " WHERE TRY_CAST(lat AS DOUBLE) IS NOT NULL AND TRY_CAST(lon AS DOUBLE) IS NOT NULL",
        "CREATE OR REPLACE TEMP TABLE territories AS SELECT t.distributor_id, t.territory,"
            + " t.prefixes, coalesce((SELECT list({'lat': r.lat, 'lon': r.lon})"
            + " FROM unnest(t.prefixes) AS u(p) JOIN regions r"
            + " ON r.region_code = rpad(u.p, 6, '0')), []) AS centroids FROM (SELECT "
            + id("distributor_id")
            + " AS distributor_id, "
            + id("territory")
            + " AS territory, string_split("
            + id("territory")
            + ", ';') AS prefixes FROM "
            + refCsv(reference, "distributors")
            + ") t",
        "CREATE OR REPLACE TEMP TABLE duck_diversion_scans AS"
            + " WITH placed AS (SELECT s.*, CASE WHEN s.scan_type = 'consumer' THEN s.region_code"
            + " ELSE st.region_code END AS place, CASE WHEN s.scan_type = 'consumer'"
            + " THEN 'consumer' ELSE 'channel' END AS evidence FROM scans s LEFT JOIN (SELECT "
            + id("store_id")
            + " AS store_id, "
            + id("region_code")
            + " AS region_code FROM "
            + refCsv(reference, "stores")
            + ") st ON s.store_id = st.store_id"
            + " WHERE s.scan_type IN ('consumer', 'dealer_out', 'store_in')"
            + " AND CAST(s.event_time AS DATE) = "
            + d
            + "), authorised AS (SELECT p.*, (SELECT arg_max(f.distributor_id,"
            + " (f.event_time, f.distributor_id, f.scan_id)) FROM scans f"
            + " WHERE f.scan_type = 'factory_out' AND f.code = p.code"
            + " AND f.event_time <= p.event_time) AS distributor_id_at FROM placed p),"
            + " judged AS (SELECT a.*, t.territory, t.prefixes, t.centroids FROM authorised a"
            + " JOIN territories t ON a.distributor_id_at = t.distributor_id"
            + " WHERE a.place IS NOT NULL"
            + " AND NOT list_bool_or(list_transform(t.prefixes, x -> starts_with(a.place, x))))"
            + " , positioned AS (SELECT j.*, CASE WHEN j.lat IS NOT NULL AND j.lon IS NOT NULL"
            + " THEN j.lat ELSE coalesce(r1.lat, r2.lat, r3.lat) END AS pos_lat,"
            + " CASE WHEN j.lat IS NOT NULL AND j.lon IS NOT NULL THEN j.lon"
            + " ELSE coalesce(r1.lon, r2.lon, r3.lon) END AS pos_lon FROM judged j"
            + " LEFT JOIN regions r1 ON r1.region_code = j.place"
            + " LEFT JOIN regions r2 ON r2.region_code = substr(j.place, 1, 4) || '00'"
            + " LEFT JOIN regions r3 ON r3.region_code = substr(j.place, 1, 2) || '0000')"
            + " SELECT scan_id, code, sku, CAST(event_time AS DATE) AS dt, scan_type,"
            + " distributor_id_at AS distributor_id, territory, place AS region_code, evidence,"
            + " list_min(list_transform(centroids, c -> "
            + haversine
            + ")) AS distance_km, event_time, store_id, user_id,"
            + " substr(place, 1, 4) AS city_code,"
            + " CAST(isoyear(CAST(event_time AS DATE)) AS VARCHAR) || '-W'"
            + " || lpad(CAST(week(CAST(event_time AS DATE)) AS VARCHAR), 2, '0') AS week,"
            + " CAST(date_trunc('week', CAST(event_time AS DATE)) AS DATE) AS week_start,"
            + " concat_ws('|', distributor_id_at, sku, substr(place, 1, 4),"
            + " CAST(isoyear(CAST(event_time AS DATE)) AS VARCHAR) || '-W'"
            + " || lpad(CAST(week(CAST(event_time AS DATE)) AS VARCHAR), 2, '0')) AS case_id"
            + " FROM positioned");
  }

  /** Columns compared per mart: doubles rounded, timestamps as instants. */
  private static String comparedColumns(String mart) {
    return switch (mart) {
      case "sales_daily" ->
          "store_id, sku, channel, region_code, revenue, orders, buyers, units,"
              + " refunded_amount, gross_margin";
      case "conversion_daily" ->
          "channel, store_id, reached_users, converted_users,"
              + " round(conversion_rate, "
              + DOUBLE_DECIMALS
              + ") AS conversion_rate, revenue, matured";
      case "diversion_scans" ->
          "scan_id, code, sku, scan_type, distributor_id, territory,"
              + " region_code, evidence, round(distance_km, "
              + DOUBLE_DECIMALS
              + ") AS distance_km, CAST(event_time AS TIMESTAMPTZ) AS event_time, store_id, user_id,"
              + " city_code, week, CAST(week_start AS DATE) AS week_start, case_id";
      default -> throw new IllegalArgumentException(mart);
    };
  }

  private static long[] compare(Statement st, String mart, Path exportDay, LocalDate day)
      throws SQLException {
    String cols = comparedColumns(mart);
    String ours = "SELECT " + cols + " FROM duck_" + mart + " WHERE dt = DATE '" + day + "'";
    String spark =
        Files.isDirectory(exportDay)
            ? "SELECT " + cols + " FROM read_parquet('" + exportDay + "/*.parquet')"
            : "SELECT " + cols + " FROM duck_" + mart + " WHERE false";
    return new long[] {
      count(st, "(" + ours + ") EXCEPT (" + spark + ")"),
      count(st, "(" + spark + ") EXCEPT (" + ours + ")"),
      count(st, ours),
      count(st, spark)
    };
  }

  private static long count(Statement st, String query) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + query + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void print(PrintStream out, Outcome o) {
    o.differences()
        .forEach(
            (mart, d) ->
                out.printf(
                    Locale.ROOT,
                    "  %-18s duckdb %,9d rows, spark %,9d rows: %,d only in duckdb, %,d only in"
                        + " spark%s%n",
                    mart,
                    d[2],
                    d[3],
                    d[0],
                    d[1],
                    d[0] == 0 && d[1] == 0 ? " (equal)" : " (DIFFERENT)"));
  }
}
