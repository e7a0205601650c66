package io.omnitouch.marts.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shapley attribution over observed coalition conversion rates (marts.md, Attribution, {@code
 * shapley}).
 *
 * <p>Coalition value (the Dalessandro et al. / Shao and Li choice): for a non-empty channel set S,
 * {@code v(S)} is the conversion rate of the paths whose set of distinct channels is exactly S,
 * {@code conversions(S) / (conversions(S) + nulls(S))}; a set no path has exactly, and the empty
 * set, is worth 0. A channel's value is the classic Shapley sum {@code phi_c = sum over S not
 * holding c of |S|! (n-|S|-1)! / n! * (v(S + c) - v(S))}. Exact-set rates are not monotone, so a
 * channel can come out negative (its presence lowers the rate of the sets it joins); consumers
 * floor such values at 0 before normalising (see {@link #normalisedWeights}).
 *
 * <p>Cost: reducing the distinct paths to channel sets is linear in their total length; the game
 * then has 2^n coalitions for n channels and every channel visits each, O(n * 2^n), independent of
 * the number of paths, orders or users. It is meant for a handful of channels (3 here, 12 in the
 * reference data); above {@link #MAX_CHANNELS} it refuses rather than run for ever.
 */
public final class ShapleyModel {
  /** 2^20 coalitions: beyond this the exact game is not worth computing nightly. */
  public static final int MAX_CHANNELS = 20;

  private ShapleyModel() {}

  /** Shapley value of every channel, in order of first appearance. */
  public static Map<String, Double> values(List<PathStat> paths) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (PathStat p : paths) {
      for (String c : p.channels()) {
        index.computeIfAbsent(c, k -> index.size());
      }
    }
    int n = index.size();
    if (n > MAX_CHANNELS) {
      throw new IllegalArgumentException(
          "Shapley over " + n + " channels needs 2^" + n + " coalitions; at most " + MAX_CHANNELS);
    }
    int sets = 1 << n;
    double[] conversions = new double[sets];
    double[] attempts = new double[sets];
    for (PathStat p : paths) {
      int mask = 0;
      for (String c : p.channels()) {
        mask |= 1 << index.get(c);
      }
      conversions[mask] += p.conversions();
      attempts[mask] += p.conversions() + p.nulls();
    }
    double[] v = new double[sets];
    for (int s = 1; s < sets; s++) {
      v[s] = attempts[s] == 0 ? 0 : conversions[s] / attempts[s];
    }
    double[] factorial = new double[n + 1];
    factorial[0] = 1;
    for (int i = 1; i <= n; i++) {
      factorial[i] = factorial[i - 1] * i;
    }
    List<String> channels = new ArrayList<>(index.keySet());
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < n; c++) {
      int bit = 1 << c;
      double phi = 0;
      for (int s = 0; s < sets; s++) {
        if ((s & bit) != 0) {
          continue;
        }
        int size = Integer.bitCount(s);
        double w = factorial[size] * factorial[n - size - 1] / factorial[n];
        phi += w * (v[s | bit] - v[s]);
      }
      out.put(channels.get(c), phi);
    }
    return out;
  }

  /** Values floored at 0 and normalised to sum to 1 (all 0 when no channel is positive). */
  public static Map<String, Double> normalisedWeights(Map<String, Double> values) {
    double sum = 0;
    for (double v : values.values()) {
      sum += Math.max(v, 0);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      out.put(e.getKey(), sum == 0 ? 0 : Math.max(e.getValue(), 0) / sum);
    }
    return out;
  }
}
