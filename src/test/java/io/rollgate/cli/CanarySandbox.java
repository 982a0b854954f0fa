package io.rollgate.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rollgate.canary.StateStore;
import io.rollgate.kube.ConfigMapStateStore;
import io.rollgate.kube.KubeCalls;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.sandbox.SimulatedController;
import io.rollgate.testing.JumpingClock;
import io.rollgate.testing.TrackMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A production cluster for canary tests run through the real command line: the sandbox API server,
 * the simulated controller (pods up in milliseconds), Prometheus as {@link TrackMetrics}, and a
 * clock that jumps over every wait, so a 20-minute canary takes well under a second.
 */
final class CanarySandbox implements AutoCloseable {
  final SandboxApiServer api = SandboxApiServer.start();
  final JumpingClock clock = new JumpingClock();
  final SimulatedController controller =
      SimulatedController.start(api.client(), Duration.ofMillis(5), clock);
  final SandboxApp app;
  final TrackMetrics metrics = new TrackMetrics();
  final Path dir;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  CanarySandbox(Path dir) throws Exception {
    this.dir = dir;
    this.app = SandboxApp.start("1.4.2");
    Path manifests = Files.createDirectories(dir.resolve("manifests"));
    for (String f : List.of("deployment.yaml", "service.yaml")) {
      Files.copy(Path.of("pipelines/demo").resolve(f), manifests.resolve(f));
    }
    Files.writeString(
        manifests.resolve("configmap.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: checkout-config
          labels: {app: checkout}
        data:
          LOG_LEVEL: ${LOG_LEVEL}
        """);
  }

  /** The checkout pipeline with these canary steps (YAML list items), production only. */
  Path pipeline(String name, String namespace, String steps) throws Exception {
    return pipeline(name, namespace, steps, false);
  }

  /** The checkout pipeline with these canary steps, and with a staging stage when asked. */
  Path pipeline(String name, String namespace, String steps, boolean staging) throws Exception {
    String yaml =
        """
        apiVersion: rollgate.io/v1alpha1
        kind: Pipeline
        metadata:
          name: %s
        spec:
          vars:
            IMAGE: ghcr.io/acme/checkout:1.4.2
            VERSION: 1.4.2
            LOG_LEVEL: info
        %s
          production:
            namespace: %s
            manifests: [manifests]
            rollout: {timeout: 1m, podProblemGrace: 1s}
            canary:
              target: {kind: Deployment, name: checkout}
              steps:
        %s
              analysis:
                interval: 30s
                failureLimit: 1
                inconclusiveLimit: 2
                prometheus: {address: "http://prometheus.test:9090"}
                metrics:
                  - name: error-rate
                    query: sum(rate(http_requests_total{namespace="{{namespace}}",rollgate_track="{{track}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{namespace="{{namespace}}",rollgate_track="{{track}}"}[1m]))
                    max: 0.05
                  - name: p99-latency
                    query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="{{namespace}}",rollgate_track="{{track}}"}[1m])))
                    max: 0.5
                    noData: pass
                  - name: errors-vs-stable
                    query: sum(rate(http_requests_total{namespace="{{namespace}}",rollgate_track="{{track}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{namespace="{{namespace}}",rollgate_track="{{track}}"}[1m]))
                    compare: {against: stable, maxRatio: 3, maxIncrease: 0.01}
        """
            .formatted(
                name,
                staging
                    ? "  staging:\n    namespace: "
                        + namespace
                        + "-staging\n    manifests: [manifests]\n    rollout: {timeout: 1m, podProblemGrace: 1s}"
                    : "",
                namespace,
                steps.indent(8).stripTrailing());
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  Services services(String identity) {
    return Services.system()
        .withClock(clock)
        .withSleeper(clock::sleep)
        .withEnvironment(Map.of())
        .withClusters((kubeconfig, context) -> connect())
        .withTunnels(c -> app.sandboxTunnel())
        .withMetrics((spec, env, sleeper) -> new Services.MetricSession(metrics, () -> {}))
        .withIdentity(identity);
  }

  /** Runs the command line as "ci-run" and keeps what it printed. */
  int rollgate(String... args) {
    return rollgateAs("ci-run", args);
  }

  int rollgateAs(String identity, String... args) {
    return rollgateWith(services(identity), args);
  }

  /** Runs the command line with these services (a cluster connector of a test's own, say). */
  int rollgateWith(Services services, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  /** The sandbox's cluster, whatever kubeconfig and context a command asks for. */
  KubernetesClient connect() {
    return new KubernetesClientBuilder().withConfig(api.client().getConfiguration()).build();
  }

  String printed() {
    return out + "\n--- stderr ---\n" + err;
  }

  KubernetesClient client() {
    return api.client();
  }

  Optional<Deployment> deployment(String namespace, String name) {
    return Optional.ofNullable(
        client().apps().deployments().inNamespace(namespace).withName(name).get());
  }

  String image(String namespace, String name) {
    return deployment(namespace, name)
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(client().configMaps().inNamespace(namespace).withName(name).get());
  }

  Optional<StateStore.Saved> state(String namespace, String pipeline) {
    return new ConfigMapStateStore(
            client(), new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}), namespace, pipeline)
        .read();
  }

  /**
   * Write requests Rollgate itself sent to the production objects (the controller's and server-side
   * dry runs, which change nothing, excluded).
   */
  List<String> rollgateWrites() {
    return api.requests().stream()
        .filter(r -> !r.method().equals("GET"))
        .map(r -> r.method() + " " + r.path())
        .filter(l -> !l.contains("/status") && !l.contains("dryRun=All"))
        .filter(
            l ->
                l.contains("/leases")
                    || l.contains("/configmaps")
                    || l.contains("/secrets")
                    || l.contains("/deployments")
                    || (l.startsWith("PATCH") && l.contains("/pods/")))
        .toList();
  }

  @Override
  public void close() {
    app.close();
    controller.close();
    api.close();
  }
}
