package io.omnitouch.marts.uplift;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The two tests of a randomised holdout (marts.md, Campaign uplift): two-proportion z for
 * conversion and Welch's t for revenue per user, both two-sided at 95%, on summary statistics per
 * arm. Distributions come from commons-math3 (the version Spark ships). Every result is {@code
 * null} where the test is undefined (an empty arm, or no variance at all), never NaN.
 */
public final class TwoSampleTests {
  /** Two-sided 95%. */
  public static final double CONFIDENCE = 0.95;

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
  private static final double Z_975 =
      STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);

  private TwoSampleTests() {}

  /**
   * Treatment minus control share of converters.
   *
   * @param diff the absolute lift (a fraction)
   * @param ciLow Wald interval with the unpooled standard error
   * @param z statistic with the pooled standard error (the test of equal shares)
   */
  public record ProportionTest(double diff, Double ciLow, Double ciHigh, Double z, Double pValue) {}

  /**
   * Treatment minus control mean.
   *
   * @param df Welch-Satterthwaite degrees of freedom
   */
  public record WelchTest(
      double diff, Double ciLow, Double ciHigh, Double t, Double df, Double pValue) {}

  /** Two-proportion z test; null when an arm is empty. */
  public static ProportionTest twoProportion(
      long treatedHits, long treatedN, long controlHits, long controlN) {
    if (treatedN == 0 || controlN == 0) {
      return null;
    }
    double p1 = (double) treatedHits / treatedN;
    double p2 = (double) controlHits / controlN;
    double diff = p1 - p2;
    double seUnpooled = Math.sqrt(p1 * (1 - p1) / treatedN + p2 * (1 - p2) / controlN);
    double pooled = (double) (treatedHits + controlHits) / (treatedN + controlN);
    double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / treatedN + 1.0 / controlN));
    Double z = sePooled > 0 ? diff / sePooled : null;
    Double p = z == null ? null : 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
    return new ProportionTest(diff, diff - Z_975 * seUnpooled, diff + Z_975 * seUnpooled, z, p);
  }

  /**
   * Welch's unequal-variance t test from arm means and sample variances (n - 1 denominator); null
   * when an arm has fewer than 2 units.
   */
  public static WelchTest welch(
      double treatedMean,
      double treatedVar,
      long treatedN,
      double controlMean,
      double controlVar,
      long controlN) {
    if (treatedN < 2 || controlN < 2) {
      return null;
    }
    double diff = treatedMean - controlMean;
    double a = treatedVar / treatedN;
    double b = controlVar / controlN;
    double se = Math.sqrt(a + b);
    if (!(se > 0)) {
      return new WelchTest(diff, diff, diff, null, null, null);
    }
    double df = (a + b) * (a + b) / (a * a / (treatedN - 1) + b * b / (controlN - 1));
    TDistribution t = new TDistribution(null, df);
    double stat = diff / se;
    double half = t.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2) * se;
    double p = 2 * t.cumulativeProbability(-Math.abs(stat));
    return new WelchTest(diff, diff - half, diff + half, stat, df, p);
  }
}
