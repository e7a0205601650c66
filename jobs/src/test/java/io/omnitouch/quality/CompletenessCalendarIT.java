package io.omnitouch.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.cli.ExitCodes;
import io.omnitouch.cli.Omnitouch;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.InputTree;
import io.omnitouch.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The completeness check reads the business calendar: 70% of the usual orders missing on 国庆节 (a
 * holiday of the bundled default) exits 0 with a warning naming the holiday; the same drop on the
 * same date made an ordinary workday by {@code reference/calendar.csv} exits 2. Exit codes as the
 * command line maps the run's outcome ({@link Omnitouch#exitCode}).
 */
class CompletenessCalendarIT {
  private static final LocalDate HOLIDAY = LocalDate.parse("2026-10-01");

  /** The fewest weeks of same-weekday history that give a volume expectation. */
  private static final int WEEKS = Completeness.MIN_HISTORY_WEEKS;

  private static final int USUAL_ORDERS = 20;
  private static final int DROPPED_ORDERS = 6;

  private static String orders(LocalDate dt, int n) {
    StringBuilder sb =
        new StringBuilder(
            "order_id,line_no,order_time,updated_time,status,user_id,channel,store_id,sku,"
                + "quantity,unit_price,paid_amount\n");
    for (int i = 0; i < n; i++) {
      sb.append(
          String.format(
              "O%s-%d,1,%s 12:00:00,%s 12:00:00,paid,U%d,store,S1,P1,1,10.00,10.00%n",
              dt, i, dt, dt, i));
    }
    return sb.toString();
  }

  private record Outcome(int code, String console, String err) {}

  private static Outcome run(NightlyRun run, LocalDate from, ByteArrayOutputStream console) {
    console.reset();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      run.run(from, HOLIDAY, "run-" + System.nanoTime(), NightlyRun.stages(List.of("ingest")));
      code = ExitCodes.OK;
    } catch (RuntimeException e) {
      code = Omnitouch.exitCode(e, new PrintStream(err, true, StandardCharsets.UTF_8));
    }
    return new Outcome(
        code, console.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aSeventyPercentDropOnAHolidayWarnsAndOnAWorkdayFails() {
    InputTree in = InputTree.create("holiday").minimalReference();
    for (LocalDate d = HOLIDAY.minusWeeks(WEEKS); !d.isAfter(HOLIDAY); d = d.plusDays(1)) {
      in.emptyLogs(d.toString());
    }
    for (int w = 1; w <= WEEKS; w++) {
      LocalDate d = HOLIDAY.minusWeeks(w);
      in.file("orders/dt=" + d + "/part-0.csv", orders(d, USUAL_ORDERS));
    }
    in.file("orders/dt=" + HOLIDAY + "/part-0.csv", orders(HOLIDAY, DROPPED_ORDERS));
    Warehouse wh = SharedSpark.tempWarehouse("holiday");
    OmnitouchConfig config = SharedSpark.config(in.root(), Path.of(wh.root()));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    NightlyRun run =
        new NightlyRun(
            SharedSpark.spark(),
            config,
            Map.of("OMNITOUCH_PII_KEY", "test-key"),
            new PrintStream(console, true, StandardCharsets.UTF_8),
            NightlyRun.ReportStage.NONE);
    String drop = "6 rows against a median of 20 on the same weekday over 2 weeks; shortfall 70.0%";
    // The history and the holiday in one run; then the holiday alone, made a workday.
    Outcome holiday = run(run, HOLIDAY.minusWeeks(WEEKS), console);
    assertEquals(ExitCodes.OK, holiday.code(), holiday.err());
    String warning = drop + "; 国庆节: a holiday or promo day warns instead of failing";
    assertTrue(
        holiday.console().contains("completeness orders         2026-10-01 WARNING: " + warning),
        holiday.console());
    Row metric =
        wh.read("gold/run_metrics")
            .filter("stage = 'completeness:orders' AND dt = DATE'2026-10-01'")
            .select("status", "message")
            .collectAsList()
            .get(0);
    assertEquals("warning", metric.getString(0));
    assertEquals(warning, metric.getString(1));

    in.file("reference/calendar.csv", "date,day_type,holiday_name,promo\n2026-10-01,workday,,\n");
    Outcome workday = run(run, HOLIDAY, console);
    assertEquals(ExitCodes.BAD_INPUT, workday.code(), workday.console());
    assertTrue(
        workday
            .err()
            .startsWith(
                "omnitouch: Incomplete input, over the --completeness-fail limit of a 50%"
                    + " shortfall: orders 2026-10-01: "
                    + drop),
        workday.err());
  }
}
