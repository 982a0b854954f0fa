package io.rollgate.testing;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/**
 * Minimal workloads for cluster tests: selector and pod labels {@code app=<name>}, one container.
 * Deployments run a container named {@code app}, StatefulSets {@code db}, DaemonSets {@code agent}.
 */
public final class Workloads {
  private Workloads() {}

  public static Deployment deployment(String namespace, String name, int replicas, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, "app", image))
        .endSpec()
        .build();
  }

  public static StatefulSet statefulSet(String namespace, String name, int replicas, String image) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, "db", image))
        .endSpec()
        .build();
  }

  /** A StatefulSet with a RollingUpdate strategy that holds pods below {@code partition} back. */
  public static StatefulSet statefulSet(
      String namespace, String name, int replicas, String image, int partition) {
    return new StatefulSetBuilder(statefulSet(namespace, name, replicas, image))
        .editSpec()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(partition)
        .endRollingUpdate()
        .endUpdateStrategy()
        .endSpec()
        .build();
  }

  public static DaemonSet daemonSet(String namespace, String name, String image) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, "agent", image))
        .endSpec()
        .build();
  }

  private static PodTemplateSpec template(String app, String container, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(container)
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }
}
