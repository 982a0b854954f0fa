package io.rollgate.kube;

import static io.rollgate.kube.ApplyFixtures.NS;
import static io.rollgate.kube.ApplyFixtures.configMap;
import static io.rollgate.kube.ApplyFixtures.deployment;
import static io.rollgate.kube.ApplyFixtures.namespace;
import static io.rollgate.kube.ApplyFixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ApplyResult.AppliedObject;
import io.rollgate.kube.ApplyResult.Change;
import io.rollgate.pipeline.Manifest;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManifestApplierTest {
  private static final Backoff BACKOFF = Backoff.fixed(4, Duration.ofSeconds(2));

  private final SandboxApiServer cluster = SandboxApiServer.start();
  private final KubernetesClient client = cluster.client();
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void createsEveryObjectInKindOrderUnderTheFieldManagerRollgate() throws Exception {
    List<Manifest> manifests = ApplyFixtures.twentyObjects();

    ApplyResult result = applier(options()).apply(manifests);

    assertThat(result.objects())
        .hasSize(20)
        .allSatisfy(o -> assertThat(o.change()).isEqualTo(Change.CREATED));
    List<SandboxRequest> patches =
        cluster.requests().stream().filter(r -> r.method().equals("PATCH")).toList();
    assertThat(patches)
        .hasSize(20)
        .allSatisfy(
            r -> {
              assertThat(r.contentType())
                  .hasValueSatisfying(
                      t -> assertThat(t).startsWith("application/apply-patch+yaml"));
              assertThat(r.path())
                  .contains("fieldManager=rollgate")
                  .doesNotContain("force=true")
                  .doesNotContain("dryRun");
            });
    assertThat(patches.stream().map(r -> ApplyOrder.rank(kindOf(r.path()))).toList()).isSorted();
    assertThat(cluster.writeRequestCount()).isEqualTo(20);
    for (Manifest m : manifests) {
      assertThat(stored(m)).as(m.id()).isNotNull();
    }
    assertThat(cluster.fieldManagers("/apis/apps/v1/namespaces/shop/deployments/checkout"))
        .containsOnlyKeys("rollgate");
  }

  @Test
  void reportsEveryObjectUnchangedWhenTheSameSetIsAppliedAgain() throws Exception {
    List<Manifest> manifests = ApplyFixtures.twentyObjects();
    applier(options()).apply(manifests);
    Map<String, String> versions = resourceVersions(manifests);

    ApplyResult again = applier(options()).apply(manifests);

    assertThat(again.objects())
        .hasSize(20)
        .allSatisfy(o -> assertThat(o.change()).as(o.manifest().id()).isEqualTo(Change.UNCHANGED));
    assertThat(resourceVersions(manifests)).isEqualTo(versions);
  }

  @Test
  void reportsOnlyTheChangedObjectConfigured() throws Exception {
    applier(options())
        .apply(
            List.of(
                namespace(), configMap("settings", "a"), deployment("checkout", 2, "checkout:1")));

    ApplyResult result =
        applier(options())
            .apply(
                List.of(
                    namespace(),
                    configMap("settings", "a"),
                    deployment("checkout", 2, "checkout:2")));

    assertThat(changes(result))
        .containsExactly(Change.UNCHANGED, Change.UNCHANGED, Change.CONFIGURED);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("checkout")
                .get()
                .getMetadata()
                .getGeneration())
        .isEqualTo(2L);
    assertThat(progress)
        .contains(
            "applied Deployment/shop/checkout (configured)",
            "applied ConfigMap/shop/settings (unchanged)");
  }

  @Test
  void retriesAServerErrorAndSucceeds() throws Exception {
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/configmaps/settings", 500, 2);

    ApplyResult result =
        applier(options()).apply(List.of(configMap("settings", "a"), configMap("other", "b")));

    assertThat(changes(result)).containsExactly(Change.CREATED, Change.CREATED);
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(cluster.requestLog())
        .filteredOn(l -> l.startsWith("PATCH /api/v1/namespaces/shop/configmaps/settings"))
        .hasSize(3);
  }

  @Test
  void anInterruptWhileWaitingToRetryIsRethrownAsAnInterruptNotAnApplyFailure() {
    // Given a server error that calls for a retry, and a wait that is interrupted
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/configmaps/settings", 500, 1);
    ManifestApplier applier =
        new ManifestApplier(
            client,
            options(),
            d -> {
              throw new InterruptedException("stop");
            },
            progress::add);

    // When / Then
    assertThatThrownBy(() -> applier.apply(List.of(configMap("settings", "a"))))
        .isInstanceOf(InterruptedException.class)
        .hasMessageContaining("ConfigMap/shop/settings");
  }

  @Test
  void retriesTooManyRequestsAndSucceeds() throws Exception {
    cluster.failNext("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout", 429, 1);

    ApplyResult result = applier(options()).apply(List.of(deployment("checkout", 2, "checkout:1")));

    assertThat(changes(result)).containsExactly(Change.CREATED);
    assertThat(waits).hasSize(1);
  }

  @Test
  void doesNotRetryARejectedObjectAndNamesItWithTheServersAnswer() {
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/configmaps/settings", 422, 1);

    assertThatThrownBy(() -> applier(options()).apply(List.of(configMap("settings", "a"))))
        .isExactlyInstanceOf(ApplyException.class)
        .hasMessageContaining("ConfigMap/shop/settings")
        .hasMessageContaining("HTTP 422")
        .hasMessageContaining("injected failure 422")
        .satisfies(e -> assertThat(((ApplyException) e).code()).isEqualTo(422));
    assertThat(waits).isEmpty();
    assertThat(cluster.requestLog()).filteredOn(l -> l.startsWith("PATCH")).hasSize(1);
  }

  @Test
  void stopsBeforeTheNextGroupWhenAnObjectFails() {
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/configmaps/settings", 400, 1);

    assertThatThrownBy(
            () ->
                applier(options())
                    .apply(
                        List.of(
                            deployment("checkout", 1, "c:1"),
                            configMap("settings", "a"),
                            configMap("other", "b"))))
        .isInstanceOf(ApplyException.class);

    assertThat(cluster.requestLog()).noneMatch(l -> l.contains("/deployments/"));
    assertThat(client.configMaps().inNamespace(NS).withName("other").get())
        .as("its group mate still applied")
        .isNotNull();
  }

  @Test
  void aManifestThatCannotBeReadFailsBeforeAnythingIsWritten() {
    Manifest broken =
        ApplyFixtures.manifest(
            "apps/v1", "Deployment", "broken", true, Map.of("spec", "not-a-map"));

    assertThatThrownBy(() -> applier(options()).apply(List.of(namespace(), broken)))
        .isExactlyInstanceOf(ApplyException.class)
        .hasMessageContaining("Deployment/shop/broken")
        .satisfies(e -> assertThat(((ApplyException) e).code()).isZero());
    assertThat(cluster.requestLog()).isEmpty();
  }

  @Test
  void failsOnAFieldConflictNamingTheOtherManagerAndTheField() throws Exception {
    applier(options()).apply(List.of(deployment("checkout", 2, "checkout:1")));
    HasMetadata scaled =
        client
            .getKubernetesSerialization()
            .convertValue(deployment("checkout", 5, "checkout:1").body(), HasMetadata.class);
    client.resource(scaled).fieldManager("kubectl").forceConflicts().serverSideApply();

    assertThatThrownBy(
            () -> applier(options()).apply(List.of(deployment("checkout", 3, "checkout:1"))))
        .isInstanceOfSatisfying(
            FieldConflictException.class,
            e -> {
              assertThat(e.managers()).containsExactly("kubectl");
              assertThat(e.conflicts())
                  .containsExactly(
                      new FieldConflictException.Conflict("kubectl", ".spec.replicas"));
              assertThat(e.getMessage())
                  .contains(
                      "Deployment/shop/checkout",
                      "\"kubectl\"",
                      ".spec.replicas",
                      "--force-conflicts");
            });
    assertThat(waits).isEmpty();
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("checkout")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
  }

  @Test
  void forceConflictsTakesTheFieldsOver() throws Exception {
    HasMetadata scaled =
        client
            .getKubernetesSerialization()
            .convertValue(deployment("checkout", 5, "checkout:1").body(), HasMetadata.class);
    client.resource(scaled).fieldManager("kubectl").serverSideApply();

    ApplyResult result =
        applier(options().withForceConflicts(true))
            .apply(List.of(deployment("checkout", 3, "checkout:1")));

    assertThat(changes(result)).containsExactly(Change.CONFIGURED);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("checkout")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    assertThat(cluster.requestLog())
        .anyMatch(l -> l.contains("fieldManager=rollgate") && l.contains("force=true"));
  }

  @Test
  void anUnreachableServerIsReportedAfterTheRetryBudgetWithoutRealWaiting() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    io.fabric8.kubernetes.client.Config config = cluster.config();
    config.setMasterUrl("http://127.0.0.1:" + closedPort + "/");
    try (KubernetesClient nowhere = KubeClients.forConfig(config)) {
      ManifestApplier applier = new ManifestApplier(nowhere, options(), waits::add, progress::add);

      assertThatThrownBy(() -> applier.apply(List.of(namespace(), configMap("settings", "a"))))
          .isInstanceOfSatisfying(
              ClusterUnreachableException.class,
              e -> {
                assertThat(e.objectId()).isEqualTo("Namespace/shop");
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.code()).isZero();
                assertThat(e.getMessage()).contains("Namespace/shop", "4 attempts");
              });
      assertThat(waits)
          .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
  }

  @Test
  void serverErrorsPastTheBudgetAreReportedAsUnreachableWithTheLastStatus() {
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/configmaps/settings", 503, 10);

    assertThatThrownBy(() -> applier(options()).apply(List.of(configMap("settings", "a"))))
        .isInstanceOfSatisfying(
            ClusterUnreachableException.class,
            e -> {
              assertThat(e.code()).isEqualTo(503);
              assertThat(e.getMessage()).contains("ConfigMap/shop/settings", "HTTP 503");
            });
    assertThat(waits).hasSize(3);
  }

  @Test
  void neverPrintsASecretsData() {
    cluster.failNext("PATCH", "/api/v1/namespaces/shop/secrets/db", 422, 1);

    assertThatThrownBy(() -> applier(options()).apply(List.of(secret("db", "hunter2"))))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("Secret/shop/db")
        .hasMessageNotContaining("hunter2")
        .hasNoCause();
    assertThat(String.join("\n", progress)).doesNotContain("hunter2");
  }

  private ManifestApplier applier(ApplyOptions options) {
    return new ManifestApplier(client, options, waits::add, progress::add);
  }

  private static ApplyOptions options() {
    return ApplyOptions.defaults().withBackoff(BACKOFF);
  }

  private static List<Change> changes(ApplyResult result) {
    return result.objects().stream().map(AppliedObject::change).toList();
  }

  private HasMetadata stored(Manifest m) {
    HasMetadata probe =
        client.getKubernetesSerialization().convertValue(m.body(), HasMetadata.class);
    return client.resource(probe).get();
  }

  private Map<String, String> resourceVersions(List<Manifest> manifests) {
    return manifests.stream()
        .collect(Collectors.toMap(Manifest::id, m -> stored(m).getMetadata().getResourceVersion()));
  }

  private static String kindOf(String path) {
    String plural =
        path.split("\\?")[0]
            .split("/")[
            path.contains("/namespaces/shop/") ? path.split("\\?")[0].split("/").length - 2 : 3];
    return Map.ofEntries(
            Map.entry("namespaces", "Namespace"),
            Map.entry("serviceaccounts", "ServiceAccount"),
            Map.entry("roles", "Role"),
            Map.entry("rolebindings", "RoleBinding"),
            Map.entry("configmaps", "ConfigMap"),
            Map.entry("secrets", "Secret"),
            Map.entry("services", "Service"),
            Map.entry("deployments", "Deployment"),
            Map.entry("statefulsets", "StatefulSet"),
            Map.entry("daemonsets", "DaemonSet"),
            Map.entry("jobs", "Job"),
            Map.entry("cronjobs", "CronJob"))
        .getOrDefault(plural, "Other");
  }
}
