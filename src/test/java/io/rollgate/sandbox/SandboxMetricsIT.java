package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Reading;
import io.rollgate.analysis.Readings;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Track;
import io.rollgate.metrics.PrometheusClient;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.time.Sleeper;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code prometheus} binary (Debian's 2.42.0 on these machines; the test fails without it)
 * scraping the sandbox's exporter every second while a stable Deployment and a {@code -faulty}
 * canary run on a {@link SandboxApiServer} with the {@link SimulatedController}. Values come from
 * live scrapes, so they depend on the clock: the assertions take ranges.
 */
class SandboxMetricsIT {
  private static final String HEALTHY = "ghcr.io/acme/checkout:1.4.2";
  private static final String FAULTY = "ghcr.io/acme/checkout:1.4.4-faulty";

  private final SandboxApiServer sandbox = SandboxApiServer.start();
  private final KubernetesClient client = sandbox.client();
  private final SimulatedController controller =
      SimulatedController.start(client, Duration.ofMillis(20), Clock.systemUTC());
  private final CanaryPods pods = new CanaryPods(client);
  private final DemoQueries demo = new DemoQueries();
  private SandboxMetrics metrics;

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
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200));
  }

  private Reading reading(String metric, Track track) throws Exception {
    return Readings.of(metrics.source().query(demo.query(metric, track), Instant.now()));
  }

  private static double value(Reading reading) {
    assertThat(reading).isInstanceOf(Reading.Value.class);
    return ((Reading.Value) reading).value();
  }

  @Test
  void aFaultyCanarysErrorRateComesBackAboveItsMaxFromPrometheusWhileStableStaysBelow()
      throws Exception {
    // Given a real Prometheus scraping the sandbox
    metrics = SandboxMetrics.start(client, Clock.systemUTC(), SandboxMetrics.Mode.PROMETHEUS);
    assertThat(metrics.description())
        .matches(
            "a real Prometheus \\(prometheus 2\\.\\d+\\.\\d+ on 127\\.0\\.0\\.1:\\d+\\) scraping"
                + " the sandbox's pods every 1s");
    assertThat(metrics.source()).isInstanceOf(PrometheusClient.class);
    assertThat(metrics.prometheusAddress()).matches("http://127\\.0\\.0\\.1:\\d+");

    // and four stable pods, labelled stable as rollgate does, beside a faulty canary pod
    pods.stable(4, HEALTHY);
    await().until(() -> pods.ready("checkout").size() == 4);
    pods.labelStable();
    pods.canary(1, FAULTY);
    await().until(() -> pods.ready("checkout-canary").size() == 1);
    double max = demo.metric("error-rate").max().getAsDouble();

    // Then, once Prometheus has scraped twice, the canary's error rate is above the max
    await()
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(value(reading("error-rate", Track.CANARY))).isGreaterThan(max));
    assertThat(value(reading("error-rate", Track.CANARY))).isBetween(0.2, 0.3);
    // and stable's is below it, as is the canary's p99
    await()
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(value(reading("errors-vs-stable", Track.STABLE))).isBetween(0.0, 0.01));
    assertThat(value(reading("p99-latency", Track.CANARY))).isBetween(0.1, 0.25);

    // and a range query over the last seconds reads the same for every point it has
    Instant now = Instant.now();
    QueryResult range =
        metrics
            .source()
            .queryRange(
                demo.query("error-rate", Track.CANARY),
                now.minusSeconds(4),
                now,
                Duration.ofSeconds(1));
    assertThat(range.series()).hasSize(1);
    assertThat(range.series().get(0).samples())
        .isNotEmpty()
        .extracting(Sample::value)
        .allSatisfy(v -> assertThat(v).isBetween(0.2, 0.3));
  }

  @Test
  void aLaunchedPrometheusScrapesTheExporterAndIsGoneWithItsDataOnClose() throws Exception {
    // Given Prometheus launched on the exporter of an empty sandbox
    Path binary =
        PrometheusProcess.findBinary(System.getenv("PATH"))
            .orElseThrow(() -> new AssertionError("these tests need a prometheus binary on PATH"));
    try (MetricsExporter exporter = MetricsExporter.start(new PodHistory(), Clock.systemUTC())) {
      PrometheusProcess prometheus =
          PrometheusProcess.start(binary, exporter.hostAndPort(), Sleeper.system());
      Path data = prometheus.directory();
      assertThat(data).isDirectory();
      assertThat(prometheus.version()).matches("\\d+\\.\\d+\\.\\d+");

      // Then it scrapes the exporter
      try (PrometheusClient client =
          PrometheusClient.create(
              new PrometheusSpec(
                  prometheus.baseUri().toString(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Map.of(),
                  Optional.empty(),
                  false,
                  Duration.ofSeconds(5)),
              Map.of(),
              Sleeper.system())) {
        await()
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(
                            value(
                                Readings.of(
                                    client.query("up{job=\"rollgate-sandbox\"}", Instant.now()))))
                        .isEqualTo(1.0));
      }

      // When it is closed, its process and its data are gone
      prometheus.close();
      assertThat(data).doesNotExist();
      assertThat(reachable(prometheus.baseUri())).isFalse();
    }
  }

  private static boolean reachable(URI base) {
    try {
      HttpURLConnection c = (HttpURLConnection) base.resolve("/-/ready").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
