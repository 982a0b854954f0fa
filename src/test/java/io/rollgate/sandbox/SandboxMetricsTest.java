package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Track;
import io.rollgate.testing.TestClock;
import io.rollgate.time.Sleeper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SandboxMetrics} on a sandbox cluster whose simulated controller and metrics share one test
 * clock: pods are followed from ready through relabelling to deletion. Time moves only when the
 * test moves it; Awaitility waits for the informers, not for the clock.
 */
class SandboxMetricsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String HEALTHY = "ghcr.io/acme/checkout:1.4.2";
  private static final String FAULTY = "ghcr.io/acme/checkout:1.4.4-faulty";

  private final TestClock clock = new TestClock(T0);
  private final SandboxApiServer sandbox = SandboxApiServer.start();
  private final KubernetesClient client = sandbox.client();
  private final SimulatedController controller =
      SimulatedController.start(client, Duration.ofMillis(10), clock);
  private final CanaryPods pods = new CanaryPods(client);
  private final DemoQueries demo = new DemoQueries();
  private SandboxMetrics metrics;

  @TempDir Path temp;

  @AfterEach
  void stopMetricsThenCluster() {
    if (metrics != null) {
      metrics.close();
    }
    controller.close();
    sandbox.close();
  }

  private static ConditionFactory await() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  private void eventually(ThrowingRunnable assertion) {
    await().ignoreExceptions().untilAsserted(assertion);
  }

  private QueryResult ask(String query) throws MetricQueryException {
    return metrics.source().query(query, clock.instant());
  }

  private static double value(QueryResult result) {
    assertThat(result.series()).hasSize(1);
    return result.series().get(0).samples().get(0).value();
  }

  /** The request counters the exporter serves now. */
  private List<MetricsExporterTest.Line> exported() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(metrics.exporterUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    return MetricsExporterTest.parse(response.body()).stream()
        .filter(l -> l.name().equals("http_requests_total"))
        .toList();
  }

  private static String requests(String track) {
    return "sum(rate(http_requests_total{namespace=\"checkout\",rollgate_track=\""
        + track
        + "\"}[5s]))";
  }

  @Test
  void followsTheSandboxPodsFromReadyThroughTheirTrackLabelToDeletion() throws Exception {
    // Given the in-process source on the sandbox, and a stable deployment of four healthy pods
    metrics = SandboxMetrics.start(client, clock, SandboxMetrics.Mode.IN_PROCESS);
    pods.stable(4, HEALTHY);
    await().until(() -> pods.ready("checkout").size() == 4);
    clock.advance(Duration.ofSeconds(10));

    // Then the four pods serve 80 requests/s without a track label
    eventually(() -> assertThat(value(ask(requests("")))).isCloseTo(80, within(1e-9)));
    assertThat(ask(requests("stable")).series()).isEmpty();

    // When rollgate labels them stable (the clock stands still at T0+10s until the exporter shows
    // it)
    pods.labelStable();
    eventually(
        () ->
            assertThat(exported())
                .hasSize(8)
                .allSatisfy(l -> assertThat(l.labels()).containsEntry("rollgate_track", "stable")));
    clock.advance(Duration.ofSeconds(10));

    // Then the stable track serves all 80 from T0+10s on
    assertThat(value(ask(requests("stable")))).isCloseTo(80, within(1e-9));
    assertThat(ask(requests("")).series()).isEmpty();

    // When a faulty canary pod comes up
    pods.canary(1, FAULTY);
    await().until(() -> pods.ready("checkout-canary").size() == 1);
    Instant canaryUp = clock.instant();
    clock.advance(Duration.ofSeconds(10));

    // Then the demo pipeline's error rate reads a quarter for the canary, 0.1 % for stable
    eventually(
        () ->
            assertThat(value(ask(demo.query("error-rate", Track.CANARY))))
                .isCloseTo(0.25, within(1e-12)));
    assertThat(value(ask(demo.query("errors-vs-stable", Track.STABLE))))
        .isCloseTo(0.001, within(1e-12));

    // When the canary is deleted, its pods go with it
    pods.deleteCanary();
    eventually(() -> assertThat(exported()).hasSize(8));
    clock.advance(Duration.ofSeconds(10));

    // Then the canary has no data any more, but its past is still answered
    assertThat(ask(demo.query("error-rate", Track.CANARY)).series()).isEmpty();
    assertThat(
            value(
                metrics
                    .source()
                    .query(demo.query("error-rate", Track.CANARY), canaryUp.plusSeconds(5))))
        .isCloseTo(0.25, within(1e-12));
  }

  @Test
  void podsOfABrokenImageNeverServe() throws Exception {
    metrics = SandboxMetrics.start(client, clock, SandboxMetrics.Mode.IN_PROCESS);
    pods.stable(2, HEALTHY);
    pods.canary(1, "ghcr.io/acme/checkout:broken");
    await().until(() -> pods.ready("checkout").size() == 2);
    await()
        .until(
            () ->
                client.pods().inNamespace("checkout").list().getItems().stream()
                    .anyMatch(p -> p.getMetadata().getName().startsWith("checkout-canary-")));
    clock.advance(Duration.ofSeconds(10));

    eventually(() -> assertThat(value(ask(requests("")))).isCloseTo(40, within(1e-9)));
    assertThat(ask(demo.query("error-rate", Track.CANARY)).series()).isEmpty();
  }

  @Test
  void withoutAPrometheusBinaryOnPathTheInProcessSourceAnswers() throws Exception {
    metrics = SandboxMetrics.start(client, clock, SandboxMetrics.Mode.AUTO, "", Sleeper.system());

    assertThat(metrics.description())
        .isEqualTo(
            "no prometheus binary on PATH: queries answered by the sandbox's in-process metric source");
    assertThat(metrics.prometheusAddress()).isEqualTo(SandboxMetrics.IN_PROCESS_ADDRESS);
    assertThat(metrics.source()).isInstanceOf(InProcessMetricSource.class);
    assertThat(metrics.exporterUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/metrics");
  }

  @Test
  void theInProcessSourceCanBeAskedForEvenWithPrometheusOnPath() throws Exception {
    Path bin = fakePrometheus("#!/bin/sh\necho 'prometheus, version 9.9.9'\n");

    metrics =
        SandboxMetrics.start(
            client, clock, SandboxMetrics.Mode.IN_PROCESS, bin.toString(), Sleeper.system());

    assertThat(metrics.description())
        .isEqualTo("queries answered by the sandbox's in-process metric source, as asked");
    assertThat(metrics.source()).isInstanceOf(InProcessMetricSource.class);
  }

  @Test
  void aPrometheusThatDoesNotStartFallsBackToTheInProcessSourceAndSaysWhy() throws Exception {
    Path bin = fakePrometheus("#!/bin/sh\necho 'bind: address already in use' >&2\nexit 1\n");

    metrics =
        SandboxMetrics.start(
            client, clock, SandboxMetrics.Mode.AUTO, bin.toString(), Sleeper.system());

    assertThat(metrics.description())
        .startsWith(
            "the prometheus binary on PATH could not be used ("
                + bin.resolve("prometheus")
                + " did not become ready after 3 attempts)")
        .endsWith("): queries answered by the sandbox's in-process metric source");
    assertThat(metrics.source()).isInstanceOf(InProcessMetricSource.class);
  }

  @Test
  void askingForAPrometheusWithoutOneFailsAndLeavesNothingRunning() {
    PrometheusStartException e =
        catchThrowableOfType(
            () ->
                SandboxMetrics.start(
                    client, clock, SandboxMetrics.Mode.PROMETHEUS, "", Sleeper.system()),
            PrometheusStartException.class);

    assertThat(e).hasMessageStartingWith("no prometheus binary on PATH");
  }

  private Path fakePrometheus(String script) throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path prometheus = bin.resolve("prometheus");
    Files.writeString(prometheus, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(prometheus, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
