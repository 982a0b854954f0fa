package io.rollgate.rollout;

/** What {@code kubectl rollout status} reads from a DaemonSet. */
public record DaemonSetStatusView(
    String name,
    long generation,
    long observedGeneration,
    String updateStrategyType,
    int desiredNumberScheduled,
    int updatedNumberScheduled,
    int numberAvailable) {
  public DaemonSetStatusView {
    updateStrategyType =
        updateStrategyType == null || updateStrategyType.isEmpty()
            ? "RollingUpdate"
            : updateStrategyType;
  }
}
