package io.omnitouch.marts.uplift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.uplift.CohortDid.Cohort;
import io.omnitouch.marts.uplift.CohortDid.Estimate;
import io.omnitouch.marts.uplift.CohortDid.StoreWindows;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The statistics core on hand-made store sums (no Spark). */
class CohortDidTest {
  static final LocalDate S1 = LocalDate.parse("2026-02-01");
  static final LocalDate S2 = LocalDate.parse("2026-02-08");

  /** A store with a flat {@code pre} a day over 28 pre days and {@code post} a day after. */
  static StoreWindows store(String id, double pre, double post, int postDays) {
    return new StoreWindows(id, pre * 14, pre * 14, post * postDays);
  }

  static StoreWindows store(String id, double pre, double post) {
    return store(id, pre, post, 28);
  }

  /** Controls going from 97.5 to 100 a day on average. */
  static List<StoreWindows> controls(int postDays) {
    return List.of(
        store("C1", 100, 100, postDays),
        store("C2", 80, 90, postDays),
        store("C3", 120, 110, postDays),
        store("C4", 90, 100, postDays));
  }

  static List<StoreWindows> controls() {
    return controls(28);
  }

  @Test
  void pValueCountsReplicatesOnEitherSideOfZero() {
    double[] allPositive = IntStream.range(0, 999).mapToDouble(i -> 1 + i).toArray();
    assertEquals(2.0 / 1000, CohortDid.pValue(allPositive), 1e-12);
    double[] symmetric = IntStream.range(0, 1000).mapToDouble(i -> i - 499.5).toArray();
    assertEquals(1.0, CohortDid.pValue(symmetric), 1e-12);
    double[] tenBelow = IntStream.range(0, 999).mapToDouble(i -> i < 10 ? -1 : 1).toArray();
    assertEquals(2.0 * 11 / 1000, CohortDid.pValue(tenBelow), 1e-12);
  }

  @Test
  void intervalIsThePercentileRangeOfFiniteReplicates() {
    double[] reps = IntStream.rangeClosed(0, 100).mapToDouble(i -> i).toArray();
    double[] withNaN = new double[reps.length + 1];
    System.arraycopy(reps, 0, withNaN, 0, reps.length);
    withNaN[reps.length] = Double.NaN;
    assertArrayEquals(new double[] {2.5, 97.5}, CohortDid.interval(withNaN), 1e-12);
  }

  @Test
  void singleStoreCohortsGetNoIntervalButThePooledRowDoes() {
    List<Cohort> cohorts =
        List.of(
            new Cohort(S1, 28, 14, 28, List.of(store("T1", 100, 130)), controls()),
            new Cohort(S2, 28, 14, 21, List.of(store("T2", 50, 60, 21)), controls(21)));
    List<Estimate> rows = CohortDid.estimate(cohorts, 199, 1L);
    assertEquals(3, rows.size());
    assertNull(rows.get(0).ciLow());
    assertNull(rows.get(1).pValue());
    Estimate pooled = rows.get(2);
    assertNull(pooled.cohortStart());
    assertNotNull(pooled.ciLow());
    assertEquals(2, pooled.treatedStores());
    assertEquals(4, pooled.controlStores());
    assertEquals(28 + 21, pooled.treatedStoreDays());
    // Controls go 97.5 -> 100 in both cohorts: DiD T1 = 30 - 2.5, T2 = 10 - 2.5; weights 28, 21.
    assertEquals((28 * 27.5 + 21 * 7.5) / 49, pooled.did(), 1e-9);
    assertEquals((28 * 27.5 + 21 * 7.5), pooled.incrementalRevenue(), 1e-9);
  }

  @Test
  void aRolloutWithoutControlStoresIsReportedButNotEstimated() {
    List<Estimate> rows =
        CohortDid.estimate(
            List.of(new Cohort(S1, 28, 14, 28, List.of(store("T1", 100, 130)), List.of())),
            199,
            1L);
    assertEquals(2, rows.size());
    assertEquals(1, rows.get(0).treatedStores());
    assertEquals(0, rows.get(0).controlStores());
    assertNull(rows.get(0).did());
    assertNull(rows.get(1).ciLow());
  }

  @Test
  void resultDoesNotDependOnTheOrderStoresArriveIn() {
    List<StoreWindows> treated = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      treated.add(store("T" + i, 100 + 7 * i, 120 + 11 * i));
    }
    List<StoreWindows> shuffledTreated = new ArrayList<>(treated);
    Collections.reverse(shuffledTreated);
    List<StoreWindows> shuffledControls = new ArrayList<>(controls());
    Collections.reverse(shuffledControls);
    // The mart sorts stores by id before calling; the core must then give identical intervals.
    List<Estimate> a =
        CohortDid.estimate(List.of(new Cohort(S1, 28, 14, 28, treated, controls())), 299, 9L);
    List<Estimate> b =
        CohortDid.estimate(
            List.of(
                new Cohort(S1, 28, 14, 28, sortById(shuffledTreated), sortById(shuffledControls))),
            299,
            9L);
    assertEquals(a, b);
    assertTrue(a.get(0).ciLow() > 0, a.get(0).toString());
  }

  private static List<StoreWindows> sortById(List<StoreWindows> stores) {
    List<StoreWindows> sorted = new ArrayList<>(stores);
    sorted.sort((x, y) -> x.storeId().compareTo(y.storeId()));
    return sorted;
  }
}
