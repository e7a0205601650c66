package io.omnitouch.marts.uplift;

import static io.omnitouch.testing.SharedSpark.row;

import io.omnitouch.schema.Schemas;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Silver-shaped fixtures with only the columns the uplift marts touch filled in. */
final class UpliftFixtures {
  private UpliftFixtures() {}

  /** The same rows under the actual frame's schema (spark-testing-base compares nullability). */
  static Dataset<Row> withSchema(Dataset<Row> expected, Dataset<Row> actual) {
    return expected.sparkSession().createDataFrame(expected.collectAsList(), actual.schema());
  }

  static Date d(String iso) {
    return Date.valueOf(iso);
  }

  /** A paid order: store, order date, value; user null (anonymous store sale). */
  static Object[] sale(String store, String date, String value) {
    return order("o-" + store + "-" + date + "-" + value, null, store, date, value);
  }

  static Object[] order(String orderId, String user, String store, String date, String value) {
    return row(
        orderId,
        d(date),
        Timestamp.valueOf(date + " 12:00:00"),
        user,
        "store",
        store,
        null,
        null,
        null,
        null,
        new BigDecimal(value),
        1L,
        1);
  }

  static Dataset<Row> paidOrders(Object[]... rows) {
    return SharedSpark.rows(Schemas.struct("silver/paid_orders"), rows);
  }

  /** A current order line: order, line number, status, sku, quantity, paid amount. */
  static Object[] line(
      String orderId, int lineNo, String status, String sku, int quantity, String paid) {
    Timestamp t = Timestamp.valueOf("2026-03-01 12:00:00");
    return row(
        orderId,
        lineNo,
        t,
        d("2026-03-01"),
        t,
        status,
        null,
        "store",
        null,
        null,
        null,
        null,
        sku,
        quantity,
        new BigDecimal(paid),
        new BigDecimal(paid),
        null,
        null,
        null,
        d("2026-03-01"),
        "orders.csv",
        (long) lineNo + 1,
        "run-1");
  }

  static Dataset<Row> orderLines(Object[]... rows) {
    return SharedSpark.rows(Schemas.struct("silver/order_lines"), rows);
  }

  static Object[] campaign(String id, String type, String start, String end, String budget) {
    return row(
        id,
        "campaign " + id,
        type,
        d(start),
        d(end),
        budget == null ? null : new BigDecimal(budget));
  }

  static Dataset<Row> campaigns(Object[]... rows) {
    return SharedSpark.rows(Schemas.referenceStruct("reference/campaigns"), rows);
  }

  static Dataset<Row> assignments(Object[]... rows) {
    return SharedSpark.rows(Schemas.referenceStruct("reference/campaign_assignments"), rows);
  }

  static Object[] product(String sku, String unitCost) {
    return row(
        sku, "product " + sku, null, null, unitCost == null ? null : new BigDecimal(unitCost));
  }

  static Dataset<Row> products(Object[]... rows) {
    return SharedSpark.rows(Schemas.referenceStruct("reference/products"), rows);
  }

  /** A consumer scan paying a reward for a campaign on a date. */
  static Object[] rewardScan(String scanId, String campaignId, String date, String reward) {
    Timestamp t = Timestamp.valueOf(date + " 10:00:00");
    return row(
        scanId,
        "code-" + scanId,
        "A",
        null,
        null,
        "consumer",
        t,
        d(date),
        null,
        null,
        "u1",
        null,
        "330106",
        null,
        null,
        null,
        campaignId,
        reward == null ? null : new BigDecimal(reward),
        d(date),
        "scans.csv",
        2L,
        "run-1");
  }

  static Dataset<Row> scans(Object[]... rows) {
    return SharedSpark.rows(Schemas.struct("silver/scans"), rows);
  }

  static Dataset<Row> rollouts(Object[]... rows) {
    return SharedSpark.rows(Schemas.referenceStruct("reference/program_rollouts"), rows);
  }

  static Object[] rollout(String store, String program, String start) {
    return row(store, program, d(start));
  }

  /** Stores with an optional open date. */
  static Dataset<Row> stores(Object[]... idAndOpenDate) {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] s : idAndOpenDate) {
      rows.add(row(s[0], "store " + s[0], "330106", null, null, s.length > 1 ? s[1] : null));
    }
    return SharedSpark.rows(
        Schemas.referenceStruct("reference/stores"), rows.toArray(Object[][]::new));
  }
}
