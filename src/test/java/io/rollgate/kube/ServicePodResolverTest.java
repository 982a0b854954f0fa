package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePodResolverTest {
  private static final String NS = "checkout-staging";

  @Test
  void skipsATerminatingPodEvenIfItIsStillReady() throws Exception {
    // Given
    Service service = service(new IntOrString(8080), Map.of("app", "checkout"));
    Pod leaving = pod("checkout-a", true, "2026-11-22T04:00:00Z", "http", 8080);
    Pod staying = pod("checkout-b", true, null, "http", 8080);

    // When
    var target = ServicePodResolver.pick(service, port(service), List.of(leaving, staying), NS);

    // Then
    assertThat(target).isEqualTo(new ServicePodResolver.ForwardTarget("checkout-b", 8080));
  }

  @Test
  void picksTheFirstReadyPodByNameSoTheChoiceIsRepeatable() throws Exception {
    Service service = service(new IntOrString(8080), Map.of("app", "checkout"));

    var target =
        ServicePodResolver.pick(
            service,
            port(service),
            List.of(
                pod("checkout-c", true, null, "http", 8080),
                pod("checkout-b", true, null, "http", 8080)),
            NS);

    assertThat(target.pod()).isEqualTo("checkout-b");
  }

  @Test
  void usesTheServicePortWhenNoTargetPortIsGiven() throws Exception {
    Service service = service(null, Map.of("app", "checkout"));

    var target =
        ServicePodResolver.pick(
            service, port(service), List.of(pod("checkout-a", true, null, "http", 9999)), NS);

    assertThat(target.port()).isEqualTo(80);
  }

  @Test
  void failsWhenNoReadyPodHasTheNamedTargetPort() {
    Service service = service(new IntOrString("metrics"), Map.of("app", "checkout"));

    assertThatThrownBy(
            () ->
                ServicePodResolver.pick(
                    service,
                    port(service),
                    List.of(pod("checkout-a", true, null, "http", 8080)),
                    NS))
        .isInstanceOf(ServiceTargetException.class)
        .hasMessage(
            "service checkout:80 in namespace checkout-staging has no ready pod with a container"
                + " port named metrics");
  }

  @Test
  void failsForAServiceWithoutSelector() {
    Service service = service(new IntOrString(8080), Map.of());

    assertThatThrownBy(() -> ServicePodResolver.selector(service, NS, 80))
        .isInstanceOf(ServiceTargetException.class)
        .hasMessage(
            "service checkout:80 in namespace checkout-staging has no selector, so no pod to"
                + " forward to");
  }

  @Test
  void aPodWithoutStatusIsNotReady() {
    Pod pod = new PodBuilder().withNewMetadata().withName("checkout-a").endMetadata().build();

    assertThat(ServicePodResolver.isReady(pod)).isFalse();
  }

  private static ServicePort port(Service service) throws ServiceTargetException {
    return ServicePodResolver.servicePort(service, NS, 80);
  }

  private static Service service(IntOrString targetPort, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withPort(80)
        .withTargetPort(targetPort)
        .endPort()
        .endSpec()
        .build();
  }

  private static Pod pod(
      String name, boolean ready, String deletionTimestamp, String portName, int containerPort) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withDeletionTimestamp(deletionTimestamp)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .addNewPort()
        .withName(portName)
        .withContainerPort(containerPort)
        .endPort()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }
}
