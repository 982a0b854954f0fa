package io.rollgate.report;

import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import io.rollgate.pipeline.MetricSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Small analysis windows built by hand for the Markdown tests. */
final class MarkdownFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration STEP = Duration.ofSeconds(30);

  private MarkdownFixtures() {}

  static MetricSpec maxMetric(String name, double max) {
    return new MetricSpec(
        name,
        "sum(rate(x[1m]))",
        OptionalDouble.empty(),
        OptionalDouble.of(max),
        MetricSpec.NoDataPolicy.INCONCLUSIVE,
        Optional.empty(),
        Optional.empty());
  }

  static MetricSpec compareMetric(String name, double maxRatio, double maxIncrease) {
    return new MetricSpec(
        name,
        "sum(rate(x[1m]))",
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        MetricSpec.NoDataPolicy.INCONCLUSIVE,
        Optional.empty(),
        Optional.of(
            new MetricSpec.Compare(
                "stable", OptionalDouble.of(maxRatio), OptionalDouble.of(maxIncrease))));
  }

  static Measurement measurement(
      String metric, int interval, Outcome outcome, OptionalDouble canary) {
    return measurement(metric, interval, outcome, canary, Optional.empty());
  }

  static Measurement measurement(
      String metric,
      int interval,
      Outcome outcome,
      OptionalDouble canary,
      Optional<Double> stable) {
    return new Measurement(
        metric,
        at(interval),
        outcome,
        "sum(rate(x{track=\"canary\"}[1m]))",
        stable.map(s -> "sum(rate(x{track=\"stable\"}[1m]))"),
        canary,
        stable.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
        OptionalDouble.empty(),
        "max 0.01",
        List.of(),
        metric + " at interval " + interval + " was " + outcome,
        outcome == Outcome.ERROR
            ? Optional.of(MetricQueryException.Kind.QUERY_FAILED)
            : Optional.empty());
  }

  static Instant at(int interval) {
    return T0.plus(STEP.multipliedBy(interval));
  }

  static WindowResult.Interval interval(int number, Verdict decision, Measurement... ms) {
    return new WindowResult.Interval(number, at(number), List.of(ms), Optional.of(decision));
  }

  static WindowResult.Interval after(int number, Measurement... ms) {
    return new WindowResult.Interval(number, at(number), List.of(ms), Optional.empty());
  }

  static WindowResult window(Verdict verdict, WindowResult.Interval... intervals) {
    return new WindowResult(T0, at(intervals.length), STEP, List.of(), List.of(intervals), verdict);
  }

  /**
   * {@code n} intervals of one metric with the canary value {@code number / 1000}, no decision
   * after the first.
   */
  static List<WindowResult.Interval> many(String metric, int n) {
    List<WindowResult.Interval> all = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Measurement m = measurement(metric, i, Outcome.SUCCESSFUL, OptionalDouble.of(i / 1000.0));
      all.add(interval(i, Verdict.proceed(), m));
    }
    return all;
  }
}
