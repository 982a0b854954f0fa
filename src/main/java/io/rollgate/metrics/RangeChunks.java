package io.rollgate.metrics;

import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prometheus refuses a range query of more than 11,000 points per series. A longer range is split
 * into pieces on the same grid (from + k × step), asked one after another, and the series joined.
 */
final class RangeChunks {
  /** Below Prometheus' 11,000 limit, with room to spare. */
  static final int MAX_POINTS = 10_000;

  private RangeChunks() {}

  /** A piece of the range: both ends are evaluation points of the whole range's grid. */
  record Chunk(Instant from, Instant to) {}

  static List<Chunk> split(Instant from, Instant to, Duration step, int maxPoints) {
    List<Chunk> chunks = new ArrayList<>();
    Duration span = step.multipliedBy(maxPoints - 1L);
    Instant start = from;
    while (!start.isAfter(to)) {
      Instant end = start.plus(span);
      if (end.isAfter(to)) {
        end = to;
      }
      chunks.add(new Chunk(start, end));
      start = start.plus(span).plus(step);
    }
    return chunks;
  }

  /** One matrix: each series' samples from every part, in order; warnings once each. */
  static QueryResult merge(List<QueryResult> parts) {
    Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
    Set<String> warnings = new LinkedHashSet<>();
    for (QueryResult part : parts) {
      for (Series s : part.series()) {
        series.computeIfAbsent(s.labels(), k -> new ArrayList<>()).addAll(s.samples());
      }
      warnings.addAll(part.warnings());
    }
    List<Series> merged = new ArrayList<>();
    series.forEach((labels, samples) -> merged.add(new Series(labels, samples)));
    return new QueryResult(
        QueryResult.Type.MATRIX, merged, Optional.empty(), List.copyOf(warnings));
  }
}
