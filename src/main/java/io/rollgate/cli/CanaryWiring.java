package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.analysis.AnalysisTick;
import io.rollgate.canary.CanaryAnalysis;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryWorkloads;
import io.rollgate.canary.TrafficRouter;
import io.rollgate.kube.ApplyOptions;
import io.rollgate.kube.ConfigMapStateStore;
import io.rollgate.kube.DeploymentCanary;
import io.rollgate.kube.KubeCalls;
import io.rollgate.kube.LiveObjects;
import io.rollgate.kube.ManifestApplier;
import io.rollgate.kube.PipelineLeases;
import io.rollgate.kube.RolloutTimer;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.kube.ServerPreflight;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.pipeline.RolloutSpec;
import io.rollgate.pipeline.TrafficSpec;
import io.rollgate.report.Progress;
import io.rollgate.stage.ProductionStage;
import io.rollgate.traffic.ReplicaRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The production cluster's adapters for the canary, for one client: the state store, the Lease, the
 * workloads and router of a plan, and the analysis on the plan's Prometheus. Closing it stops the
 * timer, the analysis threads and every metric client it opened.
 */
final class CanaryWiring implements AutoCloseable {
  private final KubernetesClient client;
  private final Services services;
  private final Progress progress;
  private final KubeCalls calls;
  private final RolloutTimer timer = RolloutTimer.system();
  private final ExecutorService analysisThreads = AnalysisTick.boundedExecutor(8);
  private final Map<PrometheusSpec, Services.MetricSession> sessions = new java.util.HashMap<>();
  private final List<RolloutWaiter> waiters = new ArrayList<>();

  CanaryWiring(KubernetesClient client, Services services, Progress progress) {
    this.client = client;
    this.services = services;
    this.progress = progress;
    this.calls = new KubeCalls(KubeCalls.DEFAULT_BACKOFF, services.sleeper());
  }

  KubeCalls calls() {
    return calls;
  }

  ConfigMapStateStore store(String namespace, String pipeline) {
    return new ConfigMapStateStore(client, calls, namespace, pipeline);
  }

  PipelineLeases leases() {
    return new PipelineLeases(
        client, calls, services.clock(), services.sleeper(), services.identity(), true);
  }

  /** The analysis on the given Prometheus; one client per distinct Prometheus, kept open. */
  synchronized CanaryAnalysis analysis(PrometheusSpec prometheus) {
    if (!prometheus.withheld().isEmpty()) {
      throw new io.rollgate.metrics.PrometheusConfigException(
          "prometheus",
          "the saved plan holds no credentials ("
              + String.join(", ", prometheus.withheld())
              + " were withheld from the state); pass the pipeline file (e.g. rollgate resume"
              + " pipelines/checkout.yaml) so they come from it, or give Prometheus credentials"
              + " through bearerTokenEnv, bearerTokenFile or basicAuth, which the state keeps by name");
    }
    Services.MetricSession session =
        sessions.computeIfAbsent(
            prometheus,
            p -> services.metrics().open(p, services.environment(), services.sleeper()));
    return new CanaryAnalysis(session.source(), analysisThreads);
  }

  RolloutWaiter waiter(RolloutSpec rollout) {
    RolloutWaiter w =
        new RolloutWaiter(
            client,
            services.clock(),
            rollout.podProblemGrace(),
            progress,
            timer,
            services.sleeper());
    synchronized (waiters) {
      waiters.add(w);
    }
    return w;
  }

  CanaryWorkloads workloads(CanaryPlan plan) {
    return new DeploymentCanary(
        client, calls, plan, waiter(plan.rollout()), services.sleeper(), progress);
  }

  static TrafficRouter router(TrafficSpec traffic, CanaryWorkloads workloads) {
    if (traffic instanceof TrafficSpec.Replicas) {
      return new ReplicaRouter(workloads);
    }
    throw new IllegalStateException(notBuilt(traffic)); // refused before anything started
  }

  /** Until the routers issue: only the replica router drives traffic. */
  static String notBuilt(TrafficSpec traffic) {
    String name =
        traffic instanceof TrafficSpec.GatewayApi
            ? "gatewayApi"
            : traffic instanceof TrafficSpec.Istio ? "istio" : "nginx";
    return "the "
        + name
        + " traffic router is not built yet in this version of rollgate (only router: replicas"
        + " is); nothing was changed";
  }

  /** What the production stage of a pipeline works with. */
  ProductionStage.Cluster cluster(String pipeline, ProductionSpec production, ApplyOptions apply) {
    return new ProductionStage.Cluster(
        new ManifestApplier(client, apply, services.sleeper(), progress),
        new ServerPreflight(client, apply, services.sleeper(), Progress.silent()),
        waiter(production.rollout()),
        new LiveObjects(client, calls),
        store(production.namespace(), pipeline),
        leases(),
        this::workloads,
        (plan, workloads) -> router(plan.traffic(), workloads),
        plan -> analysis(plan.analysis().prometheus()));
  }

  @Override
  public void close() {
    sessions.values().forEach(Services.MetricSession::close);
    analysisThreads.shutdownNow();
    synchronized (waiters) {
      waiters.forEach(RolloutWaiter::close);
    }
    timer.close();
  }
}
