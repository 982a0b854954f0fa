package io.rollgate.kube;

import java.util.Set;

/**
 * A workload whose rollout can be waited on. {@code kind}: Deployment, StatefulSet or DaemonSet.
 */
public record WorkloadRef(String kind, String namespace, String name) {
  public static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  public WorkloadRef {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "cannot wait on a rollout of kind '" + kind + "', only on " + KINDS);
    }
    if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException("a workload needs a namespace and a name");
    }
  }

  public static WorkloadRef deployment(String namespace, String name) {
    return new WorkloadRef("Deployment", namespace, name);
  }

  public static WorkloadRef statefulSet(String namespace, String name) {
    return new WorkloadRef("StatefulSet", namespace, name);
  }

  public static WorkloadRef daemonSet(String namespace, String name) {
    return new WorkloadRef("DaemonSet", namespace, name);
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
