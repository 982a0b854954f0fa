package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class WindowAnalysisTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final AnalysisContext CONTEXT =
      AnalysisContext.of("checkout", "shop", "checkout", Map.of());
  private static final QueryRenderer PLAIN = (t, vars) -> t.replace("{{track}}", vars.get("track"));

  private final Map<String, DoubleUnaryOperator> curves = new HashMap<>();
  private final Map<String, MetricQueryException> failures = new HashMap<>();
  private final List<String> rangeCalls = Collections.synchronizedList(new ArrayList<>());

  /** A source whose matrices follow a curve of minutes since FROM, one point per step. */
  private final MetricSource curvesSource =
      new MetricSource() {
        @Override
        public QueryResult query(String promql, Instant time) {
          throw new AssertionError("a window analysis must not ask instant queries");
        }

        @Override
        public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
            throws MetricQueryException {
          rangeCalls.add(promql);
          if (failures.containsKey(promql)) {
            throw failures.get(promql);
          }
          List<Sample> samples = new ArrayList<>();
          for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
            double minutes = Duration.between(FROM, t).getSeconds() / 60.0;
            samples.add(new Sample(t, curves.get(promql).applyAsDouble(minutes)));
          }
          return new QueryResult(
              QueryResult.Type.MATRIX,
              List.of(new Series(Map.of(), samples)),
              Optional.empty(),
              List.of());
        }
      };

  private static AnalysisSpec analysis(int failureLimit, MetricSpec... metrics) {
    PrometheusSpec prom =
        new PrometheusSpec(
            "http://127.0.0.1:9090",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            PrometheusSpec.DEFAULT_TIMEOUT);
    return new AnalysisSpec(STEP, failureLimit, 2, 3, prom, List.of(metrics));
  }

  @Test
  void findsTheFirstIntervalWhereTheCanaryWouldHaveRolledBack() throws Exception {
    // Given an error rate that jumps from 0.001 to 0.08 at minute 7, and failureLimit 1
    curves.put("errors{track=\"canary\"}", m -> m < 7 ? 0.001 : 0.08);
    AnalysisSpec spec = analysis(1, Specs.max("error-rate", "errors{track=\"{{track}}\"}", 0.01));
    // When the window of 15 minutes is analysed at 30 s steps
    WindowResult result =
        new WindowAnalysis(spec, PLAIN, Runnable::run)
            .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(900), STEP);
    // Then one range query ran, 30 intervals were judged, and the rollback came on the second
    // failure (07:30)
    assertThat(rangeCalls).containsExactly("errors{track=\"canary\"}");
    assertThat(result.intervals()).hasSize(30);
    assertThat(result.intervals().get(12).measurements().get(0).outcome())
        .isEqualTo(Outcome.SUCCESSFUL);
    assertThat(result.intervals().get(13).measurements().get(0).outcome())
        .isEqualTo(Outcome.FAILED);
    assertThat(result.verdict().kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(result.decidedAt())
        .map(WindowResult.Interval::at)
        .contains(Instant.parse("2026-01-01T00:07:30Z"));
    assertThat(result.intervals().get(20).decision()).isEmpty();
  }

  @Test
  void passesAWindowWithNoBreach() throws Exception {
    curves.put("errors{track=\"canary\"}", m -> 0.001);
    AnalysisSpec spec = analysis(1, Specs.max("error-rate", "errors{track=\"{{track}}\"}", 0.01));

    WindowResult result =
        new WindowAnalysis(spec, PLAIN, Runnable::run)
            .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(300), STEP);

    assertThat(result.verdict().kind()).isEqualTo(Verdict.Kind.PASS);
    assertThat(result.decidedAt()).isEmpty();
  }

  @Test
  void comparesWithStableFromOneRangeQueryPerTrack() throws Exception {
    curves.put("errors{track=\"canary\"}", m -> 0.004);
    curves.put("errors{track=\"stable\"}", m -> 0.002);
    MetricSpec vs =
        Specs.compare(
            "errors-vs-stable",
            "errors{track=\"{{track}}\"}",
            java.util.OptionalDouble.of(1.5),
            java.util.OptionalDouble.empty());

    WindowResult result =
        new WindowAnalysis(analysis(0, vs), PLAIN, Runnable::run)
            .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(120), STEP);

    assertThat(rangeCalls)
        .containsExactlyInAnyOrder("errors{track=\"canary\"}", "errors{track=\"stable\"}");
    assertThat(result.fetched())
        .extracting(RangeFetch::track)
        .containsExactly(Track.CANARY, Track.STABLE);
    assertThat(result.verdict().kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(result.intervals().get(0).measurements().get(0).sentence())
        .isEqualTo("errors-vs-stable 0.004 (canary), stable 0.002; ratio 2 > maxRatio 1.5");
  }

  @Test
  void gapsInTheMatrixAreNoData() throws Exception {
    curves.put("errors{track=\"canary\"}", m -> m < 2 ? Double.NaN : 0.001);
    AnalysisSpec spec = analysis(1, Specs.max("error-rate", "errors{track=\"{{track}}\"}", 0.01));

    WindowResult result =
        new WindowAnalysis(spec, PLAIN, Runnable::run)
            .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(300), STEP);

    assertThat(result.intervals().get(0).measurements().get(0).outcome())
        .isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.intervals().get(3).measurements().get(0).outcome())
        .isEqualTo(Outcome.SUCCESSFUL);
  }

  @Test
  void aWindowShorterThanOneStepIsRejectedBeforeAnyQuery() {
    curves.put("rate{canary}", m -> 0.001);
    AnalysisSpec spec = analysis(1, Specs.max("error-rate", "rate{{{track}}}", 0.01));

    assertThatThrownBy(
            () ->
                new WindowAnalysis(spec, PLAIN, Runnable::run)
                    .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(20), STEP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from + step <= to");
    assertThat(rangeCalls).isEmpty();
  }

  @Test
  void aRejectedQueryStopsTheWholeWindow() {
    failures.put(
        "bad",
        new MetricQueryException(MetricQueryException.Kind.BAD_QUERY, "parse error at char 3"));
    AnalysisSpec spec = analysis(1, Specs.max("broken", "bad", 0.01));

    assertThatThrownBy(
            () ->
                new WindowAnalysis(spec, PLAIN, Runnable::run)
                    .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(300), STEP))
        .isInstanceOf(MetricQueryException.class)
        .hasMessage("broken (canary): parse error at char 3")
        .extracting(e -> ((MetricQueryException) e).kind())
        .isEqualTo(MetricQueryException.Kind.BAD_QUERY);
  }

  @Test
  void aFailedQueryIsAnErrorInEveryIntervalAndRollsBackPastTheLimit() throws Exception {
    failures.put(
        "flaky",
        new MetricQueryException(
            MetricQueryException.Kind.QUERY_FAILED, "status error: execution: timeout"));
    AnalysisSpec spec = analysis(1, Specs.max("m", "flaky", 0.01));

    WindowResult result =
        new WindowAnalysis(spec, PLAIN, Runnable::run)
            .run(curvesSource, CONTEXT, FROM, FROM.plusSeconds(300), STEP);

    assertThat(result.intervals().get(0).measurements().get(0).outcome()).isEqualTo(Outcome.ERROR);
    assertThat(result.decidedAt())
        .map(WindowResult.Interval::number)
        .contains(4); // consecutiveErrorLimit 3
  }
}
