package io.rollgate.canary;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Prometheus as a test wants it: the canary's value as a function of time; every query (instant or
 * range) recorded; can be told to be out of reach.
 */
final class ScriptedMetrics implements MetricSource {
  volatile Function<Instant, Double> canary = t -> 0.001;
  volatile boolean down;
  final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public QueryResult query(String promql, Instant time) throws MetricQueryException {
    calls.add("query " + time);
    check();
    return new QueryResult(
        QueryResult.Type.VECTOR,
        List.of(new Series(Map.of(), List.of(new Sample(time, canary.apply(time))))),
        Optional.empty(),
        List.of());
  }

  @Override
  public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException {
    calls.add("query_range " + from + " " + to);
    check();
    List<Sample> samples = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      samples.add(new Sample(t, canary.apply(t)));
    }
    return new QueryResult(
        QueryResult.Type.MATRIX,
        List.of(new Series(Map.of(), samples)),
        Optional.empty(),
        List.of());
  }

  long rangeQueries() {
    return calls.stream().filter(c -> c.startsWith("query_range")).count();
  }

  private void check() throws MetricQueryException {
    if (down) {
      throw new MetricQueryException(
          MetricQueryException.Kind.UNAVAILABLE, "prometheus: connection refused (4 attempts)");
    }
  }
}
