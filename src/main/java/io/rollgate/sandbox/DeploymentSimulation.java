package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ServicePodResolver;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Deployment controller, one step at a time: a ReplicaSet per pod template (named with its
 * pod-template-hash), one new pod started and one old pod removed per step (max surge 1, max
 * unavailable 0), status written after every step. A rollout whose new pod never becomes ready
 * stalls, as a real one does.
 */
final class DeploymentSimulation {
  static final String HASH_LABEL = "pod-template-hash";

  private final KubernetesClient client;
  private final SimulatedPods pods;
  private final Clock clock;

  DeploymentSimulation(KubernetesClient client, SimulatedPods pods, Clock clock) {
    this.client = client;
    this.pods = pods;
    this.clock = clock;
  }

  /** One step for the named deployment; true while more steps are needed. */
  boolean step(String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
      return false;
    }
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    String hash = SimulatedPods.templateHash(d.getSpec().getTemplate());
    ReplicaSet current = replicaSet(d, hash, desired);
    List<ReplicaSet> owned = ownedReplicaSets(d);
    Set<String> rsUids =
        owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
    List<Pod> all = podsOf(namespace, rsUids);
    List<Pod> fresh = all.stream().filter(p -> hash.equals(label(p))).toList();
    // unhealthy old pods go first, as the real controller scales them down first
    List<Pod> old =
        all.stream()
            .filter(p -> !hash.equals(label(p)))
            .sorted(Comparator.comparing(ServicePodResolver::isReady))
            .toList();
    boolean freshReady = fresh.stream().allMatch(ServicePodResolver::isReady);

    boolean acted = false;
    if (fresh.size() < desired && freshReady) {
      String podName = current.getMetadata().getName() + "-" + SimulatedPods.randomSuffix(5);
      pods.start(
          namespace,
          podName,
          d.getSpec().getTemplate(),
          Map.of(HASH_LABEL, hash),
          SimulatedPods.controllerRef(current),
          "sandbox-node-1");
      acted = true;
    } else if (fresh.size() > desired) {
      pods.delete(fresh.get(fresh.size() - 1));
      acted = true;
    }
    List<Pod> now = podsOf(namespace, rsUids);
    List<Pod> nowFresh = now.stream().filter(p -> hash.equals(label(p))).toList();
    long readyFresh = nowFresh.stream().filter(ServicePodResolver::isReady).count();
    if (!old.isEmpty()
        && nowFresh.stream().allMatch(ServicePodResolver::isReady)
        && readyFresh + old.size() > desired) {
      pods.delete(old.get(0));
      acted = true;
      now = podsOf(namespace, rsUids);
    }
    DeploymentStatus status = status(d, desired, hash, current, now);
    if (!sameStatus(d.getStatus(), status)) {
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(name)
          .editStatus(
              x -> {
                x.setStatus(status);
                return x;
              });
    }
    boolean complete =
        status.getUpdatedReplicas() == desired
            && status.getReplicas() == desired
            && status.getAvailableReplicas() == desired;
    boolean stalled = !nowFresh.stream().allMatch(ServicePodResolver::isReady);
    return acted && !complete && !stalled;
  }

  /** Removes what the deployment owned (the mock has no garbage collector). */
  void cleanUp(Deployment deleted) {
    List<ReplicaSet> owned = ownedReplicaSets(deleted);
    Set<String> rsUids =
        owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
    podsOf(deleted.getMetadata().getNamespace(), rsUids).forEach(pods::delete);
    owned.forEach(rs -> client.resource(rs).delete());
  }

  private ReplicaSet replicaSet(Deployment d, String hash, int desired) {
    String namespace = d.getMetadata().getNamespace();
    String rsName = d.getMetadata().getName() + "-" + hash;
    ReplicaSet existing = client.apps().replicaSets().inNamespace(namespace).withName(rsName).get();
    if (existing != null) {
      return existing;
    }
    ReplicaSet rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName(rsName)
            .withNamespace(namespace)
            .withLabels(
                d.getSpec().getTemplate().getMetadata() == null
                    ? Map.of()
                    : d.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels(HASH_LABEL, hash)
            .withOwnerReferences(SimulatedPods.controllerRef(d))
            .endMetadata()
            .withNewSpec()
            .withReplicas(desired)
            .withNewSelector()
            .withMatchLabels(d.getSpec().getSelector().getMatchLabels())
            .addToMatchLabels(HASH_LABEL, hash)
            .endSelector()
            .withTemplate(d.getSpec().getTemplate())
            .editTemplate()
            .editOrNewMetadata()
            .addToLabels(HASH_LABEL, hash)
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();
    return client.resource(rs).create();
  }

  private List<ReplicaSet> ownedReplicaSets(Deployment d) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(d.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(rs -> SimulatedPods.ownedBy(rs, d.getMetadata().getUid()))
        .toList();
  }

  private List<Pod> podsOf(String namespace, Set<String> ownerUids) {
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> ownerUids.stream().anyMatch(uid -> SimulatedPods.ownedBy(p, uid)))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private static String label(Pod pod) {
    return pod.getMetadata().getLabels() == null
        ? ""
        : pod.getMetadata().getLabels().getOrDefault(HASH_LABEL, "");
  }

  private DeploymentStatus status(
      Deployment d, int desired, String hash, ReplicaSet current, List<Pod> now) {
    int updated = (int) now.stream().filter(p -> hash.equals(label(p))).count();
    int ready = (int) now.stream().filter(ServicePodResolver::isReady).count();
    boolean complete = updated == desired && now.size() == desired && ready == desired;
    String at = clock.instant().toString();
    String rsName = current.getMetadata().getName();
    return new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(now.size())
        .withUpdatedReplicas(updated)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUnavailableReplicas(Math.max(0, desired - ready))
        .withConditions(
            condition(
                "Available",
                ready > 0 || desired == 0 ? "True" : "False",
                ready > 0 || desired == 0
                    ? "MinimumReplicasAvailable"
                    : "MinimumReplicasUnavailable",
                ready > 0 || desired == 0
                    ? "Deployment has minimum availability."
                    : "Deployment does not have minimum availability.",
                at),
            condition(
                "Progressing",
                "True",
                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                complete
                    ? "ReplicaSet \"" + rsName + "\" has successfully progressed."
                    : "ReplicaSet \"" + rsName + "\" is progressing.",
                at))
        .build();
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message, String at) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(at)
        .withLastTransitionTime(at)
        .build();
  }

  /** Equal apart from condition timestamps, so an unchanged state is not written again. */
  static boolean sameStatus(DeploymentStatus before, DeploymentStatus after) {
    if (before == null) {
      return false;
    }
    return Objects.equals(before.getObservedGeneration(), after.getObservedGeneration())
        && Objects.equals(before.getReplicas(), after.getReplicas())
        && Objects.equals(before.getUpdatedReplicas(), after.getUpdatedReplicas())
        && Objects.equals(before.getReadyReplicas(), after.getReadyReplicas())
        && Objects.equals(before.getAvailableReplicas(), after.getAvailableReplicas())
        && conditionKeys(before.getConditions()).equals(conditionKeys(after.getConditions()));
  }

  private static List<String> conditionKeys(List<DeploymentCondition> conditions) {
    return conditions == null
        ? List.of()
        : conditions.stream()
            .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
            .toList();
  }
}
