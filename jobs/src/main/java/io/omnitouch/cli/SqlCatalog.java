package io.omnitouch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnitouch.calendar.Calendar;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.run.RunMetrics;
import io.omnitouch.schema.Schemas;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.silver.Territories;
import io.omnitouch.storage.Warehouse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * What {@code omnitouch sql} can read (marts.md, Command line, and its {@code sql} additions):
 * every gold mart and {@code run_metrics}, {@code quarantine}, the dimension views, the silver
 * {@code paid_orders} and the audit table {@code sql_audit}, each under one name with the declared
 * schema its {@code DESCRIBE} reads. Adding a view is one {@link #add} line in {@link #of}.
 */
final class SqlCatalog {
  /** The quarantine view shows these columns of {@code <warehouse>/quarantine}. */
  static final String[] QUARANTINE_COLUMNS = {"source", "dt", "file", "line", "reason", "raw"};

  /** The dimensions analysts join to for names (each {@code silver/<name>}). */
  static final List<String> DIMENSIONS =
      List.of("stores", "products", "distributors", "regions", "guides", "groups", "campaigns");

  /**
   * One registered name: the declared schema that documents it ({@code marts/x}, {@code silver/x},
   * {@code reference/x}, {@code views/x}) and how to read it; an empty read means "not registered".
   */
  record View(
      String name,
      String schema,
      boolean optional,
      Function<Warehouse, Optional<Dataset<Row>>> read) {
    /** The layer shown by SHOW TABLES: the folder of the declared schema. */
    String kind() {
      return schema.substring(0, schema.indexOf('/'));
    }
  }

  private final Map<String, View> views = new LinkedHashMap<>();

  private SqlCatalog() {}

  /** Every view sql registers, in SHOW TABLES order. */
  static SqlCatalog of() {
    SqlCatalog c = new SqlCatalog();
    for (MartJob job : MartCatalog.all()) {
      c.add(job.name(), "marts/" + job.name(), wh -> wh.read("gold/" + job.name()));
    }
    c.add("run_metrics", "marts/run_metrics", wh -> wh.read(RunMetrics.TABLE));
    c.add(
        Warehouse.QUARANTINE,
        "silver/quarantine",
        wh -> wh.read(Warehouse.QUARANTINE).selectExpr(QUARANTINE_COLUMNS));
    for (String dimension : DIMENSIONS) {
      c.add(dimension, "reference/" + dimension, wh -> Dimensions.read(wh, dimension));
    }
    c.addOptional("calendar", "views/calendar", SqlCatalog::calendar);
    c.add("territories", "views/territories", SqlCatalog::territories);
    // Buyer phones are keyed at ingestion and paid_orders carries no phone column at all.
    c.add("paid_orders", "silver/paid_orders", wh -> wh.read("silver/paid_orders"));
    c.add(SqlAudit.NAME, SqlAudit.SCHEMA, SqlAudit::read);
    return c;
  }

  private void add(String name, String schema, Function<Warehouse, Dataset<Row>> read) {
    views.put(name, new View(name, schema, false, wh -> Optional.of(read.apply(wh))));
  }

  private void addOptional(
      String name, String schema, Function<Warehouse, Optional<Dataset<Row>>> read) {
    views.put(name, new View(name, schema, true, read));
  }

  List<View> views() {
    return List.copyOf(views.values());
  }

  Optional<View> view(String name) {
    return Optional.ofNullable(views.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Registers every view as a temporary view of the session; returns the names registered (a view
   * whose source does not exist yet, such as {@code calendar}, is left out).
   */
  List<String> register(Warehouse warehouse) {
    return register(warehouse, views.keySet());
  }

  /**
   * Registers the views among {@code names} (other names, such as a query's CTEs, are skipped):
   * reading a Delta table's snapshot costs time, so a query registers only the tables it names.
   */
  List<String> register(Warehouse warehouse, Collection<String> names) {
    List<String> registered = new ArrayList<>();
    for (String name : names) {
      Optional<View> v = view(name);
      if (v.isEmpty()) {
        continue;
      }
      Optional<Dataset<Row>> rows = v.get().read().apply(warehouse);
      if (rows.isPresent()) {
        rows.get().createOrReplaceTempView(v.get().name());
        registered.add(v.get().name());
      }
    }
    return registered;
  }

  /** The names SHOW TABLES lists: every view, the optional ones only when their source exists. */
  List<View> available(Warehouse warehouse) {
    List<View> out = new ArrayList<>();
    for (View v : views.values()) {
      if (!v.optional() || v.read().apply(warehouse).isPresent()) {
        out.add(v);
      }
    }
    return out;
  }

  /** The business calendar: the bundled default overridden date by date by calendar.csv. */
  private static Optional<Dataset<Row>> calendar(Warehouse wh) {
    return Optional.of(Calendar.view(wh));
  }

  /**
   * The territory history in force: {@code distributor_territories} when loaded, with each
   * distributor's current {@code territory} as an open-ended fallback period, which is what the
   * diversion marts use (see {@link Territories}).
   */
  static Dataset<Row> territories(Warehouse wh) {
    // The contract's four columns; the internal view also says which file each period came from.
    return Territories.view(
            Dimensions.read(wh, "distributors"), Dimensions.read(wh, Territories.HISTORY))
        .select("distributor_id", "territory", "valid_from", "valid_to");
  }

  /** A table's description, from its declared schema ("" when it has none). */
  static String description(View v) {
    return Schemas.has(v.schema()) ? Schemas.json(v.schema()).path("description").asText("") : "";
  }

  /** Column name to its declared definition, from the view's schema. */
  static Map<String, String> definitions(View v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (Schemas.has(v.schema())) {
      for (JsonNode c : Schemas.json(v.schema()).get("columns")) {
        out.put(c.get("name").asText(), c.path("description").asText(""));
      }
    }
    return out;
  }

  /** DESCRIBE rows: column, type (as registered), definition (declared). */
  static List<String[]> describe(View v, Dataset<Row> registered) {
    Map<String, String> defs = definitions(v);
    List<String[]> out = new ArrayList<>();
    for (StructField f : registered.schema().fields()) {
      out.add(
          new String[] {f.name(), f.dataType().simpleString(), defs.getOrDefault(f.name(), "")});
    }
    return out;
  }
}
