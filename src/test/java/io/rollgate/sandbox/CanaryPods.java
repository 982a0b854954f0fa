package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ServicePodResolver;
import io.rollgate.testing.Workloads;
import java.util.List;

/**
 * The replicas router's shape in the sandbox, as the production canary builds it: a stable
 * Deployment {@code checkout} whose running pods get {@code rollgate.io/track: stable} by a patch
 * of the pods' labels, and a Deployment {@code checkout-canary} whose pod template carries {@code
 * rollgate.io/track: canary}, both with the app label {@code app: checkout}.
 */
final class CanaryPods {
  static final String NAMESPACE = DemoQueries.NAMESPACE;

  private final KubernetesClient client;

  CanaryPods(KubernetesClient client) {
    this.client = client;
  }

  void stable(int replicas, String image) {
    client.resource(Workloads.deployment(NAMESPACE, "checkout", replicas, image)).create();
  }

  void canary(int replicas, String image) {
    Deployment canary =
        new DeploymentBuilder(Workloads.deployment(NAMESPACE, "checkout-canary", replicas, image))
            .editSpec()
            .editSelector()
            .addToMatchLabels("app", "checkout")
            .addToMatchLabels(PodFollower.TRACK_LABEL, "canary")
            .endSelector()
            .editTemplate()
            .editMetadata()
            .addToLabels("app", "checkout")
            .addToLabels(PodFollower.TRACK_LABEL, "canary")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(canary).create();
  }

  void deleteCanary() {
    client.apps().deployments().inNamespace(NAMESPACE).withName("checkout-canary").delete();
  }

  /** The ready pods of one of the two Deployments ({@code checkout} or {@code checkout-canary}). */
  List<Pod> ready(String deployment) {
    return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(ServicePodResolver::isReady)
        .filter(p -> isOf(p, deployment))
        .toList();
  }

  /** Labels the stable Deployment's ready pods {@code rollgate.io/track: stable}. */
  void labelStable() {
    for (Pod pod : ready("checkout")) {
      client
          .pods()
          .inNamespace(NAMESPACE)
          .withName(pod.getMetadata().getName())
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToLabels(PodFollower.TRACK_LABEL, "stable")
                      .endMetadata()
                      .build());
    }
  }

  private static boolean isOf(Pod pod, String deployment) {
    String name = pod.getMetadata().getName();
    // pods are named <deployment>-<pod-template-hash>-<suffix>
    return name.startsWith(deployment + "-")
        && name.substring(deployment.length() + 1).chars().filter(c -> c == '-').count() == 1;
  }
}
