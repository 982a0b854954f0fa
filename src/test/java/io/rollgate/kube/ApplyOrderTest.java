package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyOrderTest {
  @Test
  void groupsKindsSoThatWhatOthersDependOnComesFirst() {
    List<List<Manifest>> groups = ApplyOrder.groups(ApplyFixtures.twentyObjects());

    assertThat(groups)
        .extracting(g -> g.stream().map(Manifest::kind).distinct().toList())
        .containsExactly(
            List.of("Namespace"),
            List.of("RoleBinding", "ServiceAccount", "Role"),
            List.of("ConfigMap", "Secret"),
            List.of("Service"),
            List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"),
            List.of("Ingress", "PodDisruptionBudget"));
  }

  @Test
  void keepsTheManifestOrderWithinAGroup() {
    List<List<Manifest>> groups = ApplyOrder.groups(ApplyFixtures.twentyObjects());

    assertThat(groups.get(2))
        .extracting(Manifest::name)
        .containsExactly(
            "checkout-config", "checkout-db", "payments-config", "feature-flags", "registry");
  }

  @Test
  void putsCustomResourceDefinitionsRightAfterNamespaces() {
    Manifest crd =
        ApplyFixtures.manifest(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "widgets.acme.io",
            false,
            java.util.Map.of());
    Manifest widget = ApplyFixtures.manifest("acme.io/v1", "Widget", "w", true, java.util.Map.of());

    List<List<Manifest>> groups =
        ApplyOrder.groups(
            List.of(widget, ApplyFixtures.service("s"), crd, ApplyFixtures.namespace()));

    assertThat(groups)
        .extracting(g -> g.get(0).kind())
        .containsExactly("Namespace", "CustomResourceDefinition", "Service", "Widget");
  }
}
