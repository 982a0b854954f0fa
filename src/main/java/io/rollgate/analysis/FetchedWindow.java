package io.rollgate.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The range queries of a streamed window joined back into one per query, for a recording: each
 * query's series from every chunk, in order. A query that failed in any chunk keeps its first
 * failure; the point a chunk shares with the one before is kept once. Holds every point, so only
 * what is recorded is collected.
 */
public final class FetchedWindow implements WindowAnalysis.Listener {
  private final List<RangeFetch> first = new ArrayList<>();
  private final List<Map<Map<String, String>, List<Sample>>> series = new ArrayList<>();
  private final List<Set<String>> warnings = new ArrayList<>();
  private final List<Optional<Reading.Failed>> failures = new ArrayList<>();

  @Override
  public void fetched(List<RangeFetch> chunk) {
    if (first.isEmpty()) {
      first.addAll(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        series.add(new LinkedHashMap<>());
        warnings.add(new LinkedHashSet<>());
        failures.add(Optional.empty());
      }
    }
    for (int i = 0; i < chunk.size(); i++) {
      RangeFetch f = chunk.get(i);
      if (failures.get(i).isEmpty() && f.failure().isPresent()) {
        failures.set(i, f.failure());
      }
      int at = i;
      f.result()
          .ifPresent(
              r -> {
                for (Series s : r.series()) {
                  append(
                      series.get(at).computeIfAbsent(s.labels(), k -> new ArrayList<>()),
                      s.samples());
                }
                warnings.get(at).addAll(r.warnings());
              });
    }
  }

  @Override
  public void interval(WindowResult.Interval interval) {}

  /** A chunk's samples after those kept: chunks overlap by one step. */
  private static void append(List<Sample> kept, List<Sample> more) {
    Instant after = kept.isEmpty() ? Instant.MIN : kept.get(kept.size() - 1).time();
    for (Sample p : more) {
      if (p.time().isAfter(after)) {
        kept.add(p);
      }
    }
  }

  /** One fetch per query over the whole window, in the order of the first chunk. */
  public List<RangeFetch> fetched() {
    List<RangeFetch> out = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      RangeFetch f = first.get(i);
      if (failures.get(i).isPresent()) {
        out.add(
            new RangeFetch(
                f.metric(), f.role(), f.track(), f.query(), Optional.empty(), failures.get(i)));
        continue;
      }
      List<Series> joined = new ArrayList<>();
      series.get(i).forEach((labels, samples) -> joined.add(new Series(labels, samples)));
      QueryResult matrix =
          new QueryResult(
              QueryResult.Type.MATRIX, joined, Optional.empty(), List.copyOf(warnings.get(i)));
      out.add(
          new RangeFetch(
              f.metric(), f.role(), f.track(), f.query(), Optional.of(matrix), failures.get(i)));
    }
    return out;
  }
}
