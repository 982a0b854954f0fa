package io.rollgate.pipeline;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One metric of the analysis: a PromQL template, thresholds, what no data means, a minimum sample,
 * and an optional comparison with the stable track (the same query rendered for both).
 */
public record MetricSpec(
    String name,
    String query,
    OptionalDouble min,
    OptionalDouble max,
    NoDataPolicy noData,
    Optional<MinSamples> minSamples,
    Optional<Compare> compare,
    Limits limits) {

  /** A metric with the analysis' limits. */
  public MetricSpec(
      String name,
      String query,
      OptionalDouble min,
      OptionalDouble max,
      NoDataPolicy noData,
      Optional<MinSamples> minSamples,
      Optional<Compare> compare) {
    this(name, query, min, max, noData, minSamples, compare, Limits.none());
  }

  /**
   * Limits this metric sets for itself, each overriding the analysis' own ({@code failureLimit},
   * {@code inconclusiveLimit}, {@code consecutiveErrorLimit}).
   */
  public record Limits(
      OptionalInt failureLimit, OptionalInt inconclusiveLimit, OptionalInt consecutiveErrorLimit) {
    public static Limits none() {
      return new Limits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }
  }

  /** What a measurement with no data (empty result, NaN) counts as. */
  public enum NoDataPolicy {
    PASS,
    FAIL,
    INCONCLUSIVE
  }

  /** Below {@code min} samples (as counted by {@code query}) the measurement is inconclusive. */
  public record MinSamples(String query, double min) {}

  /**
   * Canary against stable: canary / stable at most maxRatio, canary - stable at most maxIncrease.
   */
  public record Compare(String against, OptionalDouble maxRatio, OptionalDouble maxIncrease) {}
}
