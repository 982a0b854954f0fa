package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rollgate.metrics.PrometheusClient;
import io.rollgate.metrics.PrometheusServer;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.query.QueryTemplate;
import io.rollgate.query.TemplateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The measurement rules against a real Prometheus serving
 * test-fixtures/metrics/checkout-error-spike.om.
 */
class AnalysisPrometheusIT {
  static final String ERROR_RATE =
      "sum(rate(http_requests_total{namespace=\"{{namespace}}\",rollgate_track=\"{{track}}\",code=~\"5..\"}[1m]))"
          + " / sum(rate(http_requests_total{namespace=\"{{namespace}}\",rollgate_track=\"{{track}}\"}[1m]))";
  static final Instant BEFORE_SPIKE = AnalysisScenarios.FROM.plus(Duration.ofMinutes(5));
  static final Instant AFTER_SPIKE = AnalysisScenarios.FROM.plus(Duration.ofMinutes(10));
  static final AnalysisContext CONTEXT =
      AnalysisContext.of("checkout", "checkout", "checkout", Map.of());

  @RegisterExtension
  static final PrometheusServer.Extension prometheus =
      PrometheusServer.extension(
          () -> {
            try {
              return Files.readString(AnalysisScenarios.CHECKOUT_ERROR_SPIKE);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });

  private final ExecutorService executor = AnalysisTick.boundedExecutor(8);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  static QueryRenderer templates() {
    return (template, vars) -> {
      try {
        return QueryTemplate.parse(template).render(vars);
      } catch (TemplateException e) {
        throw new QueryRenderer.RenderException(e.getMessage(), e);
      }
    };
  }

  private Measurement measure(MetricSpec metric, Instant at) throws InterruptedException {
    PrometheusSpec spec =
        new PrometheusSpec(
            prometheus.baseUri().toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            Duration.ofSeconds(5));
    try (PrometheusClient source = PrometheusClient.create(spec, Map.of(), d -> {})) {
      AnalysisTick tick =
          new AnalysisTick(
              List.of(metric), templates(), source, executor, Clock.fixed(at, ZoneOffset.UTC));
      return tick.measure(CONTEXT).get(0);
    }
  }

  @Test
  void errorRatioPassesBeforeTheSpikeAndFailsAfterIt() throws Exception {
    MetricSpec errorRate = Specs.max("error-rate", ERROR_RATE, 0.01);

    Measurement before = measure(errorRate, BEFORE_SPIKE);
    Measurement after = measure(errorRate, AFTER_SPIKE);

    assertThat(before.outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(before.canary().getAsDouble()).isCloseTo(0.001, within(1e-12));
    assertThat(after.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(after.canary().getAsDouble()).isCloseTo(0.08, within(1e-12));
    assertThat(after.sentence()).isEqualTo("error-rate 0.08 > max 0.01 (canary)");
    assertThat(after.canaryQuery()).contains("rollgate_track=\"canary\"").doesNotContain("{{");
    assertThat(after.evaluatedAt()).isEqualTo(AFTER_SPIKE);
  }

  @Test
  void p99ComesFromTheHistogram() throws Exception {
    MetricSpec p99 =
        Specs.max(
            "p99-latency",
            "histogram_quantile(0.99, sum by (le)"
                + " (rate(http_request_duration_seconds_bucket{namespace=\"{{namespace}}\",rollgate_track=\"{{track}}\"}[1m])))",
            0.5);

    Measurement m = measure(p99, AFTER_SPIKE);

    assertThat(m.outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(m.canary().getAsDouble()).isCloseTo(0.375, within(1e-9));
    assertThat(m.sentence()).isEqualTo("p99-latency 0.375 <= max 0.5 (canary)");
  }

  @Test
  void canaryIsComparedWithStableFromTheSameQuery() throws Exception {
    MetricSpec vs =
        Specs.compare(
            "errors-vs-stable", ERROR_RATE, OptionalDouble.of(1.5), OptionalDouble.of(0.002));

    Measurement before = measure(vs, BEFORE_SPIKE);
    Measurement after = measure(vs, AFTER_SPIKE);

    assertThat(before.outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(after.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(after.stable().getAsDouble()).isCloseTo(0.001, within(1e-12));
    assertThat(after.stableQuery())
        .hasValueSatisfying(q -> assertThat(q).contains("rollgate_track=\"stable\""));
    assertThat(after.sentence())
        .isEqualTo(
            "errors-vs-stable 0.08 (canary), stable 0.001; ratio 80 > maxRatio 1.5; increase 0.079"
                + " > maxIncrease 0.002");
  }

  @Test
  void aSelectorMatchingNothingIsNoData() throws Exception {
    MetricSpec none =
        Specs.max(
            "error-rate", "sum(rate(http_requests_total{namespace=\"elsewhere\"}[1m]))", 0.01);

    Measurement m = measure(none, AFTER_SPIKE);

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sentence())
        .isEqualTo("error-rate no data (canary: empty result); noData: inconclusive");
  }

  @Test
  void zeroOverZeroIsNoDataNotAPass() throws Exception {
    MetricSpec idle =
        Specs.max(
            "idle-error-rate",
            "sum(rate(http_requests_total{service=\"idle\",code=~\"5..\"}[1m])) /"
                + " sum(rate(http_requests_total{service=\"idle\"}[1m]))",
            0.01);

    Measurement m = measure(idle, AFTER_SPIKE);

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sentence())
        .isEqualTo(
            "idle-error-rate no data (canary: NaN (0/0: no requests)); noData: inconclusive");
  }

  @Test
  void moreThanOneSeriesIsAnErrorAskingToAggregate() throws Exception {
    MetricSpec perCode =
        Specs.max(
            "per-code",
            "rate(http_requests_total{namespace=\"{{namespace}}\",rollgate_track=\"{{track}}\"}[1m])",
            100);

    Measurement m = measure(perCode, AFTER_SPIKE);

    assertThat(m.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(m.sentence())
        .isEqualTo(
            "per-code: query failed (canary): query returned 2 series; aggregate with sum() or"
                + " by()");
  }

  @Test
  void tooFewRequestsIsInconclusive() throws Exception {
    MetricSpec spec =
        Specs.withMinSamples(
            Specs.max("error-rate", ERROR_RATE, 0.01),
            "sum(increase(http_requests_total{namespace=\"{{namespace}}\",rollgate_track=\"{{track}}\"}[1m]))",
            1000);

    Measurement m = measure(spec, BEFORE_SPIKE);

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sampleCount().getAsDouble()).isCloseTo(600, within(1e-6));
    assertThat(m.sentence()).isEqualTo("error-rate 600 samples < minSamples 1000");
  }

  @Test
  void aQueryPrometheusRejectsStopsTheAnalysis() throws Exception {
    Measurement m = measure(Specs.max("typo", "sum(rate(http_requests_total[1m])", 1), AFTER_SPIKE);

    assertThat(m.isBadQuery()).isTrue();
    assertThat(new AnalysisRun(5, 5, 5).record(List.of(m)).kind())
        .isEqualTo(Verdict.Kind.BAD_QUERY);
  }
}
