package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.rollgate.rollout.ContainerState;
import io.rollgate.rollout.DaemonSetStatusView;
import io.rollgate.rollout.DeploymentStatusView;
import io.rollgate.rollout.PodView;
import io.rollgate.rollout.StatefulSetStatusView;
import io.rollgate.rollout.WorkloadCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns fabric8 objects into the pure status views the rollout rules read. */
final class RolloutViews {
  private RolloutViews() {}

  static DeploymentStatusView of(Deployment d) {
    DeploymentStatus s = Optional.ofNullable(d.getStatus()).orElseGet(DeploymentStatus::new);
    List<WorkloadCondition> conditions = new ArrayList<>();
    for (DeploymentCondition c : Optional.ofNullable(s.getConditions()).orElse(List.of())) {
      conditions.add(
          new WorkloadCondition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    }
    return new DeploymentStatusView(
        d.getMetadata().getName(),
        num(d.getMetadata().getGeneration()),
        num(s.getObservedGeneration()),
        d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
        num(s.getReplicas()),
        num(s.getUpdatedReplicas()),
        num(s.getReadyReplicas()),
        num(s.getAvailableReplicas()),
        conditions);
  }

  static StatefulSetStatusView of(StatefulSet sts) {
    StatefulSetStatus s = Optional.ofNullable(sts.getStatus()).orElseGet(StatefulSetStatus::new);
    Optional<StatefulSetUpdateStrategy> strategy =
        Optional.ofNullable(sts.getSpec().getUpdateStrategy());
    Optional<Integer> partition =
        strategy.map(StatefulSetUpdateStrategy::getRollingUpdate).map(r -> r.getPartition());
    return new StatefulSetStatusView(
        sts.getMetadata().getName(),
        num(sts.getMetadata().getGeneration()),
        num(s.getObservedGeneration()),
        strategy.map(StatefulSetUpdateStrategy::getType).orElse("RollingUpdate"),
        partition,
        sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas(),
        num(s.getReadyReplicas()),
        num(s.getUpdatedReplicas()),
        num(s.getCurrentReplicas()),
        s.getCurrentRevision(),
        s.getUpdateRevision());
  }

  static DaemonSetStatusView of(DaemonSet ds) {
    DaemonSetStatus s = Optional.ofNullable(ds.getStatus()).orElseGet(DaemonSetStatus::new);
    String type =
        ds.getSpec().getUpdateStrategy() == null
            ? "RollingUpdate"
            : ds.getSpec().getUpdateStrategy().getType();
    return new DaemonSetStatusView(
        ds.getMetadata().getName(),
        num(ds.getMetadata().getGeneration()),
        num(s.getObservedGeneration()),
        type,
        num(s.getDesiredNumberScheduled()),
        num(s.getUpdatedNumberScheduled()),
        num(s.getNumberAvailable()));
  }

  static PodView of(Pod pod) {
    List<ContainerState> containers = new ArrayList<>();
    List<WorkloadCondition> conditions = new ArrayList<>();
    if (pod.getStatus() != null) {
      addContainers(containers, pod.getStatus().getInitContainerStatuses(), true);
      addContainers(containers, pod.getStatus().getContainerStatuses(), false);
      for (PodCondition c :
          Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of())) {
        conditions.add(
            new WorkloadCondition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
      }
    }
    return new PodView(pod.getMetadata().getName(), containers, conditions);
  }

  private static void addContainers(
      List<ContainerState> into, List<ContainerStatus> statuses, boolean init) {
    for (ContainerStatus cs : Optional.ofNullable(statuses).orElse(List.of())) {
      String reason = "";
      String message = "";
      if (cs.getState() != null && cs.getState().getWaiting() != null) {
        reason = cs.getState().getWaiting().getReason();
        message = cs.getState().getWaiting().getMessage();
      }
      into.add(
          new ContainerState(
              cs.getName(), init, cs.getImage(), reason, message, num(cs.getRestartCount())));
    }
  }

  private static long num(Long value) {
    return value == null ? 0 : value;
  }

  private static int num(Integer value) {
    return value == null ? 0 : value;
  }
}
