package io.omnitouch.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The territory of a distributor in force on a date (inputs.md, distributor_territories.csv): the
 * period of {@code silver/distributor_territories} that covers the date ({@code valid_from}
 * inclusive, {@code valid_to} exclusive, null = open), else {@code distributors.territory}. Periods
 * of one distributor never overlap (ingest rejects such a file), so at most one covers a date.
 */
public final class Territories {
  public static final String HISTORY = "distributor_territories";

  /** {@code source} of a {@link #view} row taken from distributors.csv (the fallback). */
  public static final String FROM_DISTRIBUTORS = "distributors.csv";

  /** {@code source} of a {@link #view} row taken from the history file. */
  public static final String FROM_HISTORY = "distributor_territories.csv";

  private Territories() {}

  /**
   * Pure: {@code rows} with a column {@code territory}, the territory of the row's distributor in
   * force on its date; null when the distributor is unknown to both tables.
   *
   * @param distributorColumn the column naming the distributor
   * @param date the (Asia/Shanghai) date of the row
   */
  public static Dataset<Row> inForce(
      Dataset<Row> rows,
      String distributorColumn,
      Column date,
      Dataset<Row> distributors,
      Dataset<Row> history) {
    Dataset<Row> periods =
        history.select(
            col("distributor_id").as("_h_distributor"),
            col("territory").as("_h_territory"),
            col("valid_from").as("_h_from"),
            col("valid_to").as("_h_to"));
    Dataset<Row> current =
        distributors.select(
            col("distributor_id").as("_d_distributor"), col("territory").as("_d_territory"));
    Column covers =
        col(distributorColumn)
            .equalTo(col("_h_distributor"))
            .and(date.geq(col("_h_from")))
            .and(col("_h_to").isNull().or(date.lt(col("_h_to"))));
    return rows.join(broadcast(periods), covers, "left_outer")
        .join(
            broadcast(current), col(distributorColumn).equalTo(col("_d_distributor")), "left_outer")
        .withColumn("territory", coalesce(col("_h_territory"), col("_d_territory")))
        .drop(
            "_h_distributor", "_h_territory", "_h_from", "_h_to", "_d_distributor", "_d_territory");
  }

  /**
   * Pure: the {@code territories} view of {@code sql}: every period of the history, and each
   * distributor's distributors.csv territory (valid_from and valid_to null) which holds on the
   * dates no period covers.
   */
  public static Dataset<Row> view(Dataset<Row> distributors, Dataset<Row> history) {
    Dataset<Row> periods =
        history.select(
            col("distributor_id"),
            col("territory"),
            col("valid_from"),
            col("valid_to"),
            lit(FROM_HISTORY).as("source"));
    Dataset<Row> fallback =
        distributors.select(
            col("distributor_id"),
            col("territory"),
            lit(null).cast("date").as("valid_from"),
            lit(null).cast("date").as("valid_to"),
            lit(FROM_DISTRIBUTORS).as("source"));
    return periods.unionByName(fallback);
  }
}
