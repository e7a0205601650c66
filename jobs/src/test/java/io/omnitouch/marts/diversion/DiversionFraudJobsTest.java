package io.omnitouch.marts.diversion;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.marts.diversion.ScanFixtures.dealerOut;
import static io.omnitouch.marts.diversion.ScanFixtures.factoryOut;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.silver.DivertedCodes;
import io.omnitouch.silver.SilverBuild;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The diversion and fraud jobs through the MartRunner on a Delta warehouse: two nights, the second
 * with a late scan, then a rerun. The incremental state must equal a build from all scans, and a
 * rerun must leave every table as it was.
 */
class DiversionFraudJobsTest {
  static final LocalDate NOV1 = LocalDate.parse("2026-11-01");
  static final LocalDate NOV3 = LocalDate.parse("2026-11-03");
  static final LocalDate NOV4 = LocalDate.parse("2026-11-04");

  static final ScanFixtures.Scan[] NIGHT1 = {
    factoryOut("f1", "C1", "2026-11-01 09:00", "D1"),
    factoryOut("f2", "C2", "2026-11-01 09:00", "D1"),
    factoryOut("f3", "C3", "2026-11-01 09:00", "D2"),
    consumer("c1", "C1", "2026-11-03 10:00", "U1", "330106"),
  };

  static final ScanFixtures.Scan[] NIGHT2 = {
    // C2 re-allocated to D2, then scanned in Zhejiang: legitimate.
    factoryOut("f2b", "C2", "2026-11-04 08:00", "D2"),
    consumer("c2", "C2", "2026-11-04 10:00", "U2", "330106"),
    // D2 ships C3 to a Guangzhou store: confirmed case.
    dealerOut("d3", "C3", "2026-11-04 09:00", "D2", "S9"),
    // U3 scans C1 after U1 (code reuse, diverted again); late scan of 11-03.
    consumer("c1b", "C1", "2026-11-04 11:00", "U3", "330106"),
    consumer("late", "X9", "2026-11-03 20:00", "U4", "310115"),
  };

  @Test
  void twoNightsALateScanAndARerun() {
    Warehouse wh = SharedSpark.tempWarehouse("diversion-jobs");
    wh.overwrite("silver/regions", ScanFixtures.regions());
    wh.overwrite("silver/distributors", ScanFixtures.distributors());
    wh.overwrite("silver/stores", ScanFixtures.stores());
    wh.overwrite("silver/scans", ScanFixtures.silverScans(NIGHT1));
    // Nights up to 11-03 only fold their scans into the state (their marts are restated by the
    // next night anyway).
    CodeRegistry.refresh(wh, NOV1, NOV3);

    wh.append("silver/scans", ScanFixtures.silverScans(NIGHT2));
    run(wh, "run-2", NOV4, NOV3);

    Dataset<Row> fullBuild = CodeRegistry.updates(wh.read("silver/scans"));
    assertEquals(
        fullBuild.selectExpr("to_json(struct(*))").collectAsList().stream()
            .map(r -> r.getString(0))
            .sorted()
            .toList(),
        strings(wh, CodeRegistry.TABLE, "to_json(struct(*))"));

    assertEquals(
        List.of("c1@2026-11-03", "c1b@2026-11-04", "d3@2026-11-04"),
        strings(wh, "gold/diversion_scans", "concat(scan_id, '@', dt)"));
    assertEquals(
        List.of("D1|SKU-A|3301|2026-W45 suspected 2", "D2|SKU-A|4401|2026-W45 confirmed 1"),
        strings(wh, "gold/diversion_cases", "concat_ws(' ', case_id, status, scans)"));
    assertEquals(
        List.of(
            "2026-11-03 D1 2 1 1 0",
            "2026-11-03 D2 1 0 0 0",
            "2026-11-03 D3 0 0 0 0",
            "2026-11-04 D1 2 1 1 0",
            "2026-11-04 D2 2 1 1 1",
            "2026-11-04 D3 0 0 0 0"),
        strings(
            wh,
            "gold/distributor_scorecard",
            "concat_ws(' ', dt, distributor_id, codes_shipped, codes_scanned, diverted_codes,"
                + " confirmed_cases)"));
    assertEquals(
        List.of("c1b CODE_REUSE", "late UNKNOWN_CODE"),
        strings(wh, "gold/fraud_scan_flags", "concat_ws(' ', scan_id, rules)"));

    Map<String, List<String>> before = snapshot(wh);
    run(wh, "run-3", NOV4, NOV3);
    assertEquals(before, snapshot(wh));
  }

  static RunContext context(Warehouse wh, String runId, LocalDate date, LocalDate restateFrom) {
    return new RunContext(
        runId, date, restateFrom, SharedSpark.config(Path.of("in"), Path.of(wh.root())), wh);
  }

  /** A night of these groups: the silver stage's code state, then the marts (as NightlyRun). */
  static void run(Warehouse wh, String runId, LocalDate date, LocalDate restateFrom) {
    new SilverBuild(wh).codeState(restateFrom, date);
    MartRunner runner = new MartRunner(context(wh, runId, date, restateFrom));
    for (MartJob job : MartCatalog.all()) {
      if (job.group().equals("diversion") || job.group().equals("fraud")) {
        runner.build(job);
      }
    }
  }

  static List<String> strings(Warehouse wh, String table, String sql) {
    return wh.read(table).selectExpr("CAST(" + sql + " AS STRING)").collectAsList().stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }

  static Map<String, List<String>> snapshot(Warehouse wh) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String t : List.of(CodeRegistry.TABLE, DivertedCodes.TABLE)) {
      out.put(t, strings(wh, t, "to_json(struct(*))"));
    }
    for (MartJob job : MartCatalog.all()) {
      if (job.group().equals("diversion") || job.group().equals("fraud")) {
        out.put(job.name(), strings(wh, "gold/" + job.name(), "to_json(struct(*))"));
      }
    }
    return out;
  }
}
