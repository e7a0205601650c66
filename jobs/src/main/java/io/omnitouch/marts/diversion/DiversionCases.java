package io.omnitouch.marts.diversion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code diversion_cases}: one row per (distributor_id, sku, city_code, week) of out-of-territory
 * scans ({@code diversion_scans}), city_code = first 4 digits of the place, week = ISO week of the
 * scan's Asia/Shanghai date ({@code 2026-W45}). case_id = {@code distributor_id|sku|city_code|week}
 * (stable across reruns; {@code diversion_scans.case_id} lists the case's codes, scans, stores and
 * times). first_seen/last_seen: earliest/latest scan time; codes: distinct codes; scans; stores:
 * distinct store_ids (0 when none); evidence: {@code channel} when any dealer_out/store_in scan,
 * else {@code consumer}. status {@code confirmed} when the case has a channel scan or at least
 * {@value #CONFIRMING_CONSUMER_CODES} distinct codes scanned by consumers, else {@code suspected}:
 * a traveller's lone scan stays suspected. Extra: consumer_codes, week_start and confirmed_at (the
 * time of the first channel scan or of the first scan of the 5th distinct consumer code, whichever
 * is first; null while suspected), which dates "confirmed to date" in the scorecard.
 *
 * <p>Restatement: replaced whole (dateColumn null) but computed incrementally: the ISO weeks
 * touching the restated dates are recomputed from those weeks' diversion_scans, the other weeks'
 * rows are carried over from the mart ({@link RestatedWeeks}).
 */
public final class DiversionCases extends Mart {
  public static final String NAME = "diversion_cases";
  public static final int CONFIRMING_CONSUMER_CODES = 5;
  public static final String CONFIRMED = "confirmed";
  public static final String SUSPECTED = "suspected";

  public DiversionCases() {
    super(NAME, "diversion", null);
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    RestatedWeeks weeks = RestatedWeeks.touching(from, to);
    return weeks.replace(
        NAME,
        wh.read("gold/" + NAME),
        build(weeks.scans(wh), ctx.config().diversionConfirmingCodes));
  }

  /** As {@link #build(Dataset, int)} with the contract's {@value #CONFIRMING_CONSUMER_CODES}. */
  public static Dataset<Row> build(Dataset<Row> diversionScans) {
    return build(diversionScans, CONFIRMING_CONSUMER_CODES);
  }

  /**
   * Pure: the cases of the given diversion_scans rows (all weeks they cover); {@code
   * confirmingCodes} distinct consumer-scanned codes confirm a case.
   */
  public static Dataset<Row> build(Dataset<Row> diversionScans, int confirmingCodes) {
    Column isChannel = col("evidence").equalTo(lit(DiversionScans.EVIDENCE_CHANNEL));
    Dataset<Row> perCase =
        diversionScans
            .groupBy("case_id", "distributor_id", "sku", "city_code", "week", "week_start")
            .agg(
                min("event_time").as("first_seen"),
                max("event_time").as("last_seen"),
                countDistinct("code").as("codes"),
                count(lit(1)).as("scans"),
                countDistinct("store_id").as("stores"),
                max(isChannel).as("has_channel"),
                min(when(isChannel, col("event_time"))).as("first_channel_time"),
                countDistinct(when(isChannel.unary_$bang(), col("code"))).as("consumer_codes"));
    Dataset<Row> cases =
        perCase
            .join(confirmingConsumerScans(diversionScans, confirmingCodes), "case_id", "left_outer")
            .withColumn(
                "confirmed", col("has_channel").or(col("consumer_codes").geq(confirmingCodes)));
    return cases.select(
        col("case_id"),
        col("distributor_id"),
        col("sku"),
        col("city_code"),
        col("week"),
        col("first_seen"),
        col("last_seen"),
        col("codes"),
        col("scans"),
        col("stores"),
        when(col("has_channel"), lit(DiversionScans.EVIDENCE_CHANNEL))
            .otherwise(lit(DiversionScans.EVIDENCE_CONSUMER))
            .as("evidence"),
        when(col("confirmed"), lit(CONFIRMED)).otherwise(lit(SUSPECTED)).as("status"),
        col("consumer_codes"),
        col("week_start"),
        when(col("confirmed"), least(col("first_channel_time"), col("fifth_code_time")))
            .as("confirmed_at"));
  }

  /** Per case: when its confirming (5th) consumer-scanned code was first scanned (if ever). */
  private static Dataset<Row> confirmingConsumerScans(
      Dataset<Row> diversionScans, int confirmingCodes) {
    Dataset<Row> codeFirsts =
        diversionScans
            .filter(col("evidence").equalTo(lit(DiversionScans.EVIDENCE_CONSUMER)))
            .groupBy("case_id", "code")
            .agg(min("event_time").as("code_first_time"));
    Dataset<Row> ranked =
        codeFirsts.withColumn(
            "code_rank",
            row_number()
                .over(Window.partitionBy("case_id").orderBy(col("code_first_time"), col("code"))));
    return ranked
        .filter(col("code_rank").equalTo(confirmingCodes))
        .select(col("case_id"), col("code_first_time").as("fifth_code_time"));
  }
}
