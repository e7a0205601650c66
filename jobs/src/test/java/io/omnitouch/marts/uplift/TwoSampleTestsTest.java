package io.omnitouch.marts.uplift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Edge cases; the figures themselves are checked in UpliftCampaignTest and HillstromUpliftTest. */
class TwoSampleTestsTest {
  @Test
  void undefinedTestsAreNullNotNaN() {
    assertNull(TwoSampleTests.twoProportion(1, 10, 0, 0));
    assertNull(TwoSampleTests.twoProportion(0, 10, 0, 10).z()); // nobody converted anywhere
    assertNull(TwoSampleTests.welch(1.0, 0.5, 1, 0.0, 0.5, 10));
    TwoSampleTests.WelchTest flat = TwoSampleTests.welch(2.0, 0.0, 5, 2.0, 0.0, 5);
    assertEquals(0.0, flat.diff());
    assertNull(flat.pValue());
  }

  @Test
  void largeSamplesApproachTheNormal() {
    // Welch with huge arms: t quantile -> 1.959964, so the half-width is 1.96 x se (se = 1).
    TwoSampleTests.WelchTest w = TwoSampleTests.welch(3.0, 1e6, 1_000_000, 0.0, 1e6, 1_000_000);
    assertEquals(3.0 / Math.sqrt(2), w.t(), 1e-12);
    assertEquals(1.959964 * Math.sqrt(2), w.ciHigh() - w.diff(), 1e-5);
  }
}
