package io.rollgate.kube;

import io.rollgate.pipeline.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order objects go to the cluster, in groups: what others depend on first (namespaces, CRDs,
 * access, configuration, services), workloads after, everything else last. Within a group the
 * manifests keep their order; groups that would be empty are left out.
 */
public final class ApplyOrder {
  private static final Map<String, Integer> RANK =
      Map.ofEntries(
          Map.entry("Namespace", 0),
          Map.entry("CustomResourceDefinition", 1),
          Map.entry("ServiceAccount", 2),
          Map.entry("Role", 2),
          Map.entry("ClusterRole", 2),
          Map.entry("RoleBinding", 2),
          Map.entry("ClusterRoleBinding", 2),
          Map.entry("ConfigMap", 3),
          Map.entry("Secret", 3),
          Map.entry("Service", 4),
          Map.entry("Deployment", 5),
          Map.entry("StatefulSet", 5),
          Map.entry("DaemonSet", 5),
          Map.entry("ReplicaSet", 5),
          Map.entry("Job", 5),
          Map.entry("CronJob", 5));
  private static final int REST = 6;

  private ApplyOrder() {}

  public static List<List<Manifest>> groups(List<Manifest> manifests) {
    List<List<Manifest>> byRank = new ArrayList<>();
    for (int i = 0; i <= REST; i++) {
      byRank.add(new ArrayList<>());
    }
    for (Manifest m : manifests) {
      byRank.get(rank(m.kind())).add(m);
    }
    return byRank.stream().filter(g -> !g.isEmpty()).map(List::copyOf).toList();
  }

  static int rank(String kind) {
    return RANK.getOrDefault(kind, REST);
  }
}
