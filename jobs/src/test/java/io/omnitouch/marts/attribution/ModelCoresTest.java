package io.omnitouch.marts.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omnitouch.marts.attribution.HeuristicModels.Heuristic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed examples of the pure model cores (no Spark). */
class ModelCoresTest {
  static final double EPS = 1e-12;

  /**
   * Three channels a, b, c. Coalition values (conversion rate of paths with exactly that set): v(a)
   * = 1/4, v(b) = 1/2, v(c) = 0/2, v(ab) = 3/4, v(ac) = v(bc) = 0 (never observed), v(abc) = 1/1.
   * Shapley weights for 3 players: 1/3 for the empty and the 2-sets, 1/6 for singletons.
   *
   * <pre>
   * phi(a) = 1/3 (1/4) + 1/6 (3/4 - 1/2) + 1/6 (0 - 0)   + 1/3 (1 - 0)   = 11/24
   * phi(b) = 1/3 (1/2) + 1/6 (3/4 - 1/4) + 1/6 (0 - 0)   + 1/3 (1 - 0)   = 14/24
   * phi(c) = 1/3 (0)   + 1/6 (0 - 1/4)   + 1/6 (0 - 1/2) + 1/3 (1 - 3/4) = -1/24
   * </pre>
   *
   * They sum to v(abc) = 1. c's presence lowers the rates of the sets it joins: negative, floored
   * to 0 in the weights (a 11/25, b 14/25).
   */
  @Test
  void shapleyThreeChannelHandExample() {
    List<PathStat> paths =
        List.of(
            PathStat.of("a", 1, 10, 3),
            PathStat.of("b", 1, 10, 1),
            PathStat.of("a > b", 2, 20, 1),
            PathStat.of("b > a", 1, 10, 0),
            PathStat.of("c", 0, 0, 2),
            PathStat.of("a > c > b", 1, 10, 0));
    Map<String, Double> phi = ShapleyModel.values(paths);
    assertEquals(11.0 / 24, phi.get("a"), EPS);
    assertEquals(14.0 / 24, phi.get("b"), EPS);
    assertEquals(-1.0 / 24, phi.get("c"), EPS);
    Map<String, Double> w = ShapleyModel.normalisedWeights(phi);
    assertEquals(11.0 / 25, w.get("a"), EPS);
    assertEquals(14.0 / 25, w.get("b"), EPS);
    assertEquals(0.0, w.get("c"), EPS);
  }

  @Test
  void shapleyRefusesAnExplodingGame() {
    List<PathStat> paths =
        java.util.stream.IntStream.range(0, ShapleyModel.MAX_CHANNELS + 1)
            .mapToObj(i -> PathStat.of("ch" + i, 1, 1, 1))
            .toList();
    assertThrows(IllegalArgumentException.class, () -> ShapleyModel.values(paths));
  }

  @Test
  void positionBasedShares() {
    assertArrayEquals(
        new double[] {1}, HeuristicModels.touchWeights(Heuristic.POSITION_BASED, 1, null), EPS);
    assertArrayEquals(
        new double[] {0.5, 0.5},
        HeuristicModels.touchWeights(Heuristic.POSITION_BASED, 2, null),
        EPS);
    assertArrayEquals(
        new double[] {0.4, 0.2, 0.4},
        HeuristicModels.touchWeights(Heuristic.POSITION_BASED, 3, null),
        EPS);
    assertArrayEquals(
        new double[] {0.4, 0.1, 0.1, 0.4},
        HeuristicModels.touchWeights(Heuristic.POSITION_BASED, 4, null),
        EPS);
  }

  @Test
  void timeDecayHalvesEverySevenDays() {
    double week = HeuristicModels.TIME_DECAY_HALF_LIFE_SECONDS;
    // Touches 14 days, 7 days and 0 days old weigh 1/4, 1/2, 1: normalised by 7/4.
    double[] w =
        HeuristicModels.touchWeights(Heuristic.TIME_DECAY, 3, new double[] {2 * week, week, 0});
    assertArrayEquals(new double[] {1.0 / 7, 2.0 / 7, 4.0 / 7}, w, EPS);
  }

  @Test
  void linearIsPerTouchNotPerChannel() {
    // a > b > a with 3 conversions worth 30: a gets 2/3, b 1/3.
    Map<String, HeuristicModels.Credit> r =
        HeuristicModels.attribute(Heuristic.LINEAR, List.of(PathStat.of("a > b > a", 3, 30, 5)));
    assertEquals(2.0, r.get("a").conversions(), EPS);
    assertEquals(20.0, r.get("a").value(), EPS);
    assertEquals(1.0, r.get("b").conversions(), EPS);
  }

  @Test
  void markovSelfLoopsDoNotMatter() {
    MarkovModel.Result plain =
        MarkovModel.fit(List.of(PathStat.of("a > b", 2, 2, 1), PathStat.of("b", 0, 0, 2)));
    MarkovModel.Result loops =
        MarkovModel.fit(
            List.of(PathStat.of("a > a > b > b", 2, 2, 1), PathStat.of("b > b", 0, 0, 2)));
    assertArrayEquals(plain.removalEffect(), loops.removalEffect(), EPS);
    // start->a 3, start->b 2; a->b 3; b->conv 2, b->null 3. P = 2/5. Without a: 2/5 * 2/5...
    // start->b 2/5 then b converts 2/5: P_a = 4/25, RE(a) = 1 - (4/25)/(2/5) = 3/5; RE(b) = 1.
    assertEquals(0.6, plain.effects().get("a"), EPS);
    assertEquals(1.0, plain.effects().get("b"), EPS);
  }
}
