package io.rollgate.kube;

import static io.rollgate.kube.ApplyFixtures.NS;
import static io.rollgate.kube.ApplyFixtures.configMap;
import static io.rollgate.kube.ApplyFixtures.deployment;
import static io.rollgate.kube.ApplyFixtures.namespace;
import static io.rollgate.kube.ApplyFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ApplyResult.AppliedObject;
import io.rollgate.kube.ApplyResult.Change;
import io.rollgate.kube.ManifestsRefusedException.Refusal;
import io.rollgate.pipeline.Manifest;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerPreflightTest {
  private final SandboxApiServer cluster = SandboxApiServer.start();
  private final KubernetesClient client = cluster.client();
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aKindTheServerDoesNotServeIsRefusedBeforeAnyWriteWithItsFileLineAndANearKind() {
    Manifest typo = ApplyFixtures.manifest("v1", "Servce", "checkout", true, Map.of());

    assertThatThrownBy(
            () ->
                preflight()
                    .check(
                        List.of(
                            configMap("settings", "a"), deployment("checkout", 2, "c:1"), typo)))
        .isInstanceOfSatisfying(
            ManifestsRefusedException.class,
            e -> {
              assertThat(e.refusals()).extracting(Refusal::manifest).containsExactly(typo);
              assertThat(e.getMessage())
                  .startsWith("the cluster refused 1 of 3 objects before anything was written")
                  .contains(
                      "manifests/checkout.yaml:1:1: Servce/shop/checkout: the cluster serves no"
                          + " kind Servce in v1 (did you mean Service?)")
                  .doesNotContain("GenericKubernetesResource");
            });
    assertThat(cluster.realWriteRequestCount()).isZero();
    assertThat(cluster.requestLog()).contains("GET /api/v1", "GET /apis/apps/v1");
  }

  @Test
  void anApiVersionTheServerDoesNotServeSaysWhichVersionsItsGroupHas() {
    Manifest old = ApplyFixtures.manifest("apps/v1beta1", "Deployment", "checkout", true, Map.of());

    assertThatThrownBy(() -> preflight().check(List.of(old)))
        .isInstanceOf(ManifestsRefusedException.class)
        .hasMessageContaining(
            "Deployment/shop/checkout: the cluster serves no API version apps/v1beta1 (kind"
                + " Deployment); group apps serves apps/v1");
    assertThat(cluster.writeRequestCount()).isZero();
  }

  @Test
  void everyObjectIsSentAsADryRunAndEveryRefusalIsNamedAtOnce() {
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/configmaps/settings?", 422, 1);
    cluster.failNext("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout?", 422, 1);

    assertThatThrownBy(
            () ->
                preflight()
                    .check(
                        List.of(
                            configMap("settings", "a"),
                            service("checkout"),
                            deployment("checkout", 2, "c:1"))))
        .isInstanceOfSatisfying(
            ManifestsRefusedException.class,
            e -> {
              assertThat(e.refusals())
                  .extracting(r -> r.manifest().id())
                  .containsExactly("ConfigMap/shop/settings", "Deployment/shop/checkout");
              assertThat(e.getMessage())
                  .contains("ConfigMap/shop/settings: HTTP 422: injected failure 422");
            });
    assertThat(cluster.requestLog())
        .filteredOn(l -> !l.startsWith("GET"))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).startsWith("PATCH").contains("dryRun=All"));
    assertThat(client.services().inNamespace(NS).withName("checkout").get()).isNull();
  }

  @Test
  void aDryRunSaysWhatWouldChangeAndLeavesTheStoreUnchanged() throws Exception {
    new ManifestApplier(client, options(), waits::add, line -> {})
        .apply(List.of(namespace(), configMap("settings", "a"), configMap("same", "s")));
    String before =
        client
            .configMaps()
            .inNamespace(NS)
            .withName("settings")
            .get()
            .getMetadata()
            .getResourceVersion();
    long writesBefore = cluster.writeRequestCount();

    ApplyResult result =
        preflight()
            .check(
                List.of(configMap("settings", "b"), configMap("same", "s"), service("checkout")));

    assertThat(result.objects())
        .extracting(AppliedObject::change)
        .containsExactly(Change.CONFIGURED, Change.UNCHANGED, Change.CREATED);
    assertThat(cluster.writeRequestCount() - writesBefore).isEqualTo(3);
    assertThat(client.configMaps().inNamespace(NS).withName("settings").get().getData())
        .containsEntry("value", "a");
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName("settings")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(before);
    assertThat(client.services().inNamespace(NS).withName("checkout").get()).isNull();
    assertThat(progress).contains("would apply ConfigMap/shop/settings (configured)");
  }

  @Test
  void objectsInANamespaceTheSetCreatesAreNotAskedAbout() throws Exception {
    // a real server answers 404 to a dry run in a namespace that does not exist: the dry-run
    // Namespace is not stored

    ApplyResult result = preflight().check(List.of(namespace(), configMap("settings", "a")));

    assertThat(result.objects())
        .extracting(AppliedObject::change)
        .containsExactly(Change.CREATED, Change.CREATED);
    assertThat(cluster.requestLog())
        .filteredOn(l -> l.contains("/configmaps"))
        .as("no request about the ConfigMap")
        .isEmpty();
    assertThat(cluster.requestLog())
        .anyMatch(l -> l.startsWith("PATCH /api/v1/namespaces/" + NS) && l.contains("dryRun=All"));
    assertThat(progress)
        .contains(
            "would apply ConfigMap/shop/settings (created; not checked by the server: its"
                + " namespace does not exist yet)");
    assertThat(client.namespaces().withName(NS).get()).isNull();
  }

  @Test
  void aCustomKindIsKnownOnceItsDefinitionIsStoredOrBroughtByTheSameSet() throws Exception {
    Manifest widget =
        ApplyFixtures.manifest(
            "acme.io/v1", "Widget", "blue", true, Map.of("spec", Map.of("size", 3)));
    Manifest crd = widgetDefinition();

    // not known, and no definition: refused
    assertThatThrownBy(() -> preflight().check(List.of(widget)))
        .hasMessageContaining("the cluster serves no API version acme.io/v1 (kind Widget)");

    // the definition in the same set: passed, unchecked
    ApplyResult together = preflight().check(List.of(widget, crd));
    assertThat(together.objects())
        .extracting(o -> o.manifest().kind())
        .containsExactly("CustomResourceDefinition", "Widget");
    assertThat(progress)
        .contains(
            "would apply Widget/shop/blue (created; not checked by the server: its"
                + " CustomResourceDefinition is applied by this run)");

    // the definition stored: checked by the server
    new ManifestApplier(client, options(), waits::add, line -> {}).apply(List.of(crd));
    cluster.requestLog();
    ApplyResult alone = preflight().check(List.of(widget));
    assertThat(alone.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.change()).isEqualTo(Change.CREATED));
    assertThat(cluster.requestLog())
        .anyMatch(
            l ->
                l.startsWith("PATCH /apis/acme.io/v1/namespaces/shop/widgets/blue")
                    && l.contains("dryRun=All"));
  }

  @Test
  void aServerThatDoesNotAnswerDiscoveryIsUnreachableAfterTheBudget() {
    cluster.failNext("GET", "/api/v1", 503, 100);

    assertThatThrownBy(() -> preflight().check(List.of(configMap("settings", "a"))))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageContaining("API discovery of v1")
        .hasMessageContaining("503");
    assertThat(waits).hasSize(2);
    assertThat(cluster.writeRequestCount()).isZero();
  }

  private ServerPreflight preflight() {
    return new ServerPreflight(client, options(), waits::add, progress::add);
  }

  private static ApplyOptions options() {
    return ApplyOptions.defaults().withBackoff(Backoff.fixed(3, Duration.ofSeconds(1)));
  }

  private static Manifest widgetDefinition() {
    return ApplyFixtures.manifest(
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
  }
}
