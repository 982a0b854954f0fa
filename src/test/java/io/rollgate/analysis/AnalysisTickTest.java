package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.MetricSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnalysisTickTest {
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");
  private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);
  private static final AnalysisContext CONTEXT =
      AnalysisContext.of("checkout", "shop", "checkout", Map.of("SLO", "0.01"));

  /** Substitutes {{name}} plainly; the escaping renderer is tested with QueryTemplate. */
  private static final QueryRenderer PLAIN =
      (template, vars) -> {
        String out = template;
        for (Map.Entry<String, String> e : vars.entrySet()) {
          out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        if (out.contains("{{")) {
          throw new QueryRenderer.RenderException("unknown variable in " + template, null);
        }
        return out;
      };

  private final ExecutorService executor = AnalysisTick.boundedExecutor(10);
  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final List<Instant> askedAt = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private QueryResult scalar(double v, List<String> warnings) {
    return new QueryResult(
        QueryResult.Type.SCALAR,
        List.of(new Series(Map.of(), List.of(new Sample(AT, v)))),
        Optional.empty(),
        warnings);
  }

  private final MetricSource fixed =
      new MetricSource() {
        @Override
        public QueryResult query(String promql, Instant time) throws MetricQueryException {
          askedAt.add(time);
          Double v = values.get(promql);
          if (v == null) {
            throw new MetricQueryException(
                MetricQueryException.Kind.QUERY_FAILED, "no such series: " + promql);
          }
          return scalar(v, promql.contains("warn") ? List.of("results may be partial") : List.of());
        }

        @Override
        public QueryResult queryRange(String promql, Instant from, Instant to, Duration step) {
          throw new UnsupportedOperationException();
        }
      };

  @Test
  void rendersEachTrackAndJudgesEveryMetricAtTheClocksTime() throws Exception {
    // Given an error-rate metric and a comparison with stable
    MetricSpec errorRate =
        Specs.max(
            "error-rate",
            "errors{ns=\"{{namespace}}\",track=\"{{track}}\",wl=\"{{canary}}\"}",
            0.01);
    MetricSpec vsStable =
        Specs.compare(
            "errors-vs-stable",
            "errors{track=\"{{track}}\",pipeline=\"{{pipeline}}\"}",
            OptionalDouble.of(1.5),
            OptionalDouble.empty());
    values.put("errors{ns=\"shop\",track=\"canary\",wl=\"checkout-canary\"}", 0.083);
    values.put("errors{track=\"canary\",pipeline=\"checkout\"}", 0.003);
    values.put("errors{track=\"stable\",pipeline=\"checkout\"}", 0.002);
    AnalysisTick tick =
        new AnalysisTick(List.of(errorRate, vsStable), PLAIN, fixed, executor, CLOCK);
    // When one tick runs
    List<Measurement> ms = tick.measure(CONTEXT);
    // Then both are judged in order, with the rendered queries and the evaluation time recorded
    assertThat(ms)
        .extracting(Measurement::metric)
        .containsExactly("error-rate", "errors-vs-stable");
    assertThat(ms.get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(ms.get(0).canaryQuery())
        .isEqualTo("errors{ns=\"shop\",track=\"canary\",wl=\"checkout-canary\"}");
    assertThat(ms.get(0).evaluatedAt()).isEqualTo(AT);
    assertThat(ms.get(1).outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(ms.get(1).stableQuery()).contains("errors{track=\"stable\",pipeline=\"checkout\"}");
    assertThat(ms.get(1).stable()).hasValue(0.002);
    assertThat(askedAt).hasSize(3).containsOnly(AT);
  }

  @Test
  void runsAllQueriesAtTheSameTime() throws Exception {
    // Given five metrics compared with stable (ten queries) and a source that answers only once all
    // ten are waiting
    List<MetricSpec> metrics = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      metrics.add(
          Specs.compare(
              "m" + i,
              "q" + i + "{track=\"{{track}}\"}",
              OptionalDouble.of(2),
              OptionalDouble.empty()));
    }
    CountDownLatch allWaiting = new CountDownLatch(10);
    MetricSource barrier =
        new MetricSource() {
          @Override
          public QueryResult query(String promql, Instant time) throws MetricQueryException {
            allWaiting.countDown();
            try {
              if (!allWaiting.await(5, TimeUnit.SECONDS)) {
                throw new MetricQueryException(
                    MetricQueryException.Kind.UNAVAILABLE, "queries ran one after another");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new MetricQueryException(
                  MetricQueryException.Kind.UNAVAILABLE, "interrupted", e);
            }
            return scalar(1, List.of());
          }

          @Override
          public QueryResult queryRange(String promql, Instant from, Instant to, Duration step) {
            throw new UnsupportedOperationException();
          }
        };
    AnalysisTick tick = new AnalysisTick(metrics, PLAIN, barrier, executor, CLOCK);
    // When the tick runs
    List<Measurement> ms = tick.measure(CONTEXT);
    // Then every query got its answer: they were all in flight together
    assertThat(ms).extracting(Measurement::outcome).containsOnly(Outcome.SUCCESSFUL);
  }

  @Test
  void aQueryErrorBecomesAnErrorMeasurementAndOthersStillRun() throws Exception {
    MetricSpec broken = Specs.max("broken", "missing", 1);
    MetricSpec fine = Specs.max("fine", "ok", 1);
    values.put("ok", 0.5);
    AnalysisTick tick = new AnalysisTick(List.of(broken, fine), PLAIN, fixed, executor, CLOCK);

    List<Measurement> ms = tick.measure(CONTEXT);

    assertThat(ms.get(0).outcome()).isEqualTo(Outcome.ERROR);
    assertThat(ms.get(0).sentence())
        .isEqualTo("broken: query failed (canary): no such series: missing");
    assertThat(ms.get(1).outcome()).isEqualTo(Outcome.SUCCESSFUL);
  }

  @Test
  void aTemplateThatDoesNotRenderIsABadQuery() throws Exception {
    MetricSpec spec = Specs.max("typo", "errors{x=\"{{nmespace}}\"}", 1);
    AnalysisTick tick = new AnalysisTick(List.of(spec), PLAIN, fixed, executor, CLOCK);

    Measurement m = tick.measure(CONTEXT).get(0);

    assertThat(m.isBadQuery()).isTrue();
    assertThat(askedAt).isEmpty();
  }

  @Test
  void warningsAreCarriedIntoTheMeasurement() throws Exception {
    values.put("warn", 0.1);
    AnalysisTick tick =
        new AnalysisTick(List.of(Specs.max("m", "warn", 1)), PLAIN, fixed, executor, CLOCK);

    assertThat(tick.measure(CONTEXT).get(0).warnings()).containsExactly("results may be partial");
  }

  @Test
  void theMinSamplesQueryIsRenderedForTheCanaryAndJudged() throws Exception {
    values.put("rate", 0.001);
    values.put("count{track=\"canary\"}", 7.0);
    MetricSpec spec =
        Specs.withMinSamples(
            Specs.max("error-rate", "rate", 0.01), "count{track=\"{{track}}\"}", 50);
    AnalysisTick tick = new AnalysisTick(List.of(spec), PLAIN, fixed, executor, CLOCK);

    Measurement m = tick.measure(CONTEXT).get(0);

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sampleCount()).hasValue(7);
  }

  @Test
  void aQueryWithoutTrackRunsOnceForBothTracks() throws Exception {
    values.put("same", 1.0);
    MetricSpec spec = Specs.compare("m", "same", OptionalDouble.of(1.5), OptionalDouble.empty());
    AnalysisTick tick = new AnalysisTick(List.of(spec), PLAIN, fixed, executor, CLOCK);

    Measurement m = tick.measure(CONTEXT).get(0);

    assertThat(m.outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(askedAt).hasSize(1);
  }
}
