package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.StateConflictException;
import io.rollgate.canary.StateStore;
import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.pipeline.StepSpec;
import io.rollgate.pipeline.TrafficSpec;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigMapStateStoreTest {
  private static final Instant T = Instant.parse("2026-12-01T03:00:00Z");

  private final SandboxApiServer api = SandboxApiServer.start();
  private final KubernetesClient client = api.client();
  private final KubeCalls calls = new KubeCalls(Backoff.fixed(3, Duration.ZERO), d -> {});

  @AfterEach
  void stop() {
    api.close();
  }

  static CanaryPlan plan(String pipeline) {
    return new CanaryPlan(
        pipeline,
        "checkout",
        "rev1",
        new CanarySpec.TargetRef("Deployment", "checkout"),
        new TrafficSpec.Replicas(),
        List.of(new StepSpec.SetWeight(10)),
        new PipelineLoader(Map.of())
            .load(Path.of("pipelines/checkout.yaml"), Map.of(), Optional.empty())
            .spec()
            .production()
            .orElseThrow()
            .canary()
            .analysis(),
        new io.rollgate.pipeline.RolloutSpec(Duration.ofMinutes(5), Duration.ofSeconds(30)),
        Map.of(),
        Map.of("kind", "Deployment"),
        Map.of(),
        List.of());
  }

  @Test
  void aStateIsSavedLabelledAndReadBack() throws Exception {
    ConfigMapStateStore store = new ConfigMapStateStore(client, calls, "checkout", "checkout");
    StateStore.Saved saved = store.create(plan("checkout"), CanaryState.start("rev1", T));

    ConfigMap cm = client.configMaps().inNamespace("checkout").withName("rollgate-checkout").get();
    assertThat(cm.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "rollgate")
        .containsEntry("app.kubernetes.io/component", "rollout-state")
        .containsEntry("rollgate.io/pipeline", "checkout");
    assertThat(cm.getMetadata().getAnnotations()).containsEntry("rollgate.io/phase", "progressing");
    assertThat(store.read())
        .get()
        .satisfies(
            r -> {
              assertThat(r.plan()).isEqualTo(saved.plan());
              assertThat(r.state()).isEqualTo(saved.state());
            });
  }

  @Test
  void ofTwoWritesFromTheSameReadOnlyTheFirstLands() throws Exception {
    ConfigMapStateStore store = new ConfigMapStateStore(client, calls, "checkout", "checkout");
    StateStore.Saved read = store.create(plan("checkout"), CanaryState.start("rev1", T));

    store.update(read, CanaryState.start("rev1", T.plusSeconds(1)));

    assertThatThrownBy(() -> store.update(read, CanaryState.start("rev1", T.plusSeconds(2))))
        .isInstanceOf(StateConflictException.class);
    assertThat(store.read().get().state().startedAt()).isEqualTo(T.plusSeconds(1));
  }

  @Test
  void aSecondCreateIsAConflict() throws Exception {
    ConfigMapStateStore store = new ConfigMapStateStore(client, calls, "checkout", "checkout");
    store.create(plan("checkout"), CanaryState.start("rev1", T));

    assertThatThrownBy(() -> store.create(plan("checkout"), CanaryState.start("rev1", T)))
        .isInstanceOf(StateConflictException.class);
  }

  @Test
  void listingFindsEveryRolloutInOneCallAndReportsAnUnreadableOne() throws Exception {
    for (int i = 0; i < 5; i++) {
      new ConfigMapStateStore(client, calls, "team-" + (i % 2), "p" + i)
          .create(plan("p" + i), CanaryState.start("rev1", T));
    }
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("rollgate-broken")
                .withNamespace("team-0")
                .addToLabels("app.kubernetes.io/managed-by", "rollgate")
                .addToLabels("app.kubernetes.io/component", "rollout-state")
                .endMetadata()
                .withData(Map.of("state.json", "{"))
                .build())
        .create();
    long before = api.requestLog().size();

    ConfigMapStateStore.Listing all = ConfigMapStateStore.list(client, calls, List.of());
    ConfigMapStateStore.Listing team1 = ConfigMapStateStore.list(client, calls, List.of("team-1"));

    assertThat(api.requestLog().size() - before).isEqualTo(2);
    assertThat(all.rollouts()).hasSize(6);
    assertThat(all.rollouts())
        .filteredOn(l -> l.problem().isPresent())
        .singleElement()
        .satisfies(l -> assertThat(l.pipeline()).isEqualTo("broken"));
    assertThat(team1.rollouts())
        .extracting(ConfigMapStateStore.Listed::pipeline)
        .containsExactlyInAnyOrder("p1", "p3");
  }
}
