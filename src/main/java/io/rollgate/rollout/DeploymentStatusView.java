package io.rollgate.rollout;

import java.util.List;
import java.util.Optional;

/**
 * What {@code kubectl rollout status} reads from a Deployment: generations, the desired replica
 * count ({@code spec.replicas}, already defaulted) and the status counts and conditions.
 */
public record DeploymentStatusView(
    String name,
    long generation,
    long observedGeneration,
    int desiredReplicas,
    int replicas,
    int updatedReplicas,
    int readyReplicas,
    int availableReplicas,
    List<WorkloadCondition> conditions) {
  public DeploymentStatusView {
    conditions = List.copyOf(conditions);
  }

  public Optional<WorkloadCondition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
