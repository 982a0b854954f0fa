package io.rollgate.testing;

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
import java.util.function.BiFunction;

/**
 * Prometheus for canary tests: answers any query with a value chosen by its track ({@code
 * rollgate_track="canary"} or {@code "stable"} in the rendered query) and by whether it asks for a
 * latency ({@code histogram_quantile}) or an error ratio; records every call; can be down.
 */
public final class TrackMetrics implements MetricSource {
  /** Error ratio per track and time; latency is 0.1 s unless set. */
  public volatile BiFunction<String, Instant, Double> errors = (track, t) -> 0.001;

  public volatile BiFunction<String, Instant, Double> latency = (track, t) -> 0.1;
  public volatile boolean down;
  public volatile boolean rejectQueries;
  public final List<String> calls = new CopyOnWriteArrayList<>();

  private double value(String promql, Instant t) {
    String track = promql.contains("rollgate_track=\"stable\"") ? "stable" : "canary";
    return promql.contains("histogram_quantile") ? latency.apply(track, t) : errors.apply(track, t);
  }

  @Override
  public QueryResult query(String promql, Instant time) throws MetricQueryException {
    calls.add("query");
    check();
    return new QueryResult(
        QueryResult.Type.VECTOR,
        List.of(new Series(Map.of(), List.of(new Sample(time, value(promql, time))))),
        Optional.empty(),
        List.of());
  }

  @Override
  public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException {
    calls.add("query_range " + from + " .. " + to);
    check();
    List<Sample> samples = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      samples.add(new Sample(t, value(promql, t)));
    }
    return new QueryResult(
        QueryResult.Type.MATRIX,
        List.of(new Series(Map.of(), samples)),
        Optional.empty(),
        List.of());
  }

  public long rangeCalls() {
    return calls.stream().filter(c -> c.startsWith("query_range")).count();
  }

  private void check() throws MetricQueryException {
    if (rejectQueries) {
      throw new MetricQueryException(
          MetricQueryException.Kind.BAD_QUERY, "HTTP 400: parse error: unexpected identifier");
    }
    if (down) {
      throw new MetricQueryException(
          MetricQueryException.Kind.UNAVAILABLE, "Prometheus unreachable (connection refused)");
    }
  }
}
