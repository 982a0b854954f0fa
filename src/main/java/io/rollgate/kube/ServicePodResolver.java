package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Picks where a port-forward to a Service goes, as {@code kubectl port-forward svc/NAME} does: the
 * service port numbered like the check's, its {@code targetPort} (a number, or a name looked up in
 * the pod's container ports), and a ready pod matched by the service's selector (Ready condition
 * true, not terminating; the first by name, so the choice is repeatable). Pure: it is given the
 * objects, it reads no cluster.
 */
public final class ServicePodResolver {
  private ServicePodResolver() {}

  /** A pod and the container port on it that the service port leads to. */
  public record ForwardTarget(String pod, int port) {}

  /** The service port numbered {@code port}, or an exception listing the ports there are. */
  public static ServicePort servicePort(Service service, String namespace, int port)
      throws ServiceTargetException {
    List<ServicePort> ports = Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of());
    return ports.stream()
        .filter(p -> Objects.equals(p.getPort(), port))
        .findFirst()
        .orElseThrow(
            () ->
                new ServiceTargetException(
                    namespace,
                    service.getMetadata().getName(),
                    port,
                    "has no port "
                        + port
                        + " (ports: "
                        + ports.stream()
                            .map(p -> String.valueOf(p.getPort()))
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  /** The service's label selector, or an exception when it has none (no pods to pick from). */
  public static Map<String, String> selector(Service service, String namespace, int port)
      throws ServiceTargetException {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      throw new ServiceTargetException(
          namespace,
          service.getMetadata().getName(),
          port,
          "has no selector, so no pod to forward to");
    }
    return Map.copyOf(selector);
  }

  /** The first ready pod (by name) on which the service port's target resolves. */
  public static ForwardTarget pick(
      Service service, ServicePort servicePort, List<Pod> candidates, String namespace)
      throws ServiceTargetException {
    List<Pod> ready =
        candidates.stream().filter(ServicePodResolver::isReady).collect(Collectors.toList());
    Optional<ForwardTarget> target =
        ready.stream()
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .flatMap(
                pod ->
                    containerPort(pod, servicePort).stream()
                        .mapToObj(port -> new ForwardTarget(pod.getMetadata().getName(), port)))
            .findFirst();
    if (target.isPresent()) {
      return target.get();
    }
    String reason =
        ready.isEmpty()
            ? "has no ready pod (" + candidates.size() + " matched its selector, none ready)"
            : "has no ready pod with a container port named "
                + servicePort.getTargetPort().getStrVal();
    throw new ServiceTargetException(
        namespace, service.getMetadata().getName(), servicePort.getPort(), reason);
  }

  /** Ready condition true and not being deleted. */
  public static boolean isReady(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
      return false;
    }
    List<PodCondition> conditions =
        Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of());
    return conditions.stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The container port a service port leads to on this pod; empty when a named port is not there.
   */
  static OptionalInt containerPort(Pod pod, ServicePort servicePort) {
    IntOrString target = servicePort.getTargetPort();
    if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
      return OptionalInt.of(servicePort.getPort());
    }
    if (target.getIntVal() != null) {
      return OptionalInt.of(target.getIntVal());
    }
    String name = target.getStrVal();
    List<Container> containers =
        Optional.ofNullable(pod.getSpec()).map(s -> s.getContainers()).orElse(List.of());
    return containers.stream()
        .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.<ContainerPort>of()).stream())
        .filter(p -> name.equals(p.getName()))
        .mapToInt(ContainerPort::getContainerPort)
        .findFirst();
  }
}
