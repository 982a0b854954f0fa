package io.rollgate.rollout;

import java.util.List;

/** The facts about one pod that decide whether it is stuck: its container states and conditions. */
public record PodView(
    String name, List<ContainerState> containers, List<WorkloadCondition> conditions) {
  public PodView {
    containers = List.copyOf(containers);
    conditions = List.copyOf(conditions);
  }
}
