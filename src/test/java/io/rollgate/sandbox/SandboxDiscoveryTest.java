package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox answers API discovery as a real API server does (fabric8's mock does not). */
class SandboxDiscoveryTest {
  private final SandboxApiServer sandbox = SandboxApiServer.start();
  private final KubernetesClient client = sandbox.client();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void listsTheBuiltInKindsOfTheCoreGroupAndOfNamedGroups() {
    APIResourceList core = client.getApiResources("v1");
    APIResourceList apps = client.getApiResources("apps/v1");

    assertThat(core.getGroupVersion()).isEqualTo("v1");
    assertThat(core.getResources())
        .extracting(APIResource::getKind)
        .contains("Service", "ConfigMap", "Secret", "Namespace", "Pod");
    assertThat(core.getResources())
        .filteredOn(r -> r.getKind().equals("Namespace"))
        .singleElement()
        .satisfies(r -> assertThat(r.getNamespaced()).isFalse());
    assertThat(apps.getResources())
        .filteredOn(r -> r.getKind().equals("Deployment"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName()).isEqualTo("deployments");
              assertThat(r.getNamespaced()).isTrue();
            });
    assertThat(client.getApiGroups().getGroups())
        .extracting(APIGroup::getName)
        .contains("apps", "batch", "coordination.k8s.io", "networking.k8s.io");
  }

  @Test
  void anUnknownGroupVersionIsNotFound() {
    assertThat(client.getApiResources("apps/v1beta7")).isNull();
    assertThat(client.getApiResources("acme.io/v1")).isNull();
    assertThat(client.getApiGroup("acme.io")).isNull();
  }

  @Test
  void aStoredCustomResourceDefinitionAddsItsGroupAndServedVersions() {
    client.apiextensions().v1().customResourceDefinitions().resource(widgets()).create();

    APIResourceList acme = client.getApiResources("acme.io/v1");

    assertThat(acme.getResources())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("Widget");
              assertThat(r.getName()).isEqualTo("widgets");
              assertThat(r.getNamespaced()).isTrue();
            });
    assertThat(client.getApiResources("acme.io/v2")).as("not served").isNull();
    assertThat(client.getApiGroup("acme.io").getPreferredVersion().getGroupVersion())
        .isEqualTo("acme.io/v1");
    // and fabric8 finds its way to the custom objects through discovery
    GenericKubernetesResource blue = new GenericKubernetesResource();
    blue.setApiVersion("acme.io/v1");
    blue.setKind("Widget");
    blue.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("blue")
            .withNamespace("shop")
            .build());
    blue.setAdditionalProperties(Map.of("spec", Map.of("size", 3)));
    client.resource(blue).create();
    assertThat(sandbox.requestLog()).contains("POST /apis/acme.io/v1/namespaces/shop/widgets");
  }

  static CustomResourceDefinition widgets() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("widgets.acme.io")
        .endMetadata()
        .withNewSpec()
        .withGroup("acme.io")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .withSingular("widget")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .addNewVersion()
        .withName("v2")
        .withServed(false)
        .withStorage(false)
        .endVersion()
        .endSpec()
        .build();
  }
}
