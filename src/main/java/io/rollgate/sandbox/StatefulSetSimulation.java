package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ServicePodResolver;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The StatefulSet controller, one step at a time: pods {@code name-0..n-1} created in order,
 * updated from the highest ordinal down to the partition, one per step, each labelled with its
 * revision; {@code currentRevision} catches up once every pod runs the update revision.
 */
final class StatefulSetSimulation {
  static final String REVISION_LABEL = "controller-revision-hash";

  private final KubernetesClient client;
  private final SimulatedPods pods;

  StatefulSetSimulation(KubernetesClient client, SimulatedPods pods) {
    this.client = client;
    this.pods = pods;
  }

  boolean step(String namespace, String name) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null || sts.getSpec() == null || sts.getSpec().getTemplate() == null) {
      return false;
    }
    int desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    int partition = partition(sts);
    String updateRevision = name + "-" + SimulatedPods.templateHash(sts.getSpec().getTemplate());
    String currentRevision =
        Optional.ofNullable(sts.getStatus())
            .map(StatefulSetStatus::getCurrentRevision)
            .filter(r -> !r.isEmpty())
            .orElse(updateRevision);
    List<Pod> owned = owned(sts);
    boolean allReady = owned.stream().allMatch(ServicePodResolver::isReady);

    boolean acted = false;
    Optional<Integer> missing = firstMissing(owned, desired);
    Optional<Pod> extra =
        owned.stream()
            .filter(p -> ordinal(p) >= desired)
            .max(Comparator.comparingInt(StatefulSetSimulation::ordinal));
    Optional<Pod> outdated =
        owned.stream()
            .filter(
                p ->
                    ordinal(p) >= partition
                        && ordinal(p) < desired
                        && !updateRevision.equals(revision(p)))
            .max(Comparator.comparingInt(StatefulSetSimulation::ordinal));
    if (missing.isPresent() && allReady) {
      start(sts, missing.get(), updateRevision);
      acted = true;
    } else if (extra.isPresent()) {
      pods.delete(extra.get());
      acted = true;
    } else if (outdated.isPresent() && allReady) {
      pods.delete(outdated.get());
      start(sts, ordinal(outdated.get()), updateRevision);
      acted = true;
    }
    List<Pod> now = owned(sts);
    int updated = (int) now.stream().filter(p -> updateRevision.equals(revision(p))).count();
    int ready = (int) now.stream().filter(ServicePodResolver::isReady).count();
    if (updated == desired && now.size() == desired) {
      currentRevision = updateRevision;
    }
    String current = currentRevision;
    StatefulSetStatus status =
        new StatefulSetStatusBuilder()
            .withObservedGeneration(sts.getMetadata().getGeneration())
            .withReplicas(now.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUpdatedReplicas(updated)
            .withCurrentReplicas(
                (int) now.stream().filter(p -> current.equals(revision(p))).count())
            .withCurrentRevision(current)
            .withUpdateRevision(updateRevision)
            .build();
    if (!sameStatus(sts.getStatus(), status)) {
      client
          .apps()
          .statefulSets()
          .inNamespace(namespace)
          .withName(name)
          .editStatus(
              x -> {
                x.setStatus(status);
                return x;
              });
    }
    boolean stalled = !now.stream().allMatch(ServicePodResolver::isReady);
    return acted && !stalled;
  }

  private static boolean sameStatus(StatefulSetStatus before, StatefulSetStatus after) {
    return before != null
        && Objects.equals(before.getObservedGeneration(), after.getObservedGeneration())
        && Objects.equals(before.getReplicas(), after.getReplicas())
        && Objects.equals(before.getReadyReplicas(), after.getReadyReplicas())
        && Objects.equals(before.getUpdatedReplicas(), after.getUpdatedReplicas())
        && Objects.equals(before.getCurrentReplicas(), after.getCurrentReplicas())
        && Objects.equals(before.getCurrentRevision(), after.getCurrentRevision())
        && Objects.equals(before.getUpdateRevision(), after.getUpdateRevision());
  }

  void cleanUp(StatefulSet deleted) {
    owned(deleted).forEach(pods::delete);
  }

  private void start(StatefulSet sts, int ordinal, String revision) {
    String podName = sts.getMetadata().getName() + "-" + ordinal;
    pods.start(
        sts.getMetadata().getNamespace(),
        podName,
        sts.getSpec().getTemplate(),
        Map.of(REVISION_LABEL, revision, "statefulset.kubernetes.io/pod-name", podName),
        SimulatedPods.controllerRef(sts),
        "sandbox-node-" + (ordinal % 3 + 1));
  }

  private List<Pod> owned(StatefulSet sts) {
    return client.pods().inNamespace(sts.getMetadata().getNamespace()).list().getItems().stream()
        .filter(p -> SimulatedPods.ownedBy(p, sts.getMetadata().getUid()))
        .toList();
  }

  private static Optional<Integer> firstMissing(List<Pod> owned, int desired) {
    for (int i = 0; i < desired; i++) {
      int ordinal = i;
      if (owned.stream().noneMatch(p -> ordinal(p) == ordinal)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private static int partition(StatefulSet sts) {
    var strategy = sts.getSpec().getUpdateStrategy();
    if (strategy == null
        || strategy.getRollingUpdate() == null
        || strategy.getRollingUpdate().getPartition() == null) {
      return 0;
    }
    return strategy.getRollingUpdate().getPartition();
  }

  static int ordinal(Pod pod) {
    String podName = pod.getMetadata().getName();
    try {
      return Integer.parseInt(podName.substring(podName.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static String revision(Pod pod) {
    return Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.<String, String>of())
        .getOrDefault(REVISION_LABEL, "");
  }
}
