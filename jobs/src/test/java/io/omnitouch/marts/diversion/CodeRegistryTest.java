package io.omnitouch.marts.diversion;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static io.omnitouch.marts.diversion.ScanFixtures.factoryOut;
import static io.omnitouch.marts.diversion.ScanFixtures.sh;
import static io.omnitouch.testing.SharedSpark.row;
import static io.omnitouch.testing.SharedSpark.rows;

import io.omnitouch.silver.CodeRegistry;
import io.omnitouch.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class CodeRegistryTest {

  static Row alloc(String time, String distributor, String scanId) {
    return RowFactory.create(sh(time), distributor, scanId);
  }

  /** latest_factory_out: the fixtures' factory_outs are of SKU-A without batch. */
  static Row shipped(String time, String scanId) {
    return RowFactory.create(sh(time), scanId, "SKU-A", null);
  }

  static Row first(String time, String scanId, String user) {
    return RowFactory.create(sh(time), scanId, user);
  }

  static final ScanFixtures.Scan[] DAY1 = {
    factoryOut("f1", "C1", "2026-11-01 09:00", "D1"),
    factoryOut("f2", "C2", "2026-11-01 09:00", "D1"),
    consumer("c1", "C1", "2026-11-01 12:00", "U1", "310115"),
    consumer("c2", "C1", "2026-11-01 13:00", "U2", "310115"),
  };

  static final ScanFixtures.Scan[] DAY2 = {
    // C2 re-allocated to D2.
    factoryOut("f3", "C2", "2026-11-02 09:00", "D2"),
    consumer("c3", "C1", "2026-11-02 10:00", "U1", "310115"),
    consumer("c4", "C2", "2026-11-02 10:00", "U3", "330106"),
    // A code scanned but never shipped.
    consumer("c5", "C3", "2026-11-02 11:00", "U4", "440106"),
    // Late: U2 had scanned C1 on 10-31, before U1. The first scanner becomes U2 and the first
    // other user U1 (12:00), not U2's later scan.
    consumer("c0", "C1", "2026-10-31 08:00", "U2", "310115"),
  };

  static Dataset<Row> expected(Dataset<Row> actual) {
    return rows(
        actual.schema(),
        row(
            "C1",
            List.of(alloc("2026-11-01 09:00", "D1", "f1")),
            first("2026-10-31 08:00", "c0", "U2"),
            first("2026-11-01 12:00", "c1", "U1"),
            shipped("2026-11-01 09:00", "f1")),
        row(
            "C2",
            List.of(alloc("2026-11-01 09:00", "D1", "f2"), alloc("2026-11-02 09:00", "D2", "f3")),
            first("2026-11-02 10:00", "c4", "U3"),
            null,
            shipped("2026-11-02 09:00", "f3")),
        row("C3", List.of(), first("2026-11-02 11:00", "c5", "U4"), null, null));
  }

  @Test
  void builtFromAllScans() {
    Dataset<Row> all = ScanFixtures.silverScans(concat(DAY1, DAY2));
    Dataset<Row> actual = CodeRegistry.updates(all);
    SharedSpark.assertDataFrameEquals(expected(actual), actual);
  }

  @Test
  void foldingDayByDayGivesTheSameStateAndIsIdempotent() {
    Dataset<Row> day1 = CodeRegistry.updates(ScanFixtures.silverScans(DAY1));
    Dataset<Row> day2 = CodeRegistry.updates(ScanFixtures.silverScans(DAY2));
    Dataset<Row> folded = CodeRegistry.combine(CodeRegistry.combine(day1, day2), day2);
    SharedSpark.assertDataFrameEquals(
        expected(folded)
            .select(
                "code", "allocations", "first_consumer", "first_other_user", "latest_factory_out"),
        folded);
  }

  @Test
  void authorisedDistributorIsTheLatestFactoryOutAtOrBeforeTheTime() {
    Dataset<Row> registry = CodeRegistry.updates(ScanFixtures.silverScans(concat(DAY1, DAY2)));
    Dataset<Row> times =
        rows(
            "code STRING, t TIMESTAMP",
            row("C2", sh("2026-11-01 08:59")),
            row("C2", sh("2026-11-01 09:00")),
            row("C2", sh("2026-11-02 08:59")),
            row("C2", sh("2026-11-02 09:00")),
            row("C3", sh("2026-11-02 09:00")));
    Dataset<Row> actual =
        times
            .join(registry, "code")
            .select(
                times.col("code"),
                times.col("t"),
                CodeRegistry.authorisedAt("allocations", "t").as("authorised"));
    Dataset<Row> expected =
        rows(
            actual.schema(),
            row("C2", sh("2026-11-01 08:59"), null),
            row("C2", sh("2026-11-01 09:00"), "D1"),
            row("C2", sh("2026-11-02 08:59"), "D1"),
            row("C2", sh("2026-11-02 09:00"), "D2"),
            row("C3", sh("2026-11-02 09:00"), null));
    SharedSpark.assertDataFrameEquals(expected, actual);
  }

  static ScanFixtures.Scan[] concat(ScanFixtures.Scan[] a, ScanFixtures.Scan[] b) {
    ScanFixtures.Scan[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
