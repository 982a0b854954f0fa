package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.canary.StateStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run cut short while it applies the canary's objects (a refused copy, a cluster that stops
 * answering, as good as a kill): no canary is left in the state without its objects, and the next
 * run starts it whole.
 */
class CanaryStartCutShortTest {
  private static final String NS = "checkout";
  private static final String COPY =
      "/api/v1/namespaces/" + NS + "/configmaps/checkout-config-canary";

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path pipeline;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {duration: 1h}\n");
    assertThat(sandbox.rollgate("run", pipeline.toString())).as(sandbox.printed()).isZero();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private int runNewRevision() {
    return sandbox.rollgate(
        "run",
        pipeline.toString(),
        "--set",
        "IMAGE=ghcr.io/acme/checkout:1.4.3",
        "--set",
        "LOG_LEVEL=debug",
        "--detach");
  }

  @Test
  void aRefusedCopyLeavesNoCanaryAndTheNextRunStartsItWithItsCopy() {
    sandbox.api.failNextStoring("PATCH", COPY, 422, 1);

    assertThat(runNewRevision()).as(sandbox.printed()).isNotZero();

    thenNoCanaryIsInFlight();
    assertThat(sandbox.configMap(NS, "checkout-config-canary")).isEmpty();
    thenTheNextRunStartsTheCanaryWithItsCopy();
  }

  @Test
  void aRunCutOffAtTheCopyLeavesNoCanaryForResumeToDriveWithoutIt() {
    sandbox.api.failNextStoring(
        "PATCH", COPY, 503, 5); // the cluster gone (5 attempts): as good as a kill

    assertThat(runNewRevision()).as(sandbox.printed()).isNotZero();

    thenNoCanaryIsInFlight();
    assertThat(sandbox.rollgate("resume", "checkout", "-n", NS)).as(sandbox.printed()).isZero();
    assertThat(sandbox.rollgate("promote", "checkout", "-n", NS))
        .isNotEqualTo(ExitCode.ROLLED_BACK);
    thenNoCanaryIsInFlight();
    thenTheNextRunStartsTheCanaryWithItsCopy();
  }

  private void thenNoCanaryIsInFlight() {
    Optional<StateStore.Saved> state = sandbox.state(NS, "checkout");
    assertThat(state).isPresent();
    assertThat(state.get().state().phase().isTerminal())
        .as(state.get().state().phase().label())
        .isTrue();
    assertThat(state.get().plan().revision()).doesNotContain("1.4.3");
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
  }

  private void thenTheNextRunStartsTheCanaryWithItsCopy() {
    assertThat(runNewRevision()).as(sandbox.printed()).isZero();
    assertThat(sandbox.configMap(NS, "checkout-config-canary")).isPresent();
    assertThat(
            sandbox
                .deployment(NS, "checkout-canary")
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .toString())
        .contains("checkout-config-canary");
  }
}
