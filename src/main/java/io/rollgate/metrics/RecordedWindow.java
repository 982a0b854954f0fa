package io.rollgate.metrics;

import io.rollgate.analysis.RangeFetch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code rollgate analyze --record} saves: the window, and every range query with its answer.
 */
public record RecordedWindow(
    String pipeline, Instant from, Instant to, Duration step, List<RangeFetch> queries) {
  public RecordedWindow {
    queries = List.copyOf(queries);
  }
}
