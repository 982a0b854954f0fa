package io.rollgate.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers instant queries from matrices fetched once per query with query_range: at time t, every
 * series that has a point in (t - step, t] gives that point, the way Prometheus would answer an
 * instant query at t. A fetch that failed fails every time it is asked.
 */
final class RangeSlices implements MetricSource {
  private final Map<String, RangeFetch> fetched;
  private final Duration step;

  RangeSlices(Map<String, RangeFetch> fetched, Duration step) {
    this.fetched = Map.copyOf(fetched);
    this.step = step;
  }

  @Override
  public QueryResult query(String promql, Instant time) throws MetricQueryException {
    RangeFetch fetch = fetched.get(promql);
    if (fetch == null) {
      throw new MetricQueryException(
          MetricQueryException.Kind.QUERY_FAILED,
          "query was not fetched for this window: " + promql);
    }
    if (fetch.failure().isPresent()) {
      throw new MetricQueryException(fetch.failure().get().kind(), fetch.failure().get().message());
    }
    QueryResult matrix = fetch.result().orElseThrow();
    List<Series> slice = new ArrayList<>();
    for (Series s : matrix.series()) {
      pointAt(s.samples(), time).ifPresent(p -> slice.add(new Series(s.labels(), List.of(p))));
    }
    return new QueryResult(QueryResult.Type.VECTOR, slice, Optional.empty(), matrix.warnings());
  }

  @Override
  public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException {
    throw new MetricQueryException(
        MetricQueryException.Kind.QUERY_FAILED, "range slices answer instant queries only");
  }

  private Optional<Sample> pointAt(List<Sample> samples, Instant time) {
    int i =
        Collections.binarySearch(
            samples, new Sample(time, 0), (a, b) -> a.time().compareTo(b.time()));
    int at = i >= 0 ? i : -i - 2; // the last sample at or before time
    if (at < 0) {
      return Optional.empty();
    }
    Sample s = samples.get(at);
    return Duration.between(s.time(), time).compareTo(step) < 0 ? Optional.of(s) : Optional.empty();
  }
}
