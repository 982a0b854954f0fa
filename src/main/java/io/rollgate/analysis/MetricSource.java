package io.rollgate.analysis;

import java.time.Duration;
import java.time.Instant;

/**
 * Where measurements come from: a live Prometheus (adapter in {@code metrics}) or a recording
 * replayed offline. Queries arrive fully rendered.
 */
public interface MetricSource {
  /** An instant query evaluated at {@code time}. */
  QueryResult query(String promql, Instant time) throws MetricQueryException;

  /** A range query over [from, to] at {@code step}; the result is a matrix. */
  QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException;
}
