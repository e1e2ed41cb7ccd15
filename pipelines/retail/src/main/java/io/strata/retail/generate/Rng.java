package io.strata.retail.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's only source of randomness. Gaussians and Poissons use StrictMath so every JVM
 * draws exactly the same numbers from the same seed.
 */
final class Rng {
  private final SplittableRandom random;

  Rng(long seed) {
    this(new SplittableRandom(seed));
  }

  private Rng(SplittableRandom random) {
    this.random = random;
  }

  /** An independent stream, so one concern drawing more numbers does not shift the others. */
  Rng split() {
    return new Rng(random.split());
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform in [min, max], both inclusive. */
  int between(int min, int max) {
    return random.nextInt(min, max + 1);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** Standard normal by Box-Muller. */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Poisson by Knuth's product of uniforms; fine for the small means used here. */
  int poisson(double mean) {
    double limit = StrictMath.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      count++;
      product *= random.nextDouble();
    }
    return count;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  @SafeVarargs
  final <T> T pickOf(T... items) {
    return items[random.nextInt(items.length)];
  }

  /** Index of an item drawn with probability proportional to its weight. */
  int pickWeighted(double[] cumulativeWeights) {
    double target = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    int low = 0;
    int high = cumulativeWeights.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulativeWeights[middle] > target) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** Fisher-Yates. */
  <T> void shuffle(List<T> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = items.get(i);
      items.set(i, items.get(j));
      items.set(j, swap);
    }
  }
}
