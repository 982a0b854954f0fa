package io.rollgate.metrics;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.RangeFetch;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import io.rollgate.failure.Failures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a recording (see {@link RecordedJson} for the format) with no Prometheus: range queries
 * get the recorded matrix cut to [from, to], plus the last point within one recorded step before
 * {@code from} so a coarser {@code --step} still finds its first value (the points are the
 * recording's; the step asked for is not resampled). Instant queries are not served. Queries are
 * matched by their exact rendered text; one the recording lacks is a BAD_QUERY (record again). A
 * recorded failure is thrown again, with its kind.
 */
public final class RecordedMetricSource implements MetricSource {
  private final RecordedWindow window;
  private final Map<String, RangeFetch> byQuery = new LinkedHashMap<>();

  public RecordedMetricSource(RecordedWindow window) {
    this.window = window;
    window.queries().forEach(f -> byQuery.putIfAbsent(f.query(), f));
  }

  public static RecordedMetricSource load(Path file) throws RecordedFileException {
    if (Files.isDirectory(file)) {
      throw new RecordedFileException(
          file, "is a folder; give a recording made with --record (a .json file)", null);
    }
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RecordedFileException(file, "cannot read the recording: " + Failures.reason(e), e);
    }
    try {
      return new RecordedMetricSource(RecordedJson.read(json));
    } catch (RecordedJson.MalformedRecordingException e) {
      throw new RecordedFileException(file, "not a recording: " + e.getMessage(), e);
    }
  }

  public static void save(Path file, RecordedWindow window) throws RecordedFileException {
    try {
      Files.writeString(file, RecordedJson.write(window), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RecordedFileException(file, "cannot write the recording: " + Failures.reason(e), e);
    }
  }

  public RecordedWindow window() {
    return window;
  }

  /**
   * Not served: a replay asks range queries only, and {@code WindowAnalysis} slices them per tick
   * (its {@code RangeSlices}); a second slicing here would be a second rule to keep in step.
   */
  @Override
  public QueryResult query(String promql, Instant time) throws MetricQueryException {
    throw new MetricQueryException(
        MetricQueryException.Kind.QUERY_FAILED, "a recording answers range queries only");
  }

  @Override
  public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException {
    QueryResult matrix = recorded(promql);
    List<Series> cut = new ArrayList<>();
    for (Series s : matrix.series()) {
      Instant start = from.minus(window.step());
      List<Sample> inside =
          s.samples().stream()
              .filter(p -> p.time().isAfter(start) && !p.time().isAfter(to))
              .toList();
      if (!inside.isEmpty()) {
        cut.add(new Series(s.labels(), inside));
      }
    }
    return new QueryResult(QueryResult.Type.MATRIX, cut, Optional.empty(), matrix.warnings());
  }

  private QueryResult recorded(String promql) throws MetricQueryException {
    RangeFetch f = byQuery.get(promql);
    if (f == null) {
      throw new MetricQueryException(
          MetricQueryException.Kind.BAD_QUERY,
          "the recording has no answer for this query (changed since it was recorded?): " + promql);
    }
    if (f.failure().isPresent()) {
      throw new MetricQueryException(f.failure().get().kind(), f.failure().get().message());
    }
    return f.result().orElseThrow();
  }
}
