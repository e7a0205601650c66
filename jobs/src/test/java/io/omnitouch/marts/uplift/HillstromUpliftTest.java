package io.omnitouch.marts.uplift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.testing.HillstromConverter;
import io.omnitouch.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Acceptance on real data: the Hillstrom e-mail experiment (Kevin Hillstrom, MineThatData, 2008)
 * through {@link UpliftCampaign#build}. The published figures (src/test/resources/reference/
 * hillstrom/README.md; Yasui, 効果検証入門 ch. 1): conversion 1.2531% (Mens E-Mail) vs 0.5726% (No
 * E-Mail), spend per customer 1.422617 vs 0.652789, t = 5.30 on spend, half-widths ±0.181 pp
 * (conversion) and ±0.2847 (spend). The data is the repository's gzipped copy; a missing file fails
 * the test.
 */
class HillstromUpliftTest {
  /** Both campaigns' rows, read once for the class (the conversion takes a few seconds). */
  private static List<Row> readout;

  private static synchronized List<Row> readout() throws Exception {
    Path csv = HillstromConverter.location();
    if (readout == null) {
      HillstromConverter.Inputs in = HillstromConverter.convert(SharedSpark.spark(), csv);
      readout =
          UpliftCampaign.build(
                  in.campaigns(),
                  in.assignments(),
                  in.orderLines(),
                  in.paidOrders(),
                  in.products(),
                  in.scans(),
                  HillstromConverter.WINDOW_END)
              .orderBy("campaign_id")
              .collectAsList();
    }
    assertEquals(2, readout.size());
    return readout;
  }

  @Test
  void mensEmailAgainstNoEmailReproducesThePublishedFigures() throws Exception {
    Row mens = readout().get(0);
    assertEquals(HillstromConverter.MENS, mens.getAs("campaign_id"));
    assertEquals(21_307L, mens.<Long>getAs("treatment_users"));
    assertEquals(21_306L, mens.<Long>getAs("control_users"));
    assertEquals(267L, mens.<Long>getAs("treatment_converters"));
    assertEquals(122L, mens.<Long>getAs("control_converters"));
    assertEquals(0.012531, mens.<Double>getAs("treatment_conversion_rate"), 5e-7);
    assertEquals(0.005726, mens.<Double>getAs("control_conversion_rate"), 5e-7);
    assertEquals(1.422617, mens.<Double>getAs("treatment_revenue_per_user"), 5e-7);
    assertEquals(0.652789, mens.<Double>getAs("control_revenue_per_user"), 5e-7);
    // Student t = 5.300090 (cibook); Welch's differs only in the 4th digit with equal arms.
    assertEquals(5.30, mens.<Double>getAs("revenue_t"), 0.005);
    double p = mens.getAs("revenue_p_value");
    assertTrue(p > 1.0e-7 && p < 1.3e-7, "p = " + p + " (Student: 1.1632e-07)");
    double lift = mens.getAs("revenue_per_user_lift_abs");
    assertEquals(0.7698, lift, 5e-5);
    assertEquals(0.2847, mens.<Double>getAs("revenue_per_user_lift_ci_high") - lift, 5e-5);
    assertEquals(0.2847, lift - mens.<Double>getAs("revenue_per_user_lift_ci_low"), 5e-5);
    double convLift = mens.getAs("conversion_lift_abs");
    assertEquals(0.012531 - 0.005726, convLift, 1e-6); // the published rates' difference
    // ±0.181 pp as published (to its last digit: the exact half-width is 0.1805 pp).
    assertEquals(0.00181, mens.<Double>getAs("conversion_lift_abs_ci_high") - convLift, 1e-5);
    assertEquals(1.188, mens.<Double>getAs("conversion_lift_rel"), 5e-4);
    assertTrue(mens.<Double>getAs("conversion_p_value") < 1e-10);
  }

  @Test
  void womensEmailAndTheMoneyFigures() throws Exception {
    Row mens = readout().get(0);
    Row womens = readout().get(1);
    assertEquals(21_387L, womens.<Long>getAs("treatment_users"));
    assertEquals(189L, womens.<Long>getAs("treatment_converters"));
    assertEquals(0.008837, womens.<Double>getAs("treatment_conversion_rate"), 5e-7);
    assertEquals(1.077202, womens.<Double>getAs("treatment_revenue_per_user"), 5e-7);
    assertEquals(0.4244, womens.<Double>getAs("revenue_per_user_lift_abs"), 5e-5);
    // Incremental spend scaled to the arm: Mens ≈ 16,403, Womens ≈ 9,077.
    assertEquals(16_403, mens.<Double>getAs("incremental_revenue"), 1.0);
    assertEquals(9_077, womens.<Double>getAs("incremental_revenue"), 1.0);
    // Notional cost 0.10 an e-mail and unit_cost 0: margin = revenue, roi = iroas.
    assertEquals(0, new BigDecimal("2130.70").compareTo(mens.getAs("cost")));
    assertEquals(16_403 / 2130.70, mens.<Double>getAs("iroas"), 1e-3);
    assertEquals(mens.<Double>getAs("iroas"), mens.<Double>getAs("roi"), 1e-9);
    assertEquals(true, mens.getAs("complete"));
  }
}
