package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.canary.CutOffStates;
import io.rollgate.canary.StateStore;
import io.rollgate.kube.ConfigMapStateStore;
import io.rollgate.kube.KubeCalls;
import io.rollgate.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run after one cut off mid-rollback or mid-promotion ends the rollout right. */
class CutOffCanaryTest {
  private static final String NS = "checkout";

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path pipeline;
  private ConfigMapStateStore store;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {duration: 1h}\n");
    assertThat(sandbox.rollgate("run", pipeline.toString())).as(sandbox.printed()).isZero();
    assertThat(
            sandbox.rollgate(
                "run",
                pipeline.toString(),
                "--set",
                "IMAGE=ghcr.io/acme/checkout:1.4.3",
                "--detach"))
        .as(sandbox.printed())
        .isZero();
    store =
        new ConfigMapStateStore(
            sandbox.client(),
            new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}),
            NS,
            "checkout");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aRollbackCutOffIsFinishedByResumeAlsoWhenSomeoneDeletedTheStableDeployment()
      throws Exception {
    StateStore.Saved s = store.read().orElseThrow();
    store.update(s, CutOffStates.rollingBack(s.state(), sandbox.clock.instant()));
    sandbox.client().apps().deployments().inNamespace(NS).withName("checkout").delete();

    int code = sandbox.rollgate("resume", pipeline.toString());

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(store.read().orElseThrow().state().phase().isTerminal()).isTrue();
  }

  @Test
  void aNewRevisionOverACanaryCutOffInItsPromotionKeepsTheTemplateStableRunsAfterTheRollback()
      throws Exception {
    // a promotion cut off: the state says PROMOTING, stable already has 1.4.3's template
    StateStore.Saved s = store.read().orElseThrow();
    store.update(s, CutOffStates.promoting(s.state(), sandbox.clock.instant()));
    sandbox
        .client()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("checkout")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("ghcr.io/acme/checkout:1.4.3");
              return d;
            });

    sandbox.rollgate(
        "run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.4", "--detach");

    assertThat(sandbox.out.toString()).contains("rolling it back first");
    assertThat(sandbox.image(NS, "checkout")).isEqualTo("ghcr.io/acme/checkout:1.4.2");
    StateStore.Saved now = store.read().orElseThrow();
    assertThat(image(now.plan().previousTemplate())).isEqualTo("ghcr.io/acme/checkout:1.4.2");
  }

  @SuppressWarnings("unchecked")
  private static String image(Map<String, Object> template) {
    Map<String, Object> spec = (Map<String, Object>) template.get("spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
    return String.valueOf(containers.get(0).get("image"));
  }
}
