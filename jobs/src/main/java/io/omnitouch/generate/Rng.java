package io.omnitouch.generate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded randomness. Every part of the generator draws from its own named stream ({@link #stream}),
 * so a change in one part does not shift the numbers of another, and {@link #hash} gives stateless
 * per-entity attributes (a user's home point, device, friendship date) that need no table in memory
 * at any scale.
 */
final class Rng {
  private final SplittableRandom random;

  private Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  static Rng stream(long seed, String name) {
    return new Rng(hash(seed, name));
  }

  /** A well-mixed 64-bit value of the seed, a name and numbers: stateless randomness. */
  static long hash(long seed, String name, long... parts) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    for (long p : parts) {
      h = mix(h ^ p);
    }
    return h;
  }

  /** A uniform double in [0, 1) from {@link #hash}. */
  static double unit(long seed, String name, long... parts) {
    return (hash(seed, name, parts) >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  double uniform() {
    return random.nextDouble();
  }

  double uniform(double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** An int in [from, to] inclusive. */
  int between(int from, int to) {
    return from + random.nextInt(to - from + 1);
  }

  long between(long from, long to) {
    return from + random.nextLong(to - from + 1);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  double normal() {
    // Box-Muller; one value per call keeps the stream simple to reason about.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  int poisson(double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 40) {
      return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * normal()));
    }
    double limit = Math.exp(-lambda);
    double p = random.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Index drawn with the given (non-negative, not all zero) weights. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
