package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ServicePodResolver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DaemonSet controller on a pretend cluster of three nodes: one pod per node, replaced one step
 * at a time.
 */
final class DaemonSetSimulation {
  static final List<String> NODES = List.of("sandbox-node-1", "sandbox-node-2", "sandbox-node-3");

  private final KubernetesClient client;
  private final SimulatedPods pods;

  DaemonSetSimulation(KubernetesClient client, SimulatedPods pods) {
    this.client = client;
    this.pods = pods;
  }

  boolean step(String namespace, String name) {
    DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
    if (ds == null || ds.getSpec() == null || ds.getSpec().getTemplate() == null) {
      return false;
    }
    String hash = SimulatedPods.templateHash(ds.getSpec().getTemplate());
    List<Pod> owned = owned(ds);
    boolean allReady = owned.stream().allMatch(ServicePodResolver::isReady);

    boolean acted = false;
    Optional<String> emptyNode =
        NODES.stream().filter(n -> owned.stream().noneMatch(p -> n.equals(node(p)))).findFirst();
    Optional<Pod> outdated = owned.stream().filter(p -> !hash.equals(revision(p))).findFirst();
    if (emptyNode.isPresent() && allReady) {
      start(ds, emptyNode.get(), hash);
      acted = true;
    } else if (outdated.isPresent() && allReady) {
      pods.delete(outdated.get());
      start(ds, node(outdated.get()), hash);
      acted = true;
    }
    List<Pod> now = owned(ds);
    int ready = (int) now.stream().filter(ServicePodResolver::isReady).count();
    DaemonSetStatus status =
        new DaemonSetStatusBuilder()
            .withObservedGeneration(ds.getMetadata().getGeneration())
            .withDesiredNumberScheduled(NODES.size())
            .withCurrentNumberScheduled(now.size())
            .withUpdatedNumberScheduled(
                (int) now.stream().filter(p -> hash.equals(revision(p))).count())
            .withNumberReady(ready)
            .withNumberAvailable(ready)
            .withNumberUnavailable(NODES.size() - ready)
            .withNumberMisscheduled(0)
            .build();
    if (!sameStatus(ds.getStatus(), status)) {
      client
          .apps()
          .daemonSets()
          .inNamespace(namespace)
          .withName(name)
          .editStatus(
              x -> {
                x.setStatus(status);
                return x;
              });
    }
    return acted && now.stream().allMatch(ServicePodResolver::isReady);
  }

  private static boolean sameStatus(DaemonSetStatus before, DaemonSetStatus after) {
    return before != null
        && Objects.equals(before.getObservedGeneration(), after.getObservedGeneration())
        && Objects.equals(before.getDesiredNumberScheduled(), after.getDesiredNumberScheduled())
        && Objects.equals(before.getCurrentNumberScheduled(), after.getCurrentNumberScheduled())
        && Objects.equals(before.getUpdatedNumberScheduled(), after.getUpdatedNumberScheduled())
        && Objects.equals(before.getNumberAvailable(), after.getNumberAvailable());
  }

  void cleanUp(DaemonSet deleted) {
    owned(deleted).forEach(pods::delete);
  }

  private void start(DaemonSet ds, String node, String hash) {
    String podName = ds.getMetadata().getName() + "-" + SimulatedPods.randomSuffix(5);
    pods.start(
        ds.getMetadata().getNamespace(),
        podName,
        ds.getSpec().getTemplate(),
        Map.of(StatefulSetSimulation.REVISION_LABEL, hash),
        SimulatedPods.controllerRef(ds),
        node);
  }

  private List<Pod> owned(DaemonSet ds) {
    return client.pods().inNamespace(ds.getMetadata().getNamespace()).list().getItems().stream()
        .filter(p -> SimulatedPods.ownedBy(p, ds.getMetadata().getUid()))
        .toList();
  }

  private static String node(Pod pod) {
    return pod.getSpec() == null ? "" : Objects.requireNonNullElse(pod.getSpec().getNodeName(), "");
  }

  private static String revision(Pod pod) {
    return Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.<String, String>of())
        .getOrDefault(StatefulSetSimulation.REVISION_LABEL, "");
  }
}
