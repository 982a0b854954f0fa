package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.rollgate.kube.ApplyResult.AppliedObject;
import io.rollgate.kube.ApplyResult.Change;
import io.rollgate.pipeline.Manifest;
import io.rollgate.report.Progress;
import io.rollgate.sandbox.SandboxApiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManifestApplierCustomResourceTest {
  private final SandboxApiServer cluster = SandboxApiServer.start();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void appliesACustomResourceDefinitionBeforeItsObjects() throws Exception {
    Manifest widget =
        ApplyFixtures.manifest(
            "acme.io/v1", "Widget", "blue", true, Map.of("spec", Map.of("size", 3)));
    Manifest crd =
        ApplyFixtures.manifest(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "widgets.acme.io",
            false,
            Map.of(
                "spec",
                Map.of(
                    "group",
                    "acme.io",
                    "scope",
                    "Namespaced",
                    "names",
                    Map.of("kind", "Widget", "plural", "widgets", "singular", "widget"),
                    "versions",
                    List.of(
                        Map.of(
                            "name",
                            "v1",
                            "served",
                            true,
                            "storage",
                            true,
                            "schema",
                            Map.of(
                                "openAPIV3Schema",
                                Map.of(
                                    "type",
                                    "object",
                                    "x-kubernetes-preserve-unknown-fields",
                                    true)))))));

    ApplyResult result =
        new ManifestApplier(cluster.client(), ApplyOptions.defaults(), d -> {}, Progress.silent())
            .apply(List.of(widget, crd));

    assertThat(result.objects())
        .extracting(AppliedObject::change)
        .containsExactly(Change.CREATED, Change.CREATED);
    GenericKubernetesResource stored =
        cluster
            .client()
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup("acme.io")
                    .withVersion("v1")
                    .withKind("Widget")
                    .withPlural("widgets")
                    .withNamespaced(true)
                    .build())
            .inNamespace(ApplyFixtures.NS)
            .withName("blue")
            .get();
    assertThat(stored.get("spec", "size").toString()).isEqualTo("3");
  }
}
