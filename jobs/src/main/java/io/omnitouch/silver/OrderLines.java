package io.omnitouch.silver;

import io.delta.tables.DeltaTable;
import io.omnitouch.schema.Schemas;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * {@code silver/order_lines}: the current version of every order line. For one (order_id, line_no)
 * the latest {@code updated_time} wins, ties going to the later (dt, file, line) (inputs.md,
 * orders). A batch is reduced to its latest versions, then applied with a Delta MERGE that only
 * replaces a stored line with a later version: applying a batch twice, or batches in any order,
 * leaves the same table.
 */
public final class OrderLines {
  public static final String TABLE = "silver/order_lines";

  /** Strictly later version: {@code s} beats {@code t}. */
  static final String LATER =
      "s.updated_time > t.updated_time OR (s.updated_time = t.updated_time AND (s.dt > t.dt"
          + " OR (s.dt = t.dt AND (s.source_file > t.source_file"
          + " OR (s.source_file = t.source_file AND s.source_line > t.source_line)))))";

  private OrderLines() {}

  /** The latest version of each line in a batch of bronze order rows. */
  public static Dataset<Row> latestVersions(Dataset<Row> bronzeOrders) {
    WindowSpec newestFirst =
        Window.partitionBy("order_id", "line_no")
            .orderBy(
                functions.col("updated_time").desc(),
                functions.col("dt").desc(),
                functions.col("source_file").desc(),
                functions.col("source_line").desc());
    Dataset<Row> ranked =
        bronzeOrders
            .withColumnRenamed("event_date", "order_date")
            .withColumn("_version", functions.row_number().over(newestFirst));
    return Schemas.conform(ranked.filter("_version = 1"), TABLE);
  }

  /** Applies a batch of latest versions to the stored lines. */
  public static void merge(DeltaTable lines, Dataset<Row> latest) {
    Map<String, String> all = new LinkedHashMap<>();
    for (String c : latest.columns()) {
      all.put(c, "s." + c);
    }
    lines
        .as("t")
        .merge(latest.as("s"), "t.order_id = s.order_id AND t.line_no = s.line_no")
        .whenMatched(LATER)
        .updateExpr(all)
        .whenNotMatched()
        .insertExpr(all)
        .execute();
  }
}
