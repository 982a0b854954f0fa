package io.rollgate.analysis;

import io.rollgate.metrics.OpenMetricsBuilder;
import io.rollgate.metrics.PrometheusClient;
import io.rollgate.metrics.PrometheusServer;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;

/**
 * Benchmark (not a test): one tick of 5 metrics x 2 tracks against a local Prometheus, concurrent,
 * against the slowest single query; and a window analysis over 24 h at 30 s steps. Run with {@code
 * bench/analysis.sh}.
 */
public final class AnalysisBench {
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = FROM.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(5));
  static final Duration STEP = Duration.ofSeconds(30);

  /** Most a launch of the jar may take before the bench kills it. */
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  static final String SEL = "namespace=\"{{namespace}}\",rollgate_track=\"{{track}}\"";

  private AnalysisBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    long t0 = System.nanoTime();
    String data = data();
    try (PrometheusServer server = PrometheusServer.start(data)) {
      System.out.printf(
          "fixture: %d lines, backfilled and started in %d ms%n",
          data.lines().count(), (System.nanoTime() - t0) / 1_000_000);
      PrometheusSpec prom =
          new PrometheusSpec(
              server.baseUri().toString(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              Optional.empty(),
              false,
              Duration.ofSeconds(30));
      PrometheusClient source = PrometheusClient.create(prom, Map.of(), d -> {});
      AnalysisSpec spec = new AnalysisSpec(STEP, 1, 2, 4, prom, metrics());
      AnalysisContext ctx = AnalysisContext.of("bench", "shop", "checkout", Map.of());
      QueryRenderer renderer = AnalysisPrometheusIT.templates();
      ExecutorService executor = AnalysisTick.boundedExecutor(10);
      try {
        tick(source, spec, ctx, renderer, executor, rounds);
        System.out.println(
            "the same with 20 ms of network latency added to each query (a Prometheus across the"
                + " network):");
        tick(withLatency(source, Duration.ofMillis(20)), spec, ctx, renderer, executor, rounds);
        System.out.println(
            "the tick machinery alone: every query answered from memory after 20 ms (no HTTP, no"
                + " Prometheus CPU):");
        tick(withLatency(constant(), Duration.ofMillis(20)), spec, ctx, renderer, executor, rounds);
        window(source, spec, ctx, renderer, executor, Math.max(3, rounds / 5));
        if (args.length > 1) {
          command(java.nio.file.Path.of(args[1]), server.baseUri().toString());
        }
      } finally {
        executor.shutdownNow();
        source.close();
      }
    }
  }

  static void tick(
      MetricSource source,
      AnalysisSpec spec,
      AnalysisContext ctx,
      QueryRenderer renderer,
      ExecutorService executor,
      int rounds)
      throws Exception {
    List<String> queries = new ArrayList<>();
    for (MetricSpec m : spec.metrics()) {
      RenderedQueries q = RenderedQueries.of(m, renderer, ctx);
      queries.add(q.canary());
      q.stable().ifPresent(queries::add);
    }
    AnalysisTick tick =
        new AnalysisTick(
            spec.metrics(),
            renderer,
            source,
            executor,
            Clock.fixed(FROM.plus(Duration.ofHours(12)), ZoneOffset.UTC));
    tick.measure(ctx); // warm up connections and the JIT
    double[] slowest = new double[rounds];
    double[] ticks = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      Instant at = FROM.plus(Duration.ofHours(12)).plusSeconds(30L * r);
      for (String q : queries) {
        long s = System.nanoTime();
        source.query(q, at);
        slowest[r] = Math.max(slowest[r], (System.nanoTime() - s) / 1e6);
      }
      AnalysisTick timed =
          new AnalysisTick(
              spec.metrics(), renderer, source, executor, Clock.fixed(at, ZoneOffset.UTC));
      long s = System.nanoTime();
      List<Measurement> ms = timed.measure(ctx);
      ticks[r] = (System.nanoTime() - s) / 1e6;
      if (ms.stream().anyMatch(m -> m.outcome() != Outcome.SUCCESSFUL)) {
        throw new IllegalStateException("bench data should pass every metric: " + ms);
      }
    }
    double slow = median(slowest);
    double t = median(ticks);
    System.out.printf(
        "tick: %d queries (5 metrics x 2 tracks), median over %d rounds: slowest single query %.2f"
            + " ms, concurrent tick %.2f ms, ratio %.2f (target <= 1.2)%n",
        queries.size(), rounds, slow, t, t / slow);
    System.out.printf(
        "tick: sum of the single queries %.2f ms (what a sequential tick would take)%n",
        sumPerRound(source, queries));
  }

  /** Answers every instant query with a one-sample vector at the asked time. */
  static MetricSource constant() {
    return new MetricSource() {
      @Override
      public QueryResult query(String promql, Instant time) {
        Series one = new Series(Map.of(), List.of(new Sample(time, 0.001)));
        return new QueryResult(QueryResult.Type.VECTOR, List.of(one), Optional.empty(), List.of());
      }

      @Override
      public QueryResult queryRange(String promql, Instant from, Instant to, Duration step) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /** A source whose every answer takes {@code latency} longer, as one across a network would. */
  static MetricSource withLatency(MetricSource source, Duration latency) {
    return new MetricSource() {
      @Override
      public QueryResult query(String promql, Instant time) throws MetricQueryException {
        pause();
        return source.query(promql, time);
      }

      @Override
      public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
          throws MetricQueryException {
        pause();
        return source.queryRange(promql, from, to, step);
      }

      private void pause() throws MetricQueryException {
        try {
          Sleeper.system().sleep(latency);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MetricQueryException(MetricQueryException.Kind.UNAVAILABLE, "interrupted", e);
        }
      }
    };
  }

  static double sumPerRound(MetricSource source, List<String> queries) throws Exception {
    long s = System.nanoTime();
    for (String q : queries) {
      source.query(q, FROM.plus(Duration.ofHours(12)));
    }
    return (System.nanoTime() - s) / 1e6;
  }

  static void window(
      MetricSource source,
      AnalysisSpec spec,
      AnalysisContext ctx,
      QueryRenderer renderer,
      ExecutorService executor,
      int rounds)
      throws Exception {
    Instant from = FROM.plus(Duration.ofMinutes(2));
    Instant to = from.plus(Duration.ofHours(24));
    double[] times = new double[rounds];
    WindowResult last = null;
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      last = new WindowAnalysis(spec, renderer, executor).run(source, ctx, from, to, STEP);
      times[r] = (System.nanoTime() - s) / 1e6;
    }
    System.out.printf(
        "window: 24 h at 30 s = %d intervals x %d metrics, %d range queries: median %.0f ms, first"
            + " %.0f ms (target <= 2000 ms), verdict %s%n",
        last.intervals().size(),
        spec.metrics().size(),
        last.fetched().size(),
        median(times),
        times[0],
        last.verdict().kind());
    MetricSource memory =
        new io.rollgate.metrics.RecordedMetricSource(
            new io.rollgate.metrics.RecordedWindow("bench", from, to, STEP, last.fetched()));
    double[] replay = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      new WindowAnalysis(spec, renderer, executor).run(memory, ctx, from, to, STEP);
      replay[r] = (System.nanoTime() - s) / 1e6;
    }
    System.out.printf(
        "window: of which judging 2880 intervals (replayed from memory, no Prometheus): median %.0f"
            + " ms, first %.0f ms%n",
        median(replay), replay[0]);
  }

  /**
   * {@code java -jar JAR analyze} over the same 24 h, timed from launch to exit (JVM start
   * included).
   */
  static void command(java.nio.file.Path jar, String address) throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rollgate-bench");
    try {
      command(jar, address, dir);
    } finally {
      try (var files = java.nio.file.Files.walk(dir)) {
        for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.deleteIfExists(f);
        }
      }
    }
  }

  private static void command(java.nio.file.Path jar, String address, java.nio.file.Path dir)
      throws Exception {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
            "apiVersion: rollgate.io/v1alpha1\n"
                + "kind: Pipeline\n"
                + "metadata: {name: bench}\n"
                + "spec:\n"
                + "  vars: {IMAGE: x}\n"
                + "  production:\n")
        .append("    namespace: shop\n    manifests: [")
        .append(java.nio.file.Path.of("test-fixtures/manifests/checkout").toAbsolutePath())
        .append("]\n")
        .append(
            "    canary:\n"
                + "      target: {kind: Deployment, name: checkout}\n"
                + "      steps: [{setWeight: 10}, {analysis: {duration: 5m}}]\n")
        .append(
            "      analysis:\n"
                + "        interval: 30s\n"
                + "        failureLimit: 1\n"
                + "        inconclusiveLimit: 2\n"
                + "        consecutiveErrorLimit: 4\n")
        .append("        prometheus: {address: '")
        .append(address)
        .append("', timeout: 30s}\n        metrics:\n");
    for (MetricSpec m : metrics()) {
      yaml.append("          - name: ")
          .append(m.name())
          .append("\n            query: '")
          .append(m.query().replace("'", "''"))
          .append("'\n");
      yaml.append("            compare: {against: stable, maxRatio: ")
          .append(m.compare().get().maxRatio().getAsDouble())
          .append("}\n");
    }
    java.nio.file.Path pipeline =
        java.nio.file.Files.writeString(dir.resolve("bench.yaml"), yaml.toString());
    String from = String.valueOf(FROM.plus(Duration.ofMinutes(2)).getEpochSecond());
    String to =
        String.valueOf(
            FROM.plus(Duration.ofMinutes(2)).plus(Duration.ofHours(24)).getEpochSecond());
    List<List<String>> variants =
        List.of(
            List.of("java", "-jar", jar.toString(), "--version"),
            List.of(
                "java",
                "-jar",
                jar.toString(),
                "analyze",
                pipeline.toString(),
                "--from",
                from,
                "--to",
                to),
            List.of(
                "java",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "analyze",
                pipeline.toString(),
                "--from",
                from,
                "--to",
                to));
    for (List<String> argv : variants) {
      for (int r = 1; r <= 2; r++) {
        long s = System.nanoTime();
        Process p =
            new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
          System.out.printf(
              "command: %s gave no answer within %s; killed%n", argv, COMMAND_TIMEOUT);
          continue;
        }
        int code = p.exitValue();
        List<String> out = java.nio.file.Files.readAllLines(dir.resolve("out.txt"));
        System.out.printf(
            "command: %s, run %d: %d ms from launch to exit, exit %d, %d lines, last: %s%n",
            String.join(" ", argv.subList(0, Math.min(argv.size(), argv.indexOf("-jar") + 3)))
                .replace(jar.toString(), "rollgate.jar"),
            r,
            (System.nanoTime() - s) / 1_000_000,
            code,
            out.size(),
            out.isEmpty() ? "" : out.get(out.size() - 1));
      }
    }
  }

  static List<MetricSpec> metrics() {
    return List.of(
        Specs.compare(
            "error-rate",
            "sum(rate(http_requests_total{"
                + SEL
                + ",code=~\"5..\"}[1m])) / sum(rate(http_requests_total{"
                + SEL
                + "}[1m]))",
            OptionalDouble.of(1.5),
            OptionalDouble.of(0.002)),
        Specs.compare(
            "p99",
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
                + SEL
                + "}[1m])))",
            OptionalDouble.of(1.5),
            OptionalDouble.empty()),
        Specs.compare(
            "p50",
            "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{"
                + SEL
                + "}[1m])))",
            OptionalDouble.of(1.5),
            OptionalDouble.empty()),
        Specs.compare(
            "mean-latency",
            "sum(rate(http_request_duration_seconds_sum{"
                + SEL
                + "}[1m])) / sum(rate(http_request_duration_seconds_count{"
                + SEL
                + "}[1m]))",
            OptionalDouble.of(1.5),
            OptionalDouble.empty()),
        Specs.compare(
            "request-rate",
            "sum(rate(http_requests_total{" + SEL + "}[1m]))",
            OptionalDouble.of(100),
            OptionalDouble.empty()));
  }

  static String data() {
    OpenMetricsBuilder b = new OpenMetricsBuilder();
    for (String track : List.of("canary", "stable")) {
      double scale = track.equals("canary") ? 1 : 9;
      b.counter(
          "http_requests_total",
          new java.util.TreeMap<>(
              Map.of("namespace", "shop", "rollgate_track", track, "code", "200")),
          9.99 * scale,
          FROM,
          TO,
          STEP);
      b.counter(
          "http_requests_total",
          new java.util.TreeMap<>(
              Map.of("namespace", "shop", "rollgate_track", track, "code", "500")),
          0.01 * scale,
          FROM,
          TO,
          STEP);
    }
    for (String track : List.of("canary", "stable")) {
      b.histogram(
          "http_request_duration_seconds",
          new java.util.TreeMap<>(Map.of("namespace", "shop", "rollgate_track", track)),
          Map.of(0.05, 5.0, 0.1, 9.0, 0.25, 9.8, 0.5, 10.0),
          1.2,
          FROM,
          TO,
          STEP);
    }
    return b.build();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
