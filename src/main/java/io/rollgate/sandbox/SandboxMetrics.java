package io.rollgate.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.analysis.MetricSource;
import io.rollgate.metrics.PrometheusClient;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.time.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics of {@code rollgate demo}'s sandbox. It follows the sandbox's pods (each ready pod of
 * a Deployment serves 20 requests a second, its errors and latency decided by its image: see {@link
 * PodBehaviour}) and serves their series on a loopback {@code /metrics}. When a {@code prometheus}
 * binary is on PATH it runs a real Prometheus scraping that every second, and {@link #source()}
 * asks it (starting takes about 6 s: Prometheus scrapes a new target only after its 5 s discovery
 * tick, and {@code start} returns once the first scrape shows); otherwise (or when asked, {@link
 * Mode#IN_PROCESS}) the sandbox's in-process source answers the same queries from the same pods.
 *
 * <pre>{@code
 * try (SandboxMetrics metrics = SandboxMetrics.start(api.client(), clock)) {
 *   out.println("metrics: " + metrics.description());
 *   // --set PROMETHEUS_URL=metrics.prometheusAddress(), analysis on metrics.source()
 * }
 * }</pre>
 */
public final class SandboxMetrics implements AutoCloseable {
  /** What {@link #prometheusAddress()} gives when no Prometheus runs: it resolves nowhere. */
  public static final String IN_PROCESS_ADDRESS = "http://in-process-metrics.sandbox.invalid";

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
  private static final String IN_PROCESS =
      "queries answered by the sandbox's in-process metric source";

  /** Which source answers the queries. */
  public enum Mode {
    /**
     * A real Prometheus when a {@code prometheus} binary is on PATH and starts; else in-process.
     */
    AUTO,
    /** A real Prometheus, or {@link PrometheusStartException}. */
    PROMETHEUS,
    /** The in-process source, even with a {@code prometheus} binary on PATH. */
    IN_PROCESS
  }

  private final PodFollower follower;
  private final MetricsExporter exporter;
  private final Optional<PrometheusProcess> prometheus;
  private final MetricSource source;
  private final Optional<PrometheusClient> client;
  private final String description;

  private SandboxMetrics(
      PodFollower follower,
      MetricsExporter exporter,
      Optional<PrometheusProcess> prometheus,
      MetricSource source,
      Optional<PrometheusClient> client,
      String description) {
    this.follower = follower;
    this.exporter = exporter;
    this.prometheus = prometheus;
    this.source = source;
    this.client = client;
    this.description = description;
  }

  /** {@link Mode#AUTO}: a real Prometheus if one is on PATH, else the in-process source. */
  public static SandboxMetrics start(KubernetesClient client, Clock clock)
      throws IOException, InterruptedException {
    return start(client, clock, Mode.AUTO);
  }

  /**
   * Starts following the pods of {@code client}'s cluster (all namespaces), the exporter and, by
   * {@code mode}, a Prometheus; returns once Prometheus has scraped the pods once.
   *
   * @throws PrometheusStartException {@link Mode#PROMETHEUS} without a binary that starts
   * @throws IOException the exporter cannot listen on a loopback port
   */
  public static SandboxMetrics start(KubernetesClient client, Clock clock, Mode mode)
      throws IOException, InterruptedException {
    return start(
        client,
        clock,
        mode,
        Optional.ofNullable(System.getenv("PATH")).orElse(""),
        Sleeper.system());
  }

  static SandboxMetrics start(
      KubernetesClient kube, Clock clock, Mode mode, String path, Sleeper sleeper)
      throws IOException, InterruptedException {
    PodHistory history = new PodHistory();
    PodFollower follower = PodFollower.start(kube, history, clock);
    MetricsExporter exporter = null;
    try {
      exporter = MetricsExporter.start(history, clock);
      InProcessMetricSource inProcess = new InProcessMetricSource(history, clock);
      if (mode == Mode.IN_PROCESS) {
        return inProcess(follower, exporter, inProcess, IN_PROCESS + ", as asked");
      }
      Optional<Path> binary = PrometheusProcess.findBinary(path);
      if (binary.isEmpty()) {
        if (mode == Mode.PROMETHEUS) {
          throw new PrometheusStartException(
              "prometheus", "no prometheus binary on PATH (" + path + ")", "", null);
        }
        return inProcess(
            follower, exporter, inProcess, "no prometheus binary on PATH: " + IN_PROCESS);
      }
      try {
        return launch(binary.get(), follower, exporter, clock, sleeper);
      } catch (PrometheusStartException e) {
        if (mode == Mode.PROMETHEUS) {
          throw e;
        }
        return inProcess(
            follower,
            exporter,
            inProcess,
            "the prometheus binary on PATH could not be used ("
                + e.getMessage()
                + "): "
                + IN_PROCESS);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (exporter != null) {
        exporter.close();
      }
      follower.close();
      throw e;
    }
  }

  private static SandboxMetrics inProcess(
      PodFollower follower,
      MetricsExporter exporter,
      InProcessMetricSource source,
      String description) {
    return new SandboxMetrics(
        follower, exporter, Optional.empty(), source, Optional.empty(), description);
  }

  /** Starts Prometheus and waits for its first scrape; stops it again if that fails. */
  private static SandboxMetrics launch(
      Path binary, PodFollower follower, MetricsExporter exporter, Clock clock, Sleeper sleeper)
      throws PrometheusStartException, InterruptedException {
    PrometheusProcess process = PrometheusProcess.start(binary, exporter.hostAndPort(), sleeper);
    PrometheusClient client = null;
    try {
      PrometheusSpec spec =
          new PrometheusSpec(
              process.baseUri().toString(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              Optional.empty(),
              false,
              QUERY_TIMEOUT);
      client = PrometheusClient.create(spec, Map.of(), sleeper);
      process.awaitFirstScrape(client, clock, sleeper);
      String description =
          "a real Prometheus (prometheus "
              + process.version()
              + " on "
              + process.baseUri().getAuthority()
              + ") scraping the sandbox's pods every "
              + PromQlEvaluation.SCRAPE_INTERVAL.toSeconds()
              + "s";
      return new SandboxMetrics(
          follower, exporter, Optional.of(process), client, Optional.of(client), description);
    } catch (PrometheusStartException | InterruptedException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      process.close();
      throw e;
    }
  }

  /** Where the analysis asks: the real Prometheus, or the in-process source. */
  public MetricSource source() {
    return source;
  }

  /**
   * The real Prometheus' URL ({@code http://127.0.0.1:PORT}), or {@link #IN_PROCESS_ADDRESS} when
   * the in-process source answers: a valid pipeline address that leads nowhere.
   */
  public String prometheusAddress() {
    return prometheus.map(p -> p.baseUri().toString()).orElse(IN_PROCESS_ADDRESS);
  }

  /** One line saying which source answers, e.g. for the demo's output. */
  public String description() {
    return description;
  }

  /** The exporter's {@code http://127.0.0.1:PORT/metrics}, to look at what the pods serve. */
  public URI exporterUri() {
    return exporter.metricsUri();
  }

  /** Stops Prometheus (deleting its data), the exporter and the pod informer. */
  @Override
  public void close() {
    client.ifPresent(PrometheusClient::close);
    prometheus.ifPresent(PrometheusProcess::close);
    exporter.close();
    follower.close();
  }
}
