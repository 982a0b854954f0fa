package io.rollgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.rollgate.cli.RollgateCommand;
import io.rollgate.cli.Services;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.sandbox.SimulatedController;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For bench/canary.sh (numbers for the issue note; not a test).
 *
 * <ul>
 *   <li>{@code serve DIR N}: a sandbox cluster with N pipelines whose canaries are in flight (first
 *       deploy, then {@code run --detach}), and a stand-in Prometheus answering every query with a
 *       healthy value; writes a kubeconfig into DIR and serves until stdin closes, so a cold {@code
 *       resume --all} and {@code status} can be timed against it.
 *   <li>{@code rollback ROUNDS}: from the failing measurement's answer to the canary Deployment at
 *       0 replicas (all traffic on stable), in-process against a fresh sandbox each round.
 * </ul>
 */
public final class CanaryBench {
  private CanaryBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(Path.of(args[1]), Integer.parseInt(args[2]));
    } else {
      rollback(Integer.parseInt(args[1]));
    }
  }

  /** Prometheus' HTTP API for one value: healthy (0.001), or 0.3 once {@code bad} is set. */
  static final class FakePrometheus implements AutoCloseable {
    final HttpServer server;
    final AtomicBoolean bad = new AtomicBoolean();
    final AtomicLong firstBadAnswerNanos = new AtomicLong();
    final java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();

    FakePrometheus() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/api/v1/", this::answer);
      // daemon threads: the bench's process ends when its rounds do
      server.setExecutor(
          java.util.concurrent.Executors.newFixedThreadPool(
              8,
              r -> {
                Thread t = new Thread(r, "fake-prometheus");
                t.setDaemon(true);
                return t;
              }));
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
      answered.incrementAndGet();
      Map<String, String> q = params(x);
      boolean isBad = bad.get() && q.getOrDefault("query", "").contains("canary");
      String value = isBad ? "0.3" : "0.001";
      String body;
      if (x.getRequestURI().getPath().endsWith("query_range")) {
        double start = Double.parseDouble(q.get("start"));
        double end = Double.parseDouble(q.get("end"));
        double step = Double.parseDouble(q.get("step"));
        StringBuilder values = new StringBuilder();
        for (double t = start; t <= end + 1e-9; t += step) {
          values
              .append(values.length() == 0 ? "" : ",")
              .append("[")
              .append(t)
              .append(",\"")
              .append(value)
              .append("\"]");
        }
        body =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":["
                + values
                + "]}]}}";
      } else {
        body =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":["
                + q.getOrDefault("time", "0")
                + ",\""
                + value
                + "\"]}]}}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "application/json");
      x.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(bytes);
      }
      if (isBad) {
        firstBadAnswerNanos.compareAndSet(0, System.nanoTime());
      }
    }

    private static Map<String, String> params(HttpExchange x) throws IOException {
      String raw = x.getRequestURI().getRawQuery();
      if ("POST".equals(x.getRequestMethod())) {
        raw = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> out = new HashMap<>();
      if (raw != null) {
        for (String kv : raw.split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            out.put(
                URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      return out;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static String pipeline(
      String name, String namespace, String prometheus, String steps, String interval) {
    return """
        apiVersion: rollgate.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s}
        spec:
          vars: {IMAGE: "ghcr.io/acme/app:1.0.0"}
          production:
            namespace: %s
            manifests: [app.yaml]
            rollout: {timeout: 1m, podProblemGrace: 5s}
            canary:
              target: {kind: Deployment, name: app}
              steps: %s
              analysis:
                interval: %s
                failureLimit: 0
                prometheus: {address: "%s"}
                metrics:
                  - name: error-rate
                    query: sum(rate(http_requests_total{namespace="{{namespace}}",rollgate_track="{{track}}",code=~"5.."}[1m]))
                    max: 0.05
        """
        .formatted(name, namespace, steps, interval, prometheus);
  }

  static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, labels: {app: app}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: app}}
        template:
          metadata: {labels: {app: app}}
          spec:
            containers: [{name: app, image: "${IMAGE}"}]
      """;

  static int rollgate(SandboxApiServer api, SandboxApp app, String... args) {
    Services services =
        Services.system()
            .withClusters(
                (k, c) ->
                    new KubernetesClientBuilder()
                        .withConfig(api.client().getConfiguration())
                        .build())
            .withTunnels(c -> app.sandboxTunnel())
            .withIdentity("bench-setup");
    StringWriter out = new StringWriter();
    int code =
        RollgateCommand.newCommandLine(new PrintWriter(out), new PrintWriter(out), services)
            .execute(args);
    if (code != 0) {
      throw new IllegalStateException(
          "rollgate " + List.of(args) + " exited " + code + ":\n" + out);
    }
    return code;
  }

  private static void serve(Path dir, int n) throws Exception {
    try (SandboxApiServer api = SandboxApiServer.start();
        SimulatedController controller =
            SimulatedController.start(api.client(), Duration.ofMillis(10));
        SandboxApp app = SandboxApp.start("bench");
        FakePrometheus prometheus = new FakePrometheus()) {
      Files.writeString(dir.resolve("app.yaml"), APP);
      long setup = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        Path p = dir.resolve("p" + i + ".yaml");
        Files.writeString(
            p,
            pipeline(
                "p" + i,
                "team-" + i,
                prometheus.url(),
                "[{setWeight: 50}, {pause: {duration: 1h}}]",
                "5s"));
        rollgate(api, app, "run", p.toString());
        rollgate(
            api, app, "run", p.toString(), "--set", "IMAGE=ghcr.io/acme/app:1.0.1", "--detach");
      }
      System.out.printf(
          "set up %d in-flight canaries in %.1f s%n", n, (System.nanoTime() - setup) / 1e9);
      String kubeconfig =
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters: [{name: sandbox, cluster: {server: '" + api.url() + "'}}]",
              "users: [{name: sandbox, user: {token: sandbox}}]",
              "contexts: [{name: sandbox, context: {cluster: sandbox, user: sandbox}}]",
              "current-context: sandbox",
              "");
      Files.writeString(dir.resolve("kubeconfig"), kubeconfig, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("ready"), "ready", StandardCharsets.UTF_8);
      while (System.in.read() >= 0) {
        // serve until the bench closes our standard input
      }
    }
  }

  private static void rollback(int rounds) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createTempDirectory("rollgate-bench");
      try (SandboxApiServer api = SandboxApiServer.start();
          SimulatedController controller =
              SimulatedController.start(api.client(), Duration.ofMillis(10));
          SandboxApp app = SandboxApp.start("bench");
          FakePrometheus prometheus = new FakePrometheus()) {
        Files.writeString(dir.resolve("app.yaml"), APP);
        Path p = dir.resolve("p.yaml");
        Files.writeString(
            p,
            pipeline(
                "p",
                "bench",
                prometheus.url(),
                "[{setWeight: 50}, {pause: {duration: 1h}}]",
                "1s"));
        rollgate(api, app, "run", p.toString());
        AtomicLong drainedNanos = new AtomicLong();
        Watch watch =
            api.client()
                .apps()
                .deployments()
                .inNamespace("bench")
                .withName("app-canary")
                .watch(
                    new Watcher<Deployment>() {
                      @Override
                      public void eventReceived(Action action, Deployment d) {
                        if (action == Action.MODIFIED && d.getSpec().getReplicas() == 0) {
                          drainedNanos.compareAndSet(0, System.nanoTime());
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    });
        CompletableFuture<Integer> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return rollgate(
                        api, app, "run", p.toString(), "--set", "IMAGE=ghcr.io/acme/app:1.0.1");
                  } catch (IllegalStateException e) {
                    return 4; // rolled back, as intended
                  }
                });
        // the canary serves (ready pods), then it is measured healthy once more: then it goes bad
        org.awaitility.Awaitility.await()
            .pollInterval(Duration.ofMillis(20))
            .atMost(Duration.ofMinutes(2))
            .until(() -> canaryReady(api));
        int answeredBefore = prometheus.answered.get();
        org.awaitility.Awaitility.await()
            .pollInterval(Duration.ofMillis(20))
            .atMost(Duration.ofMinutes(2))
            .until(() -> prometheus.answered.get() > answeredBefore);
        prometheus.bad.set(true);
        run.get();
        watch.close();
        ms.add((drainedNanos.get() - prometheus.firstBadAnswerNanos.get()) / 1e6);
      }
    }
    Collections.sort(ms);
    System.out.printf(
        "failing answer -> canary at 0 replicas (all traffic on stable): median %.0f ms, min %.0f, max %.0f over %d rounds%n",
        ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1), ms.size());
  }

  private static boolean canaryReady(SandboxApiServer api) {
    Deployment canary =
        api.client().apps().deployments().inNamespace("bench").withName("app-canary").get();
    return canary != null
        && canary.getStatus() != null
        && canary.getStatus().getReadyReplicas() != null;
  }
}
