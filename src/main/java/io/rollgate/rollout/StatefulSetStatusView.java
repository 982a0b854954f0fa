package io.rollgate.rollout;

import java.util.Optional;

/**
 * What {@code kubectl rollout status} reads from a StatefulSet. {@code partition} is present when
 * {@code spec.updateStrategy.rollingUpdate.partition} is set.
 */
public record StatefulSetStatusView(
    String name,
    long generation,
    long observedGeneration,
    String updateStrategyType,
    Optional<Integer> partition,
    int desiredReplicas,
    int readyReplicas,
    int updatedReplicas,
    int currentReplicas,
    String currentRevision,
    String updateRevision) {
  public StatefulSetStatusView {
    updateStrategyType =
        updateStrategyType == null || updateStrategyType.isEmpty()
            ? "RollingUpdate"
            : updateStrategyType;
    currentRevision = currentRevision == null ? "" : currentRevision;
    updateRevision = updateRevision == null ? "" : updateRevision;
  }
}
