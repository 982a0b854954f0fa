package io.rollgate.rollout;

/**
 * The rules of {@code kubectl rollout status} (kubectl's {@code rollout_status.go}: the Deployment,
 * StatefulSet and DaemonSet status viewers), with one deliberate difference: a StatefulSet with
 * {@code rollingUpdate} set is only complete once {@code updateRevision} equals {@code
 * currentRevision}, unless a partition above zero holds pods back (kubectl declares it done as soon
 * as the pods are ready, before the controller has moved them to the new revision).
 */
public final class RolloutRules {
  static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
  static final String ROLLING_UPDATE = "RollingUpdate";

  private RolloutRules() {}

  public static RolloutProgress deployment(DeploymentStatusView d) {
    String name = d.name();
    if (d.generation() > d.observedGeneration()) {
      return RolloutProgress.inProgress(
          name + ": waiting for the controller to observe the new spec");
    }
    var progressing = d.condition("Progressing");
    if (progressing.isPresent() && TIMED_OUT_REASON.equals(progressing.get().reason())) {
      String detail =
          progressing.get().message().isEmpty() ? "" : " (" + progressing.get().message() + ")";
      return RolloutProgress.failed(
          TIMED_OUT_REASON, "deployment " + name + " exceeded its progress deadline" + detail);
    }
    String counts =
        name
            + ": "
            + d.updatedReplicas()
            + "/"
            + d.desiredReplicas()
            + " updated, "
            + d.availableReplicas()
            + " available";
    if (d.updatedReplicas() < d.desiredReplicas()) {
      return RolloutProgress.inProgress(counts);
    }
    if (d.replicas() > d.updatedReplicas()) {
      return RolloutProgress.inProgress(
          counts + ", " + (d.replicas() - d.updatedReplicas()) + " old pending termination");
    }
    if (d.availableReplicas() < d.updatedReplicas()) {
      return RolloutProgress.inProgress(counts);
    }
    return RolloutProgress.complete(
        name + ": rolled out, " + d.availableReplicas() + "/" + d.desiredReplicas() + " available");
  }

  public static RolloutProgress statefulSet(StatefulSetStatusView s) {
    String name = s.name();
    if (!ROLLING_UPDATE.equals(s.updateStrategyType())) {
      return unsupportedStrategy("statefulset", name, s.updateStrategyType());
    }
    if (s.observedGeneration() == 0 || s.generation() > s.observedGeneration()) {
      return RolloutProgress.inProgress(
          name + ": waiting for the controller to observe the new spec");
    }
    String counts =
        name
            + ": "
            + s.updatedReplicas()
            + "/"
            + s.desiredReplicas()
            + " updated, "
            + s.readyReplicas()
            + " ready";
    if (s.readyReplicas() < s.desiredReplicas()) {
      return RolloutProgress.inProgress(counts);
    }
    int partition = s.partition().orElse(0);
    if (partition > 0) {
      int expected = Math.max(0, s.desiredReplicas() - partition);
      if (s.updatedReplicas() < expected) {
        return RolloutProgress.inProgress(
            name
                + ": "
                + s.updatedReplicas()
                + "/"
                + expected
                + " updated above partition "
                + partition
                + ", "
                + s.readyReplicas()
                + " ready");
      }
      return RolloutProgress.complete(
          name
              + ": partitioned roll out complete, "
              + s.updatedReplicas()
              + " new pods above partition "
              + partition);
    }
    if (!s.updateRevision().equals(s.currentRevision())) {
      return RolloutProgress.inProgress(counts + ", waiting for revision " + s.updateRevision());
    }
    return RolloutProgress.complete(
        name + ": rolled out, " + s.desiredReplicas() + " pods at revision " + s.currentRevision());
  }

  public static RolloutProgress daemonSet(DaemonSetStatusView d) {
    String name = d.name();
    if (!ROLLING_UPDATE.equals(d.updateStrategyType())) {
      return unsupportedStrategy("daemonset", name, d.updateStrategyType());
    }
    if (d.generation() > d.observedGeneration()) {
      return RolloutProgress.inProgress(
          name + ": waiting for the controller to observe the new spec");
    }
    String counts =
        name
            + ": "
            + d.updatedNumberScheduled()
            + "/"
            + d.desiredNumberScheduled()
            + " updated, "
            + d.numberAvailable()
            + " available";
    if (d.updatedNumberScheduled() < d.desiredNumberScheduled()
        || d.numberAvailable() < d.desiredNumberScheduled()) {
      return RolloutProgress.inProgress(counts);
    }
    return RolloutProgress.complete(
        name
            + ": rolled out, "
            + d.numberAvailable()
            + "/"
            + d.desiredNumberScheduled()
            + " available");
  }

  private static RolloutProgress unsupportedStrategy(String kind, String name, String type) {
    return RolloutProgress.failed(
        "UnsupportedUpdateStrategy",
        kind
            + " "
            + name
            + " uses update strategy "
            + type
            + "; rollout status is only available for RollingUpdate");
  }
}
