package io.omnitouch.marts.diversion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.silver.DivertedCodes;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code distributor_scorecard}: one row per dt and distributor (every distributor of the
 * dimension, plus any distributor a code was shipped to), all figures "to date", i.e. up to the end
 * of dt (Asia/Shanghai):
 *
 * <ul>
 *   <li>codes_shipped: distinct codes with a factory_out to the distributor;
 *   <li>codes_scanned: distinct codes with a consumer scan, each counted for the distributor
 *       authorised at the code's first consumer scan (so the figures add up across distributors; a
 *       code first scanned before any factory_out counts for nobody);
 *   <li>diverted_codes: distinct codes with an out-of-territory scan (channel or consumer) under
 *       the distributor;
 *   <li>diversion_rate: diverted_codes / codes_scanned (null when no code was scanned);
 *   <li>confirmed_cases: cases of the distributor confirmed on or before dt ({@code
 *       diversion_cases.confirmed_at}).
 * </ul>
 *
 * <p>The "to date" figures come from the incremental state, never from the history of scans:
 * shipped and scanned from {@link CodeRegistry} (allocations, first consumer scan), diverted from
 * {@link DivertedCodes}, confirmed from the small diversion_cases mart. Restatement: the run date
 * and late dates (dt from..to).
 */
public final class DistributorScorecard extends Mart {
  public static final String NAME = "distributor_scorecard";

  public DistributorScorecard() {
    super(NAME, "diversion", "dt");
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    return build(
        wh.read(CodeRegistry.TABLE),
        wh.read(DivertedCodes.TABLE),
        wh.read("gold/" + DiversionCases.NAME),
        Dimensions.read(wh, "distributors"),
        from,
        to);
  }

  /** Pure: the scorecard of dates from..to from the registry, diverted codes and cases. */
  public static Dataset<Row> build(
      Dataset<Row> registry,
      Dataset<Row> divertedCodes,
      Dataset<Row> cases,
      Dataset<Row> distributors,
      LocalDate from,
      LocalDate to) {
    Dataset<Row> increments =
        shippedByDay(registry)
            .unionByName(scannedByDay(registry))
            .unionByName(divertedByDay(divertedCodes))
            .unionByName(confirmedByDay(cases));
    Dataset<Row> days =
        registry
            .sparkSession()
            .sql(
                String.format(
                    java.util.Locale.ROOT,
                    "SELECT explode(sequence(DATE'%s', DATE'%s', interval 1 day)) AS dt",
                    from,
                    to));
    Dataset<Row> ids =
        distributors
            .select("distributor_id")
            .unionByName(increments.select("distributor_id"))
            .distinct();
    Dataset<Row> toDate =
        ids.crossJoin(days)
            .join(
                increments.withColumnRenamed("distributor_id", "i_distributor_id"),
                col("distributor_id")
                    .equalTo(col("i_distributor_id"))
                    .and(col("day").leq(col("dt"))),
                "left_outer")
            .groupBy("dt", "distributor_id")
            .agg(
                total("shipped").as("codes_shipped"),
                total("scanned").as("codes_scanned"),
                total("diverted").as("diverted_codes"),
                total("confirmed").as("confirmed_cases"));
    return toDate.select(
        col("dt"),
        col("distributor_id"),
        col("codes_shipped"),
        col("codes_scanned"),
        col("diverted_codes"),
        when(
                col("codes_scanned").gt(0),
                col("diverted_codes").cast("double").divide(col("codes_scanned")))
            .as("diversion_rate"),
        col("confirmed_cases"));
  }

  private static org.apache.spark.sql.Column total(String metric) {
    return expr("coalesce(sum(" + metric + "), 0)").cast("long");
  }

  /** New codes per distributor and day: a code's first factory_out to that distributor. */
  private static Dataset<Row> shippedByDay(Dataset<Row> registry) {
    // Allocations are sorted by time: a distributor's first occurrence is its first shipment.
    // Row-local (no shuffle by code): one struct per distinct distributor of the code.
    Dataset<Row> firsts =
        registry
            .select(
                explode(
                        expr(
                            "transform(array_distinct(transform(allocations, a -> a.distributor_id)),"
                                + " d -> named_struct('distributor_id', d, 'day',"
                                + " to_date(filter(allocations, a -> a.distributor_id = d)[0].event_time)))"))
                    .as("f"))
            .select(col("f.distributor_id").as("distributor_id"), col("f.day").as("day"));
    return counted(firsts, "shipped");
  }

  /** Codes by the day of their first consumer scan, for the distributor authorised then. */
  private static Dataset<Row> scannedByDay(Dataset<Row> registry) {
    Dataset<Row> firsts =
        registry
            .filter(col("first_consumer").isNotNull())
            .select(
                CodeRegistry.authorisedAt("allocations", "first_consumer.event_time")
                    .as("distributor_id"),
                to_date(col("first_consumer.event_time")).as("day"))
            .filter(col("distributor_id").isNotNull());
    return counted(firsts, "scanned");
  }

  private static Dataset<Row> divertedByDay(Dataset<Row> divertedCodes) {
    return counted(
        divertedCodes.select(col("distributor_id"), col("first_dt").as("day")), "diverted");
  }

  private static Dataset<Row> confirmedByDay(Dataset<Row> cases) {
    return counted(
        cases
            .filter(col("status").equalTo(lit(DiversionCases.CONFIRMED)))
            .select(col("distributor_id"), to_date(col("confirmed_at")).as("day")),
        "confirmed");
  }

  /** (distributor_id, day, shipped, scanned, diverted, confirmed) with one metric filled. */
  private static Dataset<Row> counted(Dataset<Row> rowsByDay, String metric) {
    Dataset<Row> n = rowsByDay.groupBy("distributor_id", "day").agg(count(lit(1)).as(metric));
    for (String m : new String[] {"shipped", "scanned", "diverted", "confirmed"}) {
      if (!m.equals(metric)) {
        n = n.withColumn(m, lit(0L));
      }
    }
    return n.select("distributor_id", "day", "shipped", "scanned", "diverted", "confirmed");
  }
}
