package io.omnitouch.quality;

import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.run.InputContractException;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Truncated deliveries that pass every row rule, caught after ingest: an orders file with a third
 * of its usual rows (volume against the same weekday of earlier weeks, leaving out the 双11 Sundays
 * Nov 1 and 8: fails the run), a scans file shorter than its control file says (warning), and a
 * store whose guides went silent.
 */
class CompletenessIT {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final int WEEKS = 4;
  private static final int USUAL_ORDERS = 12;
  private static final int TRUNCATED_ORDERS = 4;
  private static final String ORDERS =
      "order_id,line_no,order_time,updated_time,status,user_id,channel,store_id,sku,quantity,"
          + "unit_price,paid_amount\n";

  private static String orders(LocalDate dt, int n) {
    StringBuilder sb = new StringBuilder(ORDERS);
    for (int i = 0; i < n; i++) {
      sb.append(
          String.format(
              "O%s-%d,1,%s 12:00:00,%s 12:00:00,paid,U%d,store,S1,P1,1,10.00,10.00%n",
              dt, i, dt, dt, i));
    }
    return sb.toString();
  }

  private static InputTree fourWeeksOfHistoryAndATruncatedDay() {
    InputTree in = InputTree.create("complete").minimalReference();
    LocalDate from = D.minusWeeks(WEEKS);
    for (LocalDate d = from; !d.isAfter(D); d = d.plusDays(1)) {
      in.emptyLogs(d.toString());
    }
    for (int w = 1; w <= WEEKS; w++) {
      LocalDate d = D.minusWeeks(w);
      in.file("orders/dt=" + d + "/part-0.csv", orders(d, USUAL_ORDERS));
    }
    in.file("orders/dt=" + D + "/part-0.csv", orders(D, TRUNCATED_ORDERS));
    in.file(
        "scans/dt=" + D + "/part-0.csv",
        "scan_id,code,sku,scan_type,event_time,store_id,user_id,region_code\n"
            + "SC1,C1,P1,consumer,2026-11-22 10:00:00,S1,U1,330106\n"
            + "SC2,C2,P1,consumer,2026-11-22 10:05:00,S1,U2,330106\n"
            + "SC3,C3,P1,consumer,2026-11-22 10:10:00,S1,U3,330106\n");
    in.file("scans/dt=" + D + "/_control.csv", "file,rows\nempty.csv,0\npart-0.csv,5\n");
    for (int back = 1; back <= 3; back++) {
      LocalDate d = D.minusDays(back);
      in.file(
          "guide_events/dt=" + d + "/part-0.csv",
          "event_id,event_time,guide_id,store_id,event_type,user_id\n"
              + "E"
              + d
              + ","
              + d
              + "T09:00:00+08:00,G1,S2,chat,U1\n");
    }
    return in;
  }

  @Test
  void aTruncatedDayIsCaughtByVolumeAndByTheControlFileAndASilentStoreIsWarned() {
    Warehouse wh = SharedSpark.tempWarehouse("complete");
    InputTree in = fourWeeksOfHistoryAndATruncatedDay();
    OmnitouchConfig config = SharedSpark.config(in.root(), Path.of(wh.root()));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    NightlyRun run =
        new NightlyRun(
            SharedSpark.spark(),
            config,
            Map.of("OMNITOUCH_PII_KEY", "test-key"),
            new PrintStream(console, true, StandardCharsets.UTF_8),
            NightlyRun.ReportStage.NONE);

    InputContractException e =
        assertThrows(
            InputContractException.class,
            () ->
                run.run(
                    D.minusWeeks(WEEKS), D, "backfill-1", NightlyRun.stages(List.of("ingest"))));
    String orders =
        "4 rows against a median of 12 on the same weekday over 2 weeks; shortfall 66.7%";
    assertEquals(
        "Incomplete input, over the --completeness-fail limit of a 50% shortfall: orders"
            + " 2026-11-22: "
            + orders
            + ". Check the delivery upstream and rerun the date; if the drop is real (a holiday),"
            + " add the date to reference/calendar.csv or rerun with --completeness-fail 1.",
        e.getMessage());
    String out = console.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("  completeness orders         2026-11-22 FAILED: " + orders), out);

    Dataset<Row> metrics =
        wh.read("gold/run_metrics").filter("stage LIKE 'completeness:%'").cache();
    assertEquals(29 * 4, metrics.count(), "every source checked on every date of the backfill");
    Dataset<Row> findings =
        metrics
            .filter("status <> 'ok'")
            .select("stage", "dt", "rows_in", "rows_out", "status", "message");
    SharedSpark.assertDataFrameEquals(
        rows(
            findings.schema(),
            row("completeness:orders", Date.valueOf(D), 4L, 12L, "failed", orders),
            row(
                "completeness:scans",
                Date.valueOf(D),
                3L,
                5L,
                "warning",
                "part-0.csv: 3 rows received, the control file says 5 (truncated or partial"
                    + " file?); shortfall 40.0%"),
            row(
                "completeness:guide_events",
                Date.valueOf(D),
                0L,
                null,
                "warning",
                "no volume expectation yet (0 weeks of same-weekday history, median 0 rows); 1"
                    + " store(s) silent today after activity on at least 3 of the last 7 days:"
                    + " S2")),
        findings);
    metrics.unpersist();
    assertEquals(
        USUAL_ORDERS * WEEKS + TRUNCATED_ORDERS,
        wh.read("bronze/orders").count(),
        "every row was loaded: completeness warns and fails, it never drops data");
  }
}
