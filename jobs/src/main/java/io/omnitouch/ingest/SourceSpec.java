package io.omnitouch.ingest;

import io.omnitouch.schema.ColumnSpec;
import io.omnitouch.schema.Schemas;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One input of the contract as the ingest needs it: its declared columns (schemas/inputs or
 * schemas/reference), the event-time column that gives its event date, and the layout of the typed
 * rows it produces.
 *
 * <p>Typed row layout: the declared columns in declared order (a {@code phone} column becomes
 * {@code <name>_key}), then {@code event_date} for logs, then the lineage {@code dt, source_file,
 * source_line, run_id}. Parsed rows add {@code reason, raw} (null on good rows).
 */
public final class SourceSpec implements Serializable {
  public static final List<String> EVENT_SOURCES =
      List.of("scans", "orders", "guide_events", "group_events");
  public static final List<String> REFERENCES =
      List.of(
          "regions",
          "distributors",
          "stores",
          "products",
          "guides",
          "groups",
          "campaigns",
          "program_rollouts",
          "campaign_assignments",
          "calendar",
          "targets",
          "code_packing",
          "distributor_territories");

  public final String name;
  public final boolean event;
  public final List<ColumnSpec> columns;

  /** Column whose business date is the row's event date (orders: order_time); null for refs. */
  public final String eventTimeColumn;

  private SourceSpec(String name, boolean event, List<ColumnSpec> columns, String eventTime) {
    this.name = name;
    this.event = event;
    this.columns = columns;
    this.eventTimeColumn = eventTime;
  }

  public static SourceSpec event(String name) {
    String schema = "inputs/" + name;
    return new SourceSpec(
        name, true, Schemas.inputColumns(schema), Schemas.json(schema).get("eventTime").asText());
  }

  /** True when the reference file may be absent ({@code "optional": true} in its schema). */
  public static boolean optionalReference(String name) {
    return Schemas.json("reference/" + name).path("optional").asBoolean(false);
  }

  public static SourceSpec reference(String name) {
    return new SourceSpec(name, false, Schemas.inputColumns("reference/" + name), null);
  }

  /** Name of the output column of a declared column. */
  public static String outputName(ColumnSpec c) {
    return "phone".equals(c.type()) ? c.name() + "_key" : c.name();
  }

  public List<String> requiredColumns() {
    return columns.stream().filter(ColumnSpec::required).map(ColumnSpec::name).toList();
  }

  /** Typed rows: declared columns, event_date (logs), lineage. */
  public StructType typedStruct() {
    List<StructField> f = new ArrayList<>();
    for (ColumnSpec c : columns) {
      f.add(
          DataTypes.createStructField(
              outputName(c), Schemas.sparkType(c.type()), true, Metadata.empty()));
    }
    if (event) {
      f.add(DataTypes.createStructField("event_date", DataTypes.DateType, true));
    }
    f.add(DataTypes.createStructField("dt", DataTypes.DateType, true));
    f.add(DataTypes.createStructField("source_file", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("source_line", DataTypes.LongType, true));
    f.add(DataTypes.createStructField("run_id", DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  /** Typed rows plus {@code reason} and {@code raw} of rejected rows. */
  public StructType parsedStruct() {
    return typedStruct()
        .add("reason", DataTypes.StringType, true)
        .add("raw", DataTypes.StringType, true);
  }

  public int width() {
    return columns.size() + (event ? 1 : 0) + 4 + 2;
  }
}
