package io.rollgate.analysis;

import java.util.List;

/**
 * Turns a query's answer into a {@link Reading}. A scalar or a single series is fine; more than one
 * series is an error (the query must aggregate); an empty vector and NaN (0/0) are no data; a
 * matrix or string answer is an error.
 *
 * <p>Staleness is Prometheus' business, not ours: an instant query answers with the evaluation time
 * as every sample's timestamp, and leaves out a series whose last sample is older than its 5-minute
 * lookback (or marked stale), so a series that stopped reporting arrives here as an empty result.
 */
public final class Readings {
  private Readings() {}

  public static Reading of(QueryResult result) {
    switch (result.type()) {
      case STRING:
        return new Reading.Failed(
            MetricQueryException.Kind.QUERY_FAILED, "unsupported result type string");
      case MATRIX:
        return new Reading.Failed(
            MetricQueryException.Kind.QUERY_FAILED,
            "unsupported result type matrix (a range vector); the query must return one instant"
                + " value");
      default:
        break;
    }
    List<Series> series = result.series();
    if (series.size() > 1) {
      return new Reading.Failed(
          MetricQueryException.Kind.QUERY_FAILED,
          "query returned " + series.size() + " series; aggregate with sum() or by()");
    }
    if (series.isEmpty() || series.get(0).samples().isEmpty()) {
      return new Reading.NoData("empty result");
    }
    List<Sample> samples = series.get(0).samples();
    Sample latest = samples.get(samples.size() - 1);
    if (Double.isNaN(latest.value())) {
      return new Reading.NoData("NaN (0/0: no requests)");
    }
    return new Reading.Value(latest.value(), latest.time());
  }

  public static Reading of(MetricQueryException failure) {
    return new Reading.Failed(failure.kind(), failure.getMessage());
  }
}
