package io.omnitouch.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code silver/code_registry}: the compact current state of every code, one row per code, so that
 * a nightly run never re-reads the history of scans.
 *
 * <ul>
 *   <li>{@code allocations}: every {@code factory_out} of the code (event_time, receiving
 *       distributor_id, scan_id), sorted by time. The authorised distributor at time t is the last
 *       allocation at or before t (codes can be re-allocated), see {@link #authorisedAt}.
 *   <li>{@code first_consumer}: the code's earliest consumer scan (event_time, scan_id, user_id).
 *   <li>{@code first_other_user}: the earliest consumer scan by a user other than {@code
 *       first_consumer.user_id}. With these two, "a scan of a code already scanned by another user"
 *       (CODE_REUSE) is exact: a scan by a user other than the first scanner always follows the
 *       first scan; a scan by the first scanner is a reuse when {@code first_other_user} precedes
 *       it.
 * </ul>
 *
 * <p>{@code latest_factory_out}: the code's latest factory_out (event_time, scan_id, sku,
 * batch_id), which gives a code's sku and production batch. Unit codes only: a factory_out of a
 * case or pallet code is folded as one per unit packed in it ({@link CodePacking}).
 *
 * <p>Scans are ordered by (event_time, scan_id), so equal timestamps still have one order.
 *
 * <p>Maintenance: each night the scans of the restated event dates (run date and late dates) are
 * folded in with one Delta MERGE on {@code code} whose update is a commutative, idempotent fold
 * (union of allocations; minimum of first scans), so reruns and late events leave the same state as
 * a build from all scans at once ({@link #combine} is that fold as a pure function). Scans are
 * never retracted from silver, so the fold never has to forget. Deletion vectors are enabled so a
 * MERGE writes the changed rows only, not every file that holds one.
 */
public final class CodeRegistry {
  public static final String TABLE = "silver/code_registry";

  private static final String SCANS = "silver/scans";

  /** Fold of an existing row {@code t} and an update {@code s}; nulls on either side allowed. */
  private static final String ALLOCATIONS =
      "array_sort(array_distinct(concat(coalesce(t.allocations, s.allocations),"
          + " coalesce(s.allocations, t.allocations))))";

  private static final String FIRST_CONSUMER = "least(t.first_consumer, s.first_consumer)";

  /** The latest factory_out of the code (by time, then scan_id); greatest() skips nulls. */
  private static final String LATEST_FACTORY_OUT =
      "greatest(t.latest_factory_out, s.latest_factory_out)";

  /** Earliest scan by a user other than the new first scanner, among the four candidates. */
  private static final String FIRST_OTHER_USER =
      "least("
          + otherThanFirst("t.first_consumer")
          + ", "
          + otherThanFirst("t.first_other_user")
          + ", "
          + otherThanFirst("s.first_consumer")
          + ", "
          + otherThanFirst("s.first_other_user")
          + ")";

  private CodeRegistry() {}

  private static String otherThanFirst(String candidate) {
    return "IF("
        + candidate
        + ".user_id <> ("
        + FIRST_CONSUMER
        + ").user_id, "
        + candidate
        + ", NULL)";
  }

  /**
   * The authorised distributor at {@code timeSql} given an allocations array (sorted by time): the
   * distributor of the last allocation at or before that time, null when none.
   */
  public static Column authorisedAt(String allocationsSql, String timeSql) {
    return expr(
        "aggregate("
            + allocationsSql
            + ", CAST(NULL AS STRING), (acc, a) -> IF(a.event_time <= "
            + timeSql
            + ", a.distributor_id, acc))");
  }

  /**
   * Pure: the registry rows carried by a set of scans (one row per code appearing in a {@code
   * factory_out} or {@code consumer} scan). On all scans it is the registry built from scratch.
   */
  public static Dataset<Row> updates(Dataset<Row> scans) {
    Column isFactoryOut = col("scan_type").equalTo(lit(ScanTypes.FACTORY_OUT));
    Column isConsumer = col("scan_type").equalTo(lit(ScanTypes.CONSUMER));
    Dataset<Row> relevant =
        scans
            .filter(isFactoryOut.or(isConsumer))
            .select(
                col("code"),
                when(isFactoryOut, struct(col("event_time"), col("distributor_id"), col("scan_id")))
                    .as("allocation"),
                when(isConsumer, struct(col("event_time"), col("scan_id"), col("user_id")))
                    .as("consumer_scan"),
                when(
                        isFactoryOut,
                        struct(col("event_time"), col("scan_id"), col("sku"), col("batch_id")))
                    .as("factory_out"));
    Dataset<Row> perCode =
        relevant
            .groupBy(col("code"))
            .agg(
                expr("array_sort(array_distinct(collect_list(allocation)))").as("allocations"),
                expr("array_sort(collect_list(consumer_scan))").as("consumer_scans"),
                functions.max(col("factory_out")).as("latest_factory_out"));
    return perCode.select(
        col("code"),
        col("allocations"),
        expr("try_element_at(consumer_scans, 1)").as("first_consumer"),
        expr("try_element_at(filter(consumer_scans, x -> x.user_id <> consumer_scans[0].user_id),"
                + " 1)")
            .as("first_other_user"),
        col("latest_factory_out"));
  }

  /** Pure: the fold the nightly MERGE applies, as a full outer join of registry and updates. */
  public static Dataset<Row> combine(Dataset<Row> registry, Dataset<Row> updates) {
    return registry
        .as("t")
        .join(updates.as("s"), col("t.code").equalTo(col("s.code")), "full_outer")
        .select(
            expr("coalesce(t.code, s.code)").as("code"),
            expr(ALLOCATIONS).as("allocations"),
            expr(FIRST_CONSUMER).as("first_consumer"),
            expr(FIRST_OTHER_USER).as("first_other_user"),
            expr(LATEST_FACTORY_OUT).as("latest_factory_out"));
  }

  /**
   * Folds the silver scans of event dates {@code from..to} into the registry with one MERGE (a step
   * of the silver stage, after the scans). On first use (no registry yet) it is built from all
   * silver scans instead: the state must have seen every date, and later nights fold only the dates
   * they restate. The fold is idempotent, so a rerun of the stage leaves the same state. Returns
   * the rows written.
   */
  public static long refresh(Warehouse wh, LocalDate from, LocalDate to) {
    // The first refresh of a warehouse bootstraps the state from all silver scans (once);
    // afterwards only the restated dates are read.
    // A registry written before it kept the latest factory_out is rebuilt once the same way.
    boolean bootstrap =
        !wh.exists(TABLE)
            || !java.util.Arrays.asList(wh.read(TABLE).columns()).contains("latest_factory_out");
    Dataset<Row> source =
        bootstrap
            ? wh.read(SCANS)
            : wh.read(SCANS).where(Warehouse.dateRange("event_date", from, to));
    Dataset<Row> scans =
        source.select(
            "code",
            "scan_type",
            "event_time",
            "distributor_id",
            "scan_id",
            "user_id",
            "sku",
            "batch_id");
    // Case and pallet factory_outs stand for their units: the registry holds unit codes only.
    Dataset<Row> updates = updates(CodePacking.expand(scans, CodePacking.read(wh)));
    if (bootstrap) {
      wh.overwrite(TABLE, updates);
      long written = wh.lastCommitRows(TABLE);
      wh.spark()
          .sql(
              "ALTER TABLE delta.`"
                  + wh.path(TABLE)
                  + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = true)");
      return written;
    }
    merge(wh.delta(TABLE), updates);
    return wh.lastCommitRows(TABLE);
  }

  private static void merge(DeltaTable registry, Dataset<Row> updates) {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("allocations", ALLOCATIONS);
    set.put("first_consumer", FIRST_CONSUMER);
    set.put("first_other_user", FIRST_OTHER_USER);
    set.put("latest_factory_out", LATEST_FACTORY_OUT);
    String changed =
        "NOT (t.allocations <=> "
            + ALLOCATIONS
            + " AND t.first_consumer <=> "
            + FIRST_CONSUMER
            + " AND t.first_other_user <=> "
            + FIRST_OTHER_USER
            + " AND t.latest_factory_out <=> "
            + LATEST_FACTORY_OUT
            + ")";
    Map<String, String> insert = new LinkedHashMap<>();
    for (String c :
        List.of(
            "code", "allocations", "first_consumer", "first_other_user", "latest_factory_out")) {
      insert.put(c, "s." + c);
    }
    registry
        .as("t")
        .merge(updates.as("s"), "t.code = s.code")
        .whenMatched(changed)
        .updateExpr(set)
        .whenNotMatched()
        .insertExpr(insert)
        .execute();
  }
}
