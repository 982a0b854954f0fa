package io.rollgate.sandbox;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import io.rollgate.sandbox.PromQlSubset.Expr;
import io.rollgate.sandbox.PromQlSubset.UnsupportedQueryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the demo pipeline's queries without a Prometheus, from the sandbox's pod history: what
 * Prometheus, scraping the exporter every second, would answer for the same series at any time up
 * to now, for instant and range queries. It evaluates {@link PromQlSubset} ({@link
 * PromQlEvaluation} says how close to Prometheus); any other query is a {@link
 * MetricQueryException.Kind#QUERY_FAILED} saying so. Thread-safe.
 */
final class InProcessMetricSource implements MetricSource {
  private final PodHistory history;
  private final Clock clock;

  InProcessMetricSource(PodHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @Override
  public QueryResult query(String promql, Instant time) throws MetricQueryException {
    Expr expr = parse(promql);
    PromQlEvaluation.Value value = evaluate(snapshot(), expr, promql, time);
    if (value instanceof PromQlEvaluation.Scalar s) {
      return result(
          QueryResult.Type.SCALAR,
          List.of(new Series(Map.of(), List.of(new Sample(time, s.value())))));
    }
    List<Series> series = new ArrayList<>();
    for (PromQlEvaluation.Element e : ((PromQlEvaluation.Vector) value).elements()) {
      series.add(new Series(e.labels(), List.of(new Sample(time, e.value()))));
    }
    return result(QueryResult.Type.VECTOR, series);
  }

  @Override
  public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException {
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive, was " + step);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range end " + to + " is before its start " + from);
    }
    Expr expr = parse(promql);
    PromQlEvaluation evaluation = snapshot();
    Map<Map<String, String>, List<Sample>> matrix = new LinkedHashMap<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      PromQlEvaluation.Value value = evaluate(evaluation, expr, promql, t);
      List<PromQlEvaluation.Element> elements =
          value instanceof PromQlEvaluation.Scalar s
              ? List.of(new PromQlEvaluation.Element(Map.of(), s.value()))
              : ((PromQlEvaluation.Vector) value).elements();
      for (PromQlEvaluation.Element e : elements) {
        matrix.computeIfAbsent(e.labels(), k -> new ArrayList<>()).add(new Sample(t, e.value()));
      }
    }
    List<Series> series = new ArrayList<>();
    matrix.forEach((labels, samples) -> series.add(new Series(labels, samples)));
    return result(QueryResult.Type.MATRIX, series);
  }

  /** The pods as they are now; an evaluation sees nothing past this moment. */
  private PromQlEvaluation snapshot() {
    return new PromQlEvaluation(history.lives(), clock.instant());
  }

  private static PromQlEvaluation.Value evaluate(
      PromQlEvaluation evaluation, Expr expr, String promql, Instant time)
      throws MetricQueryException {
    try {
      return evaluation.evaluate(expr, time);
    } catch (UnsupportedQueryException e) {
      throw cannotEvaluate(promql, e);
    }
  }

  private static Expr parse(String promql) throws MetricQueryException {
    try {
      return PromQlSubset.parse(promql);
    } catch (UnsupportedQueryException e) {
      throw cannotEvaluate(promql, e);
    }
  }

  private static MetricQueryException cannotEvaluate(String promql, UnsupportedQueryException e) {
    return new MetricQueryException(
        MetricQueryException.Kind.QUERY_FAILED,
        "the sandbox's in-process metric source cannot evaluate "
            + promql.strip()
            + ": "
            + e.getMessage()
            + " (it understands sum/min/max/avg/count [by|without], rate/increase of "
            + String.join(", ", PodSeries.NAMES)
            + ", histogram_quantile and + - * /; start the demo with a prometheus binary on PATH"
            + " for anything else)",
        e);
  }

  private static QueryResult result(QueryResult.Type type, List<Series> series) {
    return new QueryResult(type, series, Optional.empty(), List.of());
  }
}
