package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rollgate.kube.ServicePodResolver;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Follows the sandbox's pods in all namespaces through an informer and writes their lives into a
 * {@link PodHistory}: a pod of a Deployment (owned by a ReplicaSet) starts serving when it becomes
 * ready (the time of its Ready condition), takes up its {@code rollgate.io/track} label whenever
 * that changes, and stops when it is deleted or no longer ready.
 */
final class PodFollower implements AutoCloseable {
  static final String TRACK_LABEL = "rollgate.io/track";

  private final PodHistory history;
  private final Clock clock;
  private final SharedIndexInformer<Pod> informer;

  private PodFollower(KubernetesClient client, PodHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
    this.informer = client.pods().inAnyNamespace().inform(handler());
  }

  /** Starts following; returns once the pods that exist have been listed. */
  static PodFollower start(KubernetesClient client, PodHistory history, Clock clock) {
    return new PodFollower(client, history, clock);
  }

  private ResourceEventHandler<Pod> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        observe(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        observe(newPod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        history.gone(
            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), clock.instant());
      }
    };
  }

  private void observe(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Instant now = clock.instant();
    if (!ofDeployment(pod)) {
      return;
    }
    if (!ServicePodResolver.isReady(pod)) {
      history.gone(namespace, name, now);
    } else if (history.isServing(namespace, name)) {
      history.relabel(namespace, name, now, track(pod));
    } else {
      List<String> images =
          pod.getSpec() == null || pod.getSpec().getContainers() == null
              ? List.of()
              : pod.getSpec().getContainers().stream()
                  .map(Container::getImage)
                  .filter(Objects::nonNull)
                  .toList();
      history.ready(
          PodLife.ready(
              namespace, name, PodBehaviour.of(images), readySince(pod, now), track(pod)));
    }
  }

  static String track(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(TRACK_LABEL, "");
  }

  private static boolean ofDeployment(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o -> Boolean.TRUE.equals(o.getController()) && "ReplicaSet".equals(o.getKind()));
  }

  /** When the Ready condition turned true, if it says so and not later than now; else now. */
  private static Instant readySince(Pod pod, Instant now) {
    Optional<Instant> since =
        Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(PodCondition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .flatMap(t -> parse(t).stream())
            .findFirst();
    return since.filter(t -> !t.isAfter(now)).orElse(now);
  }

  private static Optional<Instant> parse(String time) {
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
