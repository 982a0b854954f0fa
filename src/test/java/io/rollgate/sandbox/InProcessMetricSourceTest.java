package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Reading;
import io.rollgate.analysis.Readings;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import io.rollgate.analysis.Track;
import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-process source answers the demo pipeline's rendered queries as Prometheus scraping the
 * exporter would. Pods here are written into the history directly; {@link SandboxMetricsTest}
 * follows real sandbox pods.
 */
class InProcessMetricSourceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String HEALTHY = "ghcr.io/acme/checkout:1.4.2";
  private static final String FAULTY = "ghcr.io/acme/checkout:1.4.4-faulty";
  private static final String SLOW = "ghcr.io/acme/checkout:1.4.4-slow";

  private final TestClock clock = new TestClock(T0);
  private final PodHistory history = new PodHistory();
  private final InProcessMetricSource source = new InProcessMetricSource(history, clock);
  private final DemoQueries demo = new DemoQueries();

  private void givenPods(String track, String image, int count, Instant readyAt) {
    for (int i = 0; i < count; i++) {
      history.ready(
          PodLife.ready(
              DemoQueries.NAMESPACE,
              "checkout-" + (track.isEmpty() ? "unlabelled" : track) + "-" + i,
              PodBehaviour.of(List.of(image)),
              readyAt,
              track));
    }
  }

  private double at(Instant time, String metric, Track track) throws MetricQueryException {
    QueryResult result = source.query(demo.query(metric, track), time);
    assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
    assertThat(result.series()).hasSize(1);
    assertThat(result.series().get(0).samples()).extracting(Sample::time).containsExactly(time);
    return result.series().get(0).samples().get(0).value();
  }

  private double now(String metric, Track track) throws MetricQueryException {
    return at(clock.instant(), metric, track);
  }

  @Test
  void healthyPodsErrOnATenthOfAPercentWithAP99Of120ms() throws Exception {
    // Given four healthy stable pods and one healthy canary pod, ready for 30 s
    givenPods("stable", HEALTHY, 4, T0);
    givenPods("canary", HEALTHY, 1, T0);
    clock.advance(Duration.ofSeconds(30));

    // Then both tracks read the healthy numbers
    for (Track track : Track.values()) {
      assertThat(now("error-rate", track)).as(track.label()).isCloseTo(0.001, within(1e-12));
      assertThat(now("p99-latency", track)).as(track.label()).isCloseTo(0.12, within(1e-9));
      assertThat(now("errors-vs-stable", track)).isCloseTo(0.001, within(1e-12));
    }
  }

  @Test
  void aFaultyCanaryAnswersAQuarterWith500sWhileStableStaysHealthy() throws Exception {
    givenPods("stable", HEALTHY, 4, T0);
    givenPods("canary", FAULTY, 1, T0.plusSeconds(20));
    clock.advance(Duration.ofSeconds(30));

    assertThat(now("error-rate", Track.CANARY)).isCloseTo(0.25, within(1e-12));
    assertThat(now("errors-vs-stable", Track.STABLE)).isCloseTo(0.001, within(1e-12));
    assertThat(now("p99-latency", Track.CANARY)).isCloseTo(0.12, within(1e-9));
  }

  @Test
  void aSlowCanaryHasAP99Of1500ms() throws Exception {
    givenPods("stable", HEALTHY, 4, T0);
    givenPods("canary", SLOW, 2, T0);
    clock.advance(Duration.ofSeconds(30));

    assertThat(now("p99-latency", Track.CANARY)).isCloseTo(1.5, within(1e-9));
    assertThat(now("p99-latency", Track.STABLE)).isCloseTo(0.12, within(1e-9));
    assertThat(now("error-rate", Track.CANARY)).isCloseTo(0.001, within(1e-12));
  }

  @Test
  void aTrackWithNoReadyPodsHasNoData() throws Exception {
    // Given stable pods only
    givenPods("stable", HEALTHY, 4, T0);
    clock.advance(Duration.ofSeconds(30));

    // Then every canary query answers an empty vector, which the analysis reads as no data
    for (String metric : List.of("error-rate", "p99-latency", "errors-vs-stable")) {
      QueryResult result = source.query(demo.query(metric, Track.CANARY), clock.instant());
      assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
      assertThat(result.series()).as(metric).isEmpty();
      assertThat(Readings.of(result)).isInstanceOf(Reading.NoData.class);
    }
  }

  @Test
  void aPodHasDataOnceItHasServedForAScrapeIntervalInTheWindow() throws Exception {
    givenPods("canary", FAULTY, 1, T0);

    clock.advance(Duration.ofMillis(900));
    assertThat(source.query(demo.query("error-rate", Track.CANARY), clock.instant()).series())
        .isEmpty();

    clock.advance(Duration.ofMillis(100));
    assertThat(now("error-rate", Track.CANARY)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void aPodThatWentAwayCountsForThePartOfTheWindowItServedThenDropsOut() throws Exception {
    // Given one canary pod that served from T0 to T0+10s
    givenPods("canary", HEALTHY, 1, T0);
    clock.advance(Duration.ofSeconds(10));
    history.gone(DemoQueries.NAMESPACE, "checkout-canary-0", clock.instant());
    clock.advance(Duration.ofSeconds(20));
    String requests =
        "sum(rate(http_requests_total{namespace=\"checkout\",rollgate_track=\"canary\"}[5s]))";

    // Then at T0+12s its window [7s, 12s] holds 3 s of its 20 requests/s
    assertThat(value(source.query(requests, T0.plusSeconds(12)))).isCloseTo(12, within(1e-9));
    // and from T0+15s on it is gone from the answers
    assertThat(source.query(requests, T0.plusSeconds(16)).series()).isEmpty();
    assertThat(source.query(demo.query("error-rate", Track.CANARY), T0.plusSeconds(16)).series())
        .isEmpty();
  }

  @Test
  void podsJoinTheStableTrackWhenTheirLabelChanges() throws Exception {
    // Given four pods without a track label, labelled stable at T0+10s (as rollgate does)
    givenPods("", HEALTHY, 4, T0);
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 4; i++) {
      history.relabel(DemoQueries.NAMESPACE, "checkout-unlabelled-" + i, clock.instant(), "stable");
    }
    clock.advance(Duration.ofSeconds(20));
    String stable =
        "sum(rate(http_requests_total{namespace=\"checkout\",rollgate_track=\"stable\"}[5s]))";
    String unlabelled =
        "sum(rate(http_requests_total{namespace=\"checkout\",rollgate_track=\"\"}[5s]))";

    // Then before the change only rollgate_track="" has data, and no series carries an empty label
    assertThat(source.query(stable, T0.plusSeconds(9)).series()).isEmpty();
    QueryResult before = source.query(unlabelled, T0.plusSeconds(9));
    assertThat(value(before)).isCloseTo(80, within(1e-9));
    // and half a second after it the new series is too young; three seconds after, 3/5 of 80
    assertThat(source.query(stable, T0.plusMillis(10_500)).series()).isEmpty();
    assertThat(value(source.query(stable, T0.plusSeconds(13)))).isCloseTo(48, within(1e-9));
    assertThat(value(source.query(unlabelled, T0.plusSeconds(13)))).isCloseTo(32, within(1e-9));
    assertThat(source.query(unlabelled, T0.plusSeconds(16)).series()).isEmpty();
    // and the labels of a per-pod answer are Prometheus': rollgate_track="" is no label at all
    QueryResult perPod =
        source.query(
            "rate(http_requests_total{namespace=\"checkout\",pod=\"checkout-unlabelled-0\",code=\"200\"}[5s])",
            T0.plusSeconds(9));
    assertThat(perPod.series())
        .extracting(Series::labels)
        .containsExactly(
            Map.of("namespace", "checkout", "pod", "checkout-unlabelled-0", "code", "200"));
  }

  @Test
  void zeroOverZeroIsNaNAsInPromQl() throws Exception {
    givenPods("canary", HEALTHY, 1, T0);
    clock.advance(Duration.ofSeconds(30));
    String rate = "sum(rate(http_requests_total{rollgate_track=\"canary\",code=\"500\"}[5s]))";

    QueryResult result =
        source.query(
            "(" + rate + " - " + rate + ") / (" + rate + " - " + rate + ")", T0.plusSeconds(20));

    assertThat(value(result)).isNaN();
    assertThat(Readings.of(result)).isInstanceOf(Reading.NoData.class);
  }

  @Test
  void answersRangeQueriesForPastTimesFromWhenTheCanaryHadData() throws Exception {
    // Given a faulty canary that became ready at T0+10s, asked about later at T0+60s
    givenPods("stable", HEALTHY, 4, T0);
    givenPods("canary", FAULTY, 1, T0.plusSeconds(10));
    clock.advance(Duration.ofSeconds(60));

    // When asking for T0 to T0+30s every 2 s
    QueryResult canary =
        source.queryRange(
            demo.query("error-rate", Track.CANARY), T0, T0.plusSeconds(30), Duration.ofSeconds(2));
    QueryResult p99 =
        source.queryRange(
            demo.query("p99-latency", Track.STABLE), T0, T0.plusSeconds(30), Duration.ofSeconds(2));

    // Then the canary's series starts at T0+12s (T0+10s has no data yet) and reads 0.25 throughout
    assertThat(canary.type()).isEqualTo(QueryResult.Type.MATRIX);
    assertThat(canary.series()).hasSize(1);
    List<Sample> samples = canary.series().get(0).samples();
    assertThat(samples).extracting(Sample::time).first().isEqualTo(T0.plusSeconds(12));
    assertThat(samples).extracting(Sample::time).last().isEqualTo(T0.plusSeconds(30));
    assertThat(samples).hasSize(10);
    assertThat(samples).allSatisfy(s -> assertThat(s.value()).isCloseTo(0.25, within(1e-12)));
    // and stable's p99 has a point from T0+2s on
    assertThat(p99.series().get(0).samples()).hasSize(15);
    assertThat(p99.series().get(0).samples())
        .allSatisfy(s -> assertThat(s.value()).isCloseTo(0.12, within(1e-9)));
  }

  @Test
  void seesNothingPastItsClock() throws Exception {
    givenPods("canary", HEALTHY, 1, T0);
    clock.advance(Duration.ofSeconds(30));

    assertThat(source.query(demo.query("error-rate", Track.CANARY), T0.plusSeconds(40)).series())
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "up",
        "http_requests_total{rollgate_track=\"canary\"}",
        "topk(1, rate(http_requests_total[5s]))",
        "sum(rate(http_requests_total[5s])) > 1",
        "rate(node_cpu_seconds_total[5s])",
        "rate(http_requests_total[5 parsecs])",
        "sum(rate(http_requests_total{code=~\"5..\"[5s]))",
        "sum(rate(http_requests_total[5s])) offset 1m"
      })
  void saysClearlyWhatItCannotEvaluate(String query) {
    givenPods("canary", HEALTHY, 1, T0);
    clock.advance(Duration.ofSeconds(30));

    MetricQueryException e =
        catchThrowableOfType(
            () -> source.query(query, clock.instant()), MetricQueryException.class);

    assertThat(e.kind()).isEqualTo(MetricQueryException.Kind.QUERY_FAILED);
    assertThat(e.getMessage())
        .startsWith("the sandbox's in-process metric source cannot evaluate " + query + ": ")
        .contains("prometheus binary on PATH");
  }

  private static double value(QueryResult result) {
    assertThat(result.series()).hasSize(1);
    return result.series().get(0).samples().get(0).value();
  }
}
