package io.omnitouch.marts.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-order Markov attribution solved exactly (marts.md, Attribution, {@code markov}).
 *
 * <p>States: start, one per channel, and the absorbing conversion and null states. Every aggregated
 * path, its consecutive repeats collapsed (self-loops change no removal effect in a first-order
 * chain), adds weight {@code conversions + nulls} to each transition {@code start -> c1 -> ... ->
 * ck}, then {@code conversions} to {@code ck -> conversion} and {@code nulls} to {@code ck ->
 * null}; rows are normalised into probabilities. P(conversion) from start solves the absorbing
 * chain {@code (I - Q) x = r} (Q: transient-to-transient probabilities, r: probability of stepping
 * into conversion). The removal effect of channel k is {@code 1 - P_k(conversion) / P(conversion)},
 * where P_k redirects every transition into k to null: k's unknown is pinned to 0. The value
 * version weighs each conversion by the mean value per conversion of paths ending in the channel it
 * converts from (the expectation of ChannelAttribution's value draw).
 *
 * <p>Cost: building the chain is linear in the total length of the distinct paths; each solve is a
 * dense Gaussian elimination over the n channels plus start, O(n^3), done n + 1 times: O(n^4) in
 * channels, independent of how many orders or users made the paths. Nothing is simulated.
 */
public final class MarkovModel {
  private MarkovModel() {}

  /** Removal effects of every channel, in order of first appearance in the paths. */
  public record Result(
      List<String> channels,
      double conversionProbability,
      double expectedValue,
      double[] removalEffect,
      double[] removalEffectValue,
      double totalConversions,
      double totalValue) {

    /** {@code RE_k / sum(RE) * total conversions}: ChannelAttribution's attributed conversions. */
    public Map<String, Double> attributedConversions() {
      return normalised(removalEffect, totalConversions);
    }

    /** {@code REvalue_k / sum(REvalue) * total value}. */
    public Map<String, Double> attributedValue() {
      return normalised(removalEffectValue, totalValue);
    }

    /** Removal effect by channel. */
    public Map<String, Double> effects() {
      return normalised(removalEffect, Double.NaN);
    }

    private Map<String, Double> normalised(double[] effect, double total) {
      double sum = 0;
      for (double e : effect) {
        sum += e;
      }
      Map<String, Double> out = new LinkedHashMap<>();
      for (int i = 0; i < channels.size(); i++) {
        out.put(
            channels.get(i),
            Double.isNaN(total) ? effect[i] : (sum == 0 ? 0 : effect[i] / sum * total));
      }
      return out;
    }
  }

  public static Result fit(List<PathStat> paths) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (PathStat p : paths) {
      for (String c : p.channels()) {
        index.computeIfAbsent(c, k -> index.size() + 1); // 0 is start
      }
    }
    int n = index.size() + 1; // transient states: start + channels
    double[][] counts = new double[n][n];
    double[] toConversion = new double[n];
    double[] toNull = new double[n];
    double[] valueEndingAt = new double[n];
    double[] conversionsEndingAt = new double[n];
    double totalConversions = 0;
    double totalValue = 0;
    for (PathStat p : paths) {
      double weight = p.conversions() + p.nulls();
      if (weight == 0) {
        continue;
      }
      int from = 0;
      for (String c : p.collapsed()) {
        int to = index.get(c);
        counts[from][to] += weight;
        from = to;
      }
      toConversion[from] += p.conversions();
      toNull[from] += p.nulls();
      valueEndingAt[from] += p.value();
      conversionsEndingAt[from] += p.conversions();
      totalConversions += p.conversions();
      totalValue += p.value();
    }
    double[][] q = new double[n][n];
    double[] r = new double[n];
    double[] rValue = new double[n];
    for (int i = 0; i < n; i++) {
      double out = toConversion[i] + toNull[i];
      for (int j = 0; j < n; j++) {
        out += counts[i][j];
      }
      if (out == 0) {
        continue; // a state never left: absorbs nothing, converts nothing
      }
      for (int j = 0; j < n; j++) {
        q[i][j] = counts[i][j] / out;
      }
      r[i] = toConversion[i] / out;
      double meanValue =
          conversionsEndingAt[i] == 0 ? 0 : valueEndingAt[i] / conversionsEndingAt[i];
      rValue[i] = r[i] * meanValue;
    }
    double pConv = absorption(q, r, -1);
    double eValue = absorption(q, rValue, -1);
    List<String> channels = new ArrayList<>(index.keySet());
    double[] re = new double[channels.size()];
    double[] reValue = new double[channels.size()];
    for (int k = 0; k < channels.size(); k++) {
      re[k] = pConv == 0 ? 0 : 1 - absorption(q, r, k + 1) / pConv;
      reValue[k] = eValue == 0 ? 0 : 1 - absorption(q, rValue, k + 1) / eValue;
    }
    return new Result(channels, pConv, eValue, re, reValue, totalConversions, totalValue);
  }

  /**
   * Expected reward from start, {@code x = Q x + r}, with state {@code removed} (if >= 0) turned
   * into the null state: its unknown is pinned to 0.
   */
  static double absorption(double[][] q, double[] r, int removed) {
    int n = r.length;
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      if (i == removed) {
        a[i][i] = 1;
        continue;
      }
      for (int j = 0; j < n; j++) {
        a[i][j] = (i == j ? 1 : 0) - q[i][j];
      }
      a[i][n] = r[i];
    }
    return solve(a)[0];
  }

  /** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
  static double[] solve(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      if (a[col][col] == 0) {
        // A state that can never be left nor absorbed has no defined value: it converts nothing.
        a[col][col] = 1;
        a[col][n] = 0;
      }
      for (int row = 0; row < n; row++) {
        if (row != col && a[row][col] != 0) {
          double f = a[row][col] / a[col][col];
          for (int k = col; k <= n; k++) {
            a[row][k] -= f * a[col][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i][n] / a[i][i];
    }
    return x;
  }
}
