package io.rollgate.analysis;

import io.rollgate.pipeline.MetricSpec;
import java.util.OptionalDouble;

/**
 * The compare-with-stable rule as a limit on the canary: the highest canary value that {@link
 * MetricEvaluator} lets pass for a given stable value. A positive stable bounds the canary at
 * {@code stable * maxRatio}; {@code maxIncrease} at {@code stable + maxIncrease}; a stable at 0
 * with only {@code maxRatio} lets nothing above 0 pass (any canary above 0 is an infinite ratio);
 * with both, a stable at or below 0 is judged by {@code maxIncrease} alone.
 */
public final class StableComparison {
  private StableComparison() {}

  /**
   * The highest passing canary value, +Inf when nothing bounds it; empty when there is no stable
   * value to compare with (absent or NaN).
   */
  public static OptionalDouble highestPassing(MetricSpec.Compare compare, OptionalDouble stable) {
    if (stable.isEmpty() || Double.isNaN(stable.getAsDouble())) {
      return OptionalDouble.empty();
    }
    double s = stable.getAsDouble();
    double limit = Double.POSITIVE_INFINITY;
    if (compare.maxRatio().isPresent() && s > 0) {
      limit = Math.min(limit, s * compare.maxRatio().getAsDouble());
    }
    if (compare.maxIncrease().isPresent()) {
      limit = Math.min(limit, s + compare.maxIncrease().getAsDouble());
    } else if (compare.maxRatio().isPresent() && s == 0) {
      limit = 0;
    }
    return Double.isNaN(limit) ? OptionalDouble.empty() : OptionalDouble.of(limit);
  }
}
