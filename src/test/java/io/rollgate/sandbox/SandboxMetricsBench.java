package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.Reading;
import io.rollgate.analysis.Readings;
import io.rollgate.analysis.Track;
import io.rollgate.metrics.PrometheusClient;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.time.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For bench/metrics.sh (numbers for the notes; not a test): how long the sandbox's Prometheus takes
 * to start, to scrape first, how long a scrape of the exporter takes, and how long after a {@code
 * -faulty} canary pod is ready its error rate shows above the demo pipeline's max.
 */
public final class SandboxMetricsBench {
  private static final Duration POLL = Duration.ofMillis(20);

  private SandboxMetricsBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path binary = PrometheusProcess.findBinary(System.getenv("PATH")).orElseThrow();
    List<Long> ready = new ArrayList<>();
    List<Long> firstScrape = new ArrayList<>();
    List<Long> stop = new ArrayList<>();
    try (MetricsExporter exporter = MetricsExporter.start(new PodHistory(), Clock.systemUTC())) {
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        PrometheusProcess p =
            PrometheusProcess.start(binary, exporter.hostAndPort(), Sleeper.system());
        long t1 = System.nanoTime();
        try (PrometheusClient client = client(p)) {
          p.awaitFirstScrape(client, Clock.systemUTC(), Sleeper.system());
        }
        long t2 = System.nanoTime();
        p.close();
        long t3 = System.nanoTime();
        ready.add((t1 - t0) / 1_000_000);
        firstScrape.add((t2 - t1) / 1_000_000);
        stop.add((t3 - t2) / 1_000_000);
      }
    }
    System.out.println("prometheus start to /-/ready (ms): " + ready);
    System.out.println("ready to first scrape visible (ms): " + firstScrape);
    System.out.println("close: stop + delete data (ms): " + stop);
    for (int i = 0; i < runs; i++) {
      faultyCanary();
    }
  }

  private static void faultyCanary() throws Exception {
    DemoQueries demo = new DemoQueries();
    try (SandboxApiServer api = SandboxApiServer.start();
        SimulatedController controller =
            SimulatedController.start(api.client(), Duration.ofMillis(150), Clock.systemUTC())) {
      long before = System.nanoTime();
      SandboxMetrics metrics =
          SandboxMetrics.start(api.client(), Clock.systemUTC(), SandboxMetrics.Mode.PROMETHEUS);
      System.out.printf(
          "SandboxMetrics.start (a real Prometheus, returns after its first scrape): %d ms%n",
          (System.nanoTime() - before) / 1_000_000);
      try (metrics) {
        canary(api, metrics, demo);
      }
    }
  }

  private static void canary(SandboxApiServer api, SandboxMetrics metrics, DemoQueries demo)
      throws Exception {
    CanaryPods pods = new CanaryPods(api.client());
    pods.stable(4, "ghcr.io/acme/checkout:1.4.2");
    while (pods.ready("checkout").size() < 4) {
      Sleeper.system().sleep(POLL);
    }
    pods.labelStable();
    pods.canary(1, "ghcr.io/acme/checkout:1.4.4-faulty");
    while (pods.ready("checkout-canary").isEmpty()) {
      Sleeper.system().sleep(POLL);
    }
    Instant readyAt = readySince(pods.ready("checkout-canary").get(0));
    MetricSource source = metrics.source();
    String query = demo.query("error-rate", Track.CANARY);
    double max = demo.metric("error-rate").max().getAsDouble();
    while (!(Readings.of(source.query(query, Instant.now())) instanceof Reading.Value v
        && v.value() > max)) {
      Sleeper.system().sleep(POLL);
    }
    Instant above = Instant.now();
    double scrape =
        ((Reading.Value)
                Readings.of(
                    source.query("max(max_over_time(scrape_duration_seconds[1m]))", Instant.now())))
            .value();
    System.out.printf(
        "faulty canary pod ready to error-rate > %s: %d ms; slowest scrape of the exporter: %.1f ms%n",
        max, Duration.between(readyAt, above).toMillis(), scrape * 1000);
  }

  private static Instant readySince(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(PodCondition::getLastTransitionTime)
        .map(Instant::parse)
        .findFirst()
        .orElseThrow();
  }

  private static PrometheusClient client(PrometheusProcess p) {
    return PrometheusClient.create(
        new PrometheusSpec(
            p.baseUri().toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            Duration.ofSeconds(5)),
        Map.of(),
        Sleeper.system());
  }
}
