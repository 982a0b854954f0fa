package io.rollgate.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measurement of one metric at one evaluation time, with everything its verdict rested on: the
 * rendered queries, the values (canary, and stable when compared; NaN kept as sent), the threshold,
 * the outcome, Prometheus warnings, and one sentence with numbers that explains it.
 *
 * @param sampleCount the value of the {@code minSamples} query, when the metric has one
 * @param errorKind why the query failed, when {@code outcome} is {@link Outcome#ERROR}
 */
public record Measurement(
    String metric,
    Instant evaluatedAt,
    Outcome outcome,
    String canaryQuery,
    Optional<String> stableQuery,
    OptionalDouble canary,
    OptionalDouble stable,
    OptionalDouble sampleCount,
    String threshold,
    List<String> warnings,
    String sentence,
    Optional<MetricQueryException.Kind> errorKind) {
  public Measurement {
    warnings = List.copyOf(warnings);
    if ((outcome == Outcome.ERROR) != errorKind.isPresent()) {
      throw new IllegalArgumentException(
          "an error measurement, and only one, carries an error kind");
    }
  }

  /** A query Prometheus rejected (400/422): a configuration error, not a transient one. */
  public boolean isBadQuery() {
    return errorKind.filter(k -> k == MetricQueryException.Kind.BAD_QUERY).isPresent();
  }
}
