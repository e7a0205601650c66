package io.omnitouch.marts.fraud;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The scan-fraud (羊毛党) rules of marts.md and their risk-score weights.
 *
 * <p>risk_score of a flagged scan = sum of the weights of the rules it hits, capped at {@link
 * #MAX_RISK_SCORE}. The weights rank how much each rule alone says about fraud: a code with no
 * factory_out cannot be a genuine unit (counterfeit or leaked print run); a code scanned by a
 * second user or a physically impossible journey is hard evidence of a copied code or a script; a
 * device shared by many accounts points to a device farm; many codes in a day can be a genuine
 * buyer of a case; a province mismatch of IP and GPS is often a mobile or VPN exit (weak, and never
 * flags alone).
 */
public enum FraudRule {
  CODE_REUSE(30),
  GEO_MISMATCH(10),
  HIGH_VOLUME(20),
  IMPOSSIBLE_TRAVEL(30),
  SHARED_DEVICE(25),
  UNKNOWN_CODE(40);

  public static final int MAX_RISK_SCORE = 100;

  public final int weight;

  FraudRule(int weight) {
    this.weight = weight;
  }

  /** The rules in alphabetical order of their names (the order of the {@code rules} column). */
  public static List<FraudRule> alphabetical() {
    return Arrays.stream(values()).sorted(Comparator.comparing(Enum::name)).toList();
  }

  /** A rule that flags a scan only together with another rule. */
  public boolean weak() {
    return this == GEO_MISMATCH;
  }
}
