package io.omnitouch.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the declared schemas in {@code schemas/} (shipped in the jar under {@code /schemas}). The
 * code and the docs read the same files; nothing is ever inferred from data.
 *
 * <p>Names are {@code layer/table}: {@code inputs/scans}, {@code reference/stores}, {@code
 * silver/order_lines}, {@code marts/sales_daily}.
 */
public final class Schemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

  /** Spark type of each declared input type. */
  public static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  private Schemas() {}

  public static JsonNode json(String name) {
    return CACHE.computeIfAbsent(name, Schemas::load);
  }

  private static JsonNode load(String name) {
    String resource = "/schemas/" + name + ".json";
    try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No declared schema " + resource + " on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema " + resource, e);
    }
  }

  /** The columns of an input or reference file, in declared order. */
  public static List<ColumnSpec> inputColumns(String name) {
    List<ColumnSpec> out = new ArrayList<>();
    for (JsonNode c : json(name).get("columns")) {
      Map<String, List<String>> when = null;
      if (c.has("requiredWhen")) {
        when = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = c.get("requiredWhen").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          when.put(e.getKey(), strings(e.getValue()));
        }
      }
      out.add(
          new ColumnSpec(
              c.get("name").asText(),
              c.get("type").asText(),
              c.path("required").asBoolean(false),
              when,
              c.has("enum") ? strings(c.get("enum")) : null,
              c.has("pattern") ? c.get("pattern").asText() : null,
              c.has("min") ? c.get("min").asDouble() : null,
              c.has("max") ? c.get("max").asDouble() : null,
              c.path("pii").asBoolean(false)));
    }
    return out;
  }

  /** Spark type of a declared input column type. */
  public static DataType sparkType(String inputType) {
    return switch (inputType) {
      case "string", "phone" -> DataTypes.StringType;
      case "int" -> DataTypes.IntegerType;
      case "double" -> DataTypes.DoubleType;
      case "money" -> MONEY;
      case "timestamp" -> DataTypes.TimestampType;
      case "date" -> DataTypes.DateType;
      default -> throw new IllegalArgumentException("Unknown declared type " + inputType);
    };
  }

  /** Typed struct of a reference file (what its silver dimension holds). */
  public static StructType referenceStruct(String name) {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : inputColumns(name)) {
      fields.add(
          DataTypes.createStructField(
              c.name(), sparkType(c.type()), !c.required(), Metadata.empty()));
    }
    return DataTypes.createStructType(fields);
  }

  /** The struct of a silver table, a mart or run_metrics ({@code silver/x}, {@code marts/x}). */
  public static StructType struct(String name) {
    List<StructField> fields = new ArrayList<>();
    for (JsonNode c : json(name).get("columns")) {
      fields.add(
          DataTypes.createStructField(
              c.get("name").asText(),
              DataType.fromDDL(c.get("type").asText()),
              c.path("nullable").asBoolean(true),
              Metadata.empty()));
    }
    return DataTypes.createStructType(fields);
  }

  /** True when {@code schemas/<name>.json} is declared. */
  public static boolean has(String name) {
    return CACHE.containsKey(name)
        || Schemas.class.getResource("/schemas/" + name + ".json") != null;
  }

  public static List<String> partitionBy(String name) {
    JsonNode p = json(name).get("partitionBy");
    return p == null ? List.of() : strings(p);
  }

  /**
   * Selects exactly the declared columns, in declared order, cast to the declared types: the column
   * contract of a table. Fails naming the table and column when one is missing.
   */
  public static Dataset<Row> conform(Dataset<Row> df, String name) {
    StructType target = struct(name);
    List<String> have = List.of(df.columns());
    List<Column> cols = new ArrayList<>();
    for (StructField f : target.fields()) {
      if (!have.contains(f.name())) {
        throw new IllegalStateException(
            "Table " + name + " is missing declared column " + f.name() + "; it has " + have);
      }
      cols.add(functions.col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
