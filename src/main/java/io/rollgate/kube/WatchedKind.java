package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.rollgate.rollout.RolloutProgress;
import io.rollgate.rollout.RolloutRules;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** How to reach, judge and select the pods of one workload kind. */
record WatchedKind<T extends HasMetadata>(
    WorkloadRef ref,
    Resource<T> resource,
    Function<T, RolloutProgress> rules,
    Function<T, Optional<LabelSelector>> selector) {

  static WatchedKind<?> of(KubernetesClient client, WorkloadRef ref) {
    return switch (ref.kind()) {
      case "Deployment" ->
          new WatchedKind<Deployment>(
              ref,
              client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()),
              d -> RolloutRules.deployment(RolloutViews.of(d)),
              d -> Optional.ofNullable(d.getSpec()).map(s -> s.getSelector()));
      case "StatefulSet" ->
          new WatchedKind<StatefulSet>(
              ref,
              client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()),
              s -> RolloutRules.statefulSet(RolloutViews.of(s)),
              s -> Optional.ofNullable(s.getSpec()).map(spec -> spec.getSelector()));
      case "DaemonSet" ->
          new WatchedKind<DaemonSet>(
              ref,
              client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name()),
              d -> RolloutRules.daemonSet(RolloutViews.of(d)),
              d -> Optional.ofNullable(d.getSpec()).map(spec -> spec.getSelector()));
      default -> throw new IllegalArgumentException("unsupported kind " + ref.kind());
    };
  }

  /** The resource as RBAC and the API paths name it: deployments, statefulsets, daemonsets. */
  String resourceName() {
    return ref.kind().toLowerCase(Locale.ROOT) + "s";
  }
}
