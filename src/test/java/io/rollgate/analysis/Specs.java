package io.rollgate.analysis;

import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.MetricSpec.Compare;
import io.rollgate.pipeline.MetricSpec.MinSamples;
import io.rollgate.pipeline.MetricSpec.NoDataPolicy;
import java.util.Optional;
import java.util.OptionalDouble;

/** Metric specs for tests, built the way a pipeline file would give them. */
final class Specs {
  private Specs() {}

  static MetricSpec max(String name, String query, double max) {
    return new MetricSpec(
        name,
        query,
        OptionalDouble.empty(),
        OptionalDouble.of(max),
        NoDataPolicy.INCONCLUSIVE,
        Optional.empty(),
        Optional.empty());
  }

  static MetricSpec min(String name, String query, double min) {
    return new MetricSpec(
        name,
        query,
        OptionalDouble.of(min),
        OptionalDouble.empty(),
        NoDataPolicy.INCONCLUSIVE,
        Optional.empty(),
        Optional.empty());
  }

  static MetricSpec withNoData(MetricSpec m, NoDataPolicy policy) {
    return new MetricSpec(
        m.name(), m.query(), m.min(), m.max(), policy, m.minSamples(), m.compare());
  }

  static MetricSpec withMinSamples(MetricSpec m, String query, double min) {
    return new MetricSpec(
        m.name(),
        m.query(),
        m.min(),
        m.max(),
        m.noData(),
        Optional.of(new MinSamples(query, min)),
        m.compare());
  }

  static MetricSpec compare(
      String name, String query, OptionalDouble maxRatio, OptionalDouble maxIncrease) {
    return new MetricSpec(
        name,
        query,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        NoDataPolicy.INCONCLUSIVE,
        Optional.empty(),
        Optional.of(new Compare("stable", maxRatio, maxIncrease)));
  }

  static MetricSpec withLimits(MetricSpec m, MetricSpec.Limits limits) {
    return new MetricSpec(
        m.name(), m.query(), m.min(), m.max(), m.noData(), m.minSamples(), m.compare(), limits);
  }
}
