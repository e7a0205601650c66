package io.omnitouch.marts.attribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rule-based models of marts.md (Attribution) as pure functions. {@link #touchWeights} gives
 * the credit of each touch of one path (they sum to 1); {@link #attribute} applies a model to
 * aggregated distinct paths and returns each channel's attributed conversions and value, the way
 * ChannelAttribution's {@code heuristic_models} does: per touch, repeats not collapsed,
 * non-converting paths ignored.
 *
 * <p>{@link AttributionOrders} computes the same weights per order inside Spark (higher-order
 * functions over the path array, no UDF); the tests hold the two to the same numbers.
 */
public final class HeuristicModels {
  /** Half-life of the time-decay model: 7 days, in seconds. */
  public static final double TIME_DECAY_HALF_LIFE_SECONDS = 7 * 24 * 3600.0;

  /** Position-based: share of the first and of the last touch when a path has 3 touches or more. */
  public static final double POSITION_ENDS_SHARE = 0.4;

  /** Position-based: share split equally over the touches between the first and the last. */
  public static final double POSITION_MIDDLE_SHARE = 0.2;

  /** Position-based: share of each touch of a 2-touch path. */
  public static final double POSITION_TWO_TOUCH_SHARE = 0.5;

  private HeuristicModels() {}

  /** The heuristic models, named as in {@code attribution_orders.model}. */
  public enum Heuristic {
    FIRST_TOUCH,
    LAST_TOUCH,
    LINEAR,
    TIME_DECAY,
    POSITION_BASED;

    public String modelName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Attributed conversions and value of one channel. */
  public record Credit(double conversions, double value) {
    Credit plus(double c, double v) {
      return new Credit(conversions + c, value + v);
    }
  }

  /**
   * Credit of each touch of a path of {@code n} touches in time order; {@code ageSeconds[i]} is
   * {@code order_time - touch_time} of touch i (used by time decay only, may be null otherwise).
   */
  public static double[] touchWeights(Heuristic model, int n, double[] ageSeconds) {
    if (n < 1) {
      throw new IllegalArgumentException("A path has at least one touch");
    }
    double[] w = new double[n];
    switch (model) {
      case FIRST_TOUCH -> w[0] = 1.0;
      case LAST_TOUCH -> w[n - 1] = 1.0;
      case LINEAR -> java.util.Arrays.fill(w, 1.0 / n);
      case POSITION_BASED -> {
        if (n == 1) {
          w[0] = 1.0;
        } else if (n == 2) {
          w[0] = POSITION_TWO_TOUCH_SHARE;
          w[1] = POSITION_TWO_TOUCH_SHARE;
        } else {
          java.util.Arrays.fill(w, POSITION_MIDDLE_SHARE / (n - 2));
          w[0] = POSITION_ENDS_SHARE;
          w[n - 1] = POSITION_ENDS_SHARE;
        }
      }
      case TIME_DECAY -> {
        if (ageSeconds == null || ageSeconds.length != n) {
          throw new IllegalArgumentException("time_decay needs the age of every touch");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
          w[i] = Math.pow(2.0, -ageSeconds[i] / TIME_DECAY_HALF_LIFE_SECONDS);
          sum += w[i];
        }
        for (int i = 0; i < n; i++) {
          w[i] /= sum;
        }
      }
    }
    return w;
  }

  /**
   * Attributes the conversions and value of aggregated paths with a position-only model (every
   * model but time decay, which needs touch times that aggregated paths do not carry). Channels
   * come out in order of first appearance.
   */
  public static Map<String, Credit> attribute(Heuristic model, List<PathStat> paths) {
    if (model == Heuristic.TIME_DECAY) {
      throw new IllegalArgumentException("time_decay needs touch times, not aggregated paths");
    }
    Map<String, Credit> out = new LinkedHashMap<>();
    for (PathStat p : paths) {
      List<String> ch = p.channels();
      double[] w = touchWeights(model, ch.size(), null);
      for (int i = 0; i < ch.size(); i++) {
        Credit c = out.getOrDefault(ch.get(i), new Credit(0, 0));
        out.put(ch.get(i), c.plus(w[i] * p.conversions(), w[i] * p.value()));
      }
    }
    return out;
  }
}
