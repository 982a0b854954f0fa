package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.rollgate.testing.Workloads;
import java.util.HashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One fabric8 mock API server (CRUD, plain HTTP) per test, with helpers that act as a controller
 * would.
 */
final class MockCluster implements AutoCloseable {
  static final String NS = "shop";

  /** Held so the quieter level sticks: the mock server logs every request at INFO. */
  private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

  final WatchClosingDispatcher dispatcher = new WatchClosingDispatcher();
  final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(Serialization.jsonMapper()),
          new MockWebServer(),
          new HashMap<>(),
          dispatcher,
          false);
  final KubernetesClient client;

  MockCluster() {
    server.init();
    client = server.createClient();
  }

  Deployment deployment(String name, int replicas) {
    return client
        .resource(Workloads.deployment(NS, name, replicas, "ghcr.io/acme/" + name + ":1"))
        .create();
  }

  void deploymentStatus(String name, UnaryOperator<DeploymentStatus> status) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(name)
        .editStatus(
            d -> {
              d.setStatus(
                  status.apply(d.getStatus() == null ? new DeploymentStatus() : d.getStatus()));
              return d;
            });
  }

  StatefulSet statefulSet(String name, int replicas, int partition) {
    return client
        .resource(
            Workloads.statefulSet(NS, name, replicas, "ghcr.io/acme/" + name + ":2", partition))
        .create();
  }

  void statefulSetStatus(String name, StatefulSetStatus status) {
    client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .withName(name)
        .editStatus(
            s -> {
              s.setStatus(status);
              return s;
            });
  }

  DaemonSet daemonSet(String name) {
    return client.resource(Workloads.daemonSet(NS, name, "ghcr.io/acme/" + name + ":3")).create();
  }

  void daemonSetStatus(String name, DaemonSetStatus status) {
    client
        .apps()
        .daemonSets()
        .inNamespace(NS)
        .withName(name)
        .editStatus(
            d -> {
              d.setStatus(status);
              return d;
            });
  }

  /** A pod of {@code app} whose container {@code container} waits with {@code reason}. */
  Pod waitingPod(String app, String pod, String container, String reason, String message) {
    Pod p =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace(NS)
            .addToLabels("app", app)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(container)
            .withImage("ghcr.io/acme/" + app + ":broken")
            .endContainer()
            .endSpec()
            .build();
    client.resource(p).create();
    return client
        .pods()
        .inNamespace(NS)
        .withName(pod)
        .editStatus(
            current -> {
              current.setStatus(
                  new PodStatusBuilder()
                      .withPhase("Pending")
                      .addToContainerStatuses(
                          new ContainerStatusBuilder()
                              .withName(container)
                              .withImage("ghcr.io/acme/" + app + ":broken")
                              .withReady(false)
                              .withNewState()
                              .withNewWaiting()
                              .withReason(reason)
                              .withMessage(message)
                              .endWaiting()
                              .endState()
                              .build())
                      .build());
              return current;
            });
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
