package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rollgate.testing.Workloads;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxApiServerTest {
  private final SandboxApiServer sandbox = SandboxApiServer.start();
  private final KubernetesClient client = sandbox.client();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void applyCreatesAMissingObjectThenLeavesItsResourceVersionAloneWhenNothingChanges() {
    ConfigMap created = apply(configMap("settings", "blue"), "rollgate");

    ConfigMap again = apply(configMap("settings", "blue"), "rollgate");

    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(again.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(stored("settings").getData()).containsEntry("color", "blue");
    assertThat(sandbox.requests())
        .filteredOn(r -> r.method().equals("PATCH"))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.contentType())
                  .hasValueSatisfying(
                      t -> assertThat(t).startsWith("application/apply-patch+yaml"));
              assertThat(r.path()).contains("fieldManager=rollgate");
            });
  }

  @Test
  void applyThatChangesAFieldMovesTheResourceVersionAndMergesIntoTheStoredObject() {
    ConfigMap first = apply(configMap("settings", "blue"), "rollgate");
    client
        .configMaps()
        .inNamespace("shop")
        .withName("settings")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("extra", "kept").build());

    ConfigMap second = apply(configMap("settings", "green"), "rollgate");

    assertThat(second.getMetadata().getResourceVersion())
        .isNotEqualTo(first.getMetadata().getResourceVersion());
    assertThat(stored("settings").getData())
        .containsEntry("color", "green")
        .containsEntry("extra", "kept");
  }

  @Test
  void applyBumpsTheGenerationOnASpecChangeAndKeepsTheStatus() {
    apply(deployment("checkout", 2, "v1"), "rollgate");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .editStatus(
            d ->
                new DeploymentBuilder(d)
                    .withNewStatus()
                    .withReadyReplicas(2)
                    .withObservedGeneration(1L)
                    .endStatus()
                    .build());

    apply(deployment("checkout", 2, "v2"), "rollgate");

    Deployment stored = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("app:v2");
    assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aPlainUpdateWithoutStatusKeepsTheStoredStatus() {
    apply(deployment("checkout", 2, "v1"), "rollgate");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .editStatus(
            d -> new DeploymentBuilder(d).withNewStatus().withReadyReplicas(2).endStatus().build());
    Deployment current = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    current.setStatus(null);
    current.getSpec().setReplicas(4);

    client.resource(current).update();

    Deployment stored = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(stored.getSpec().getReplicas()).isEqualTo(4);
    assertThat(stored.getStatus()).isNotNull();
    assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aMergePatchReplacesListsAndDeletesNullFieldsAsRfc7386Says() {
    Deployment created = apply(deployment("checkout", 2, "v1"), "rollgate");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editMetadata()
                    .addToLabels("track", "stable")
                    .endMetadata()
                    .build());

    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"track\":null}},\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"app\",\"image\":\"app:v2\"}]}}}}");

    Deployment stored = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(stored.getMetadata().getLabels()).doesNotContainKey("track");
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage())
        .containsExactly("app:v2");
    assertThat(stored.getMetadata().getGeneration())
        .isEqualTo(created.getMetadata().getGeneration() + 1);
  }

  @Test
  void aLabelPatchOfAPodWithAStoredStatusKeepsBothItsBodyAndItsStatus() {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("shop")
                .addToLabels("app", "x")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("a")
                .withImage("i")
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace("shop")
        .withName("p")
        .editStatus(
            p -> {
              p.setStatus(
                  new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                      .withPhase("Running")
                      .build());
              return p;
            });

    client
        .pods()
        .inNamespace("shop")
        .withName("p")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"t\":\"s\"}}}");

    var stored = client.pods().inNamespace("shop").withName("p").get();
    assertThat(stored.getMetadata().getLabels()).containsEntry("t", "s").containsEntry("app", "x");
    assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aMergePatchOfTheStatusSubresourceLeavesTheSpecAlone() {
    apply(deployment("checkout", 2, "v1"), "rollgate");

    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"readyReplicas\":2},\"spec\":{\"replicas\":9}}");

    Deployment stored = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(stored.getSpec().getReplicas()).isEqualTo(2);
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void applyOfAFieldAnotherManagerOwnsIsAConflictNamingManagerAndField() {
    apply(deployment("checkout", 2, "v1"), "rollgate");
    client
        .resource(deployment("checkout", 5, "v1"))
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();

    assertThatThrownBy(() -> apply(deployment("checkout", 3, "v1"), "rollgate"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getDetails().getCauses())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
                        assertThat(c.getMessage()).contains("\"kubectl\"");
                        assertThat(c.getField()).isEqualTo(".spec.replicas");
                      });
            });
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
  }

  @Test
  void forcedApplyTakesTheConflictingFieldOver() {
    apply(deployment("checkout", 5, "v1"), "kubectl");

    client
        .resource(deployment("checkout", 3, "v1"))
        .fieldManager("rollgate")
        .forceConflicts()
        .serverSideApply();

    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    assertThat(
            sandbox
                .fieldManagers("/apis/apps/v1/namespaces/shop/deployments/checkout")
                .get("kubectl"))
        .doesNotContain(".spec.replicas");
  }

  @Test
  void dryRunAnswersWithoutStoring() {
    apply(configMap("settings", "blue"), "rollgate");

    ConfigMap preview =
        client
            .resource(configMap("settings", "green"))
            .dryRun()
            .fieldManager("rollgate")
            .serverSideApply();
    client.resource(configMap("other", "red")).dryRun().create();
    client.resource(configMap("new", "red")).dryRun().fieldManager("rollgate").serverSideApply();

    assertThat(preview.getData()).containsEntry("color", "green");
    assertThat(stored("settings").getData()).containsEntry("color", "blue");
    assertThat(client.configMaps().inNamespace("shop").list().getItems())
        .extracting(cm -> cm.getMetadata().getName())
        .containsExactly("settings");
    assertThat(sandbox.requestLog()).filteredOn(l -> l.contains("dryRun=All")).hasSize(3);
  }

  @Test
  void injectedFailuresAnswerTheirStatusThenTheServerRecovers() {
    sandbox.failNext("GET", "/api/v1/namespaces/shop/configmaps", 503, 1);

    assertThatThrownBy(() -> client.configMaps().inNamespace("shop").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
    assertThat(client.configMaps().inNamespace("shop").list().getItems()).isEmpty();
  }

  @Test
  void recordsEveryRequestAndCountsTheWrites() {
    apply(configMap("settings", "blue"), "rollgate");
    client.configMaps().inNamespace("shop").withName("settings").get();
    client.configMaps().inNamespace("shop").withName("settings").delete();

    assertThat(sandbox.requestLog())
        .containsExactly(
            "PATCH /api/v1/namespaces/shop/configmaps/settings?fieldManager=rollgate",
            "GET /api/v1/namespaces/shop/configmaps/settings",
            "DELETE /api/v1/namespaces/shop/configmaps/settings");
    assertThat(sandbox.writeRequestCount()).isEqualTo(2);
  }

  @Test
  void closingAWatchWhileEventsFlowDoesNotFreezeTheServer() {
    AtomicInteger events = new AtomicInteger();
    for (int round = 0; round < 5; round++) {
      Watch watch =
          client
              .configMaps()
              .inNamespace("shop")
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                      events.incrementAndGet();
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
      int seen = events.get();
      for (int i = 0; i < 10; i++) {
        client.resource(configMap("cm-" + round + "-" + i, "x")).create();
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.get() > seen);
      watch.close();
    }

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.configMaps().inNamespace("shop").list().getItems().size() == 50);
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T apply(
      T object, String manager) {
    return client.resource(object).fieldManager(manager).serverSideApply();
  }

  private ConfigMap stored(String name) {
    return Optional.ofNullable(client.configMaps().inNamespace("shop").withName(name).get())
        .orElseThrow();
  }

  private static ConfigMap configMap(String name, String color) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .withData(Map.of("color", color))
        .build();
  }

  private static Deployment deployment(String name, int replicas, String version) {
    return Workloads.deployment("shop", name, replicas, "app:" + version);
  }
}
