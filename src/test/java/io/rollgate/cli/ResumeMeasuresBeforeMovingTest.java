package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary someone changed while nothing ran: resume measures the intervals that passed first, and
 * only then compares the live canary with the state (putting it back unless it is rolled back).
 */
class ResumeMeasuresBeforeMovingTest {
  private static final String NS = "checkout";
  private static final String STEPS =
      "- setWeight: 25\n- pause: {duration: 1h}\n- setWeight: 50\n- pause: {duration: 30m}\n";
  private static final String CANARY = "/namespaces/" + NS + "/deployments/checkout-canary";

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path pipeline;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    pipeline = sandbox.pipeline("checkout", NS, STEPS);
    assertThat(sandbox.rollgate("run", pipeline.toString())).as(sandbox.printed()).isZero();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Instant detachAndScaleCanaryToZero() {
    int code =
        sandbox.rollgate(
            "run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3", "--detach");
    assertThat(code).as(sandbox.printed()).isZero();
    Instant start = sandbox.state(NS, "checkout").get().state().analysisStartedAt().orElseThrow();
    // on-call takes the canary out of service
    sandbox
        .client()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("checkout-canary")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}");
    return start;
  }

  @Test
  void aCanaryBadDuringTheGapIsRolledBackWithoutBeingScaledUpFirst() {
    Instant start = detachAndScaleCanaryToZero();
    Instant badFrom = start.plus(Duration.ofMinutes(1));
    Instant badTo = start.plus(Duration.ofMinutes(3));
    sandbox.metrics.errors =
        (track, t) ->
            track.equals("canary") && !t.isBefore(badFrom) && t.isBefore(badTo) ? 0.3 : 0.001;
    sandbox.clock.sleep(Duration.ofMinutes(20));
    int before = sandbox.api.requests().size();

    int code = sandbox.rollgate("resume", pipeline.toString());

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    List<String> requests =
        sandbox.api.requests().subList(before, sandbox.api.requests().size()).stream()
            .map(r -> r.method() + " " + r.path())
            .toList();
    // the canary is drained and deleted, never scaled back up on the way out: no pod starts
    assertThat(requests).noneMatch(r -> r.startsWith("POST") && r.contains("/pods"));
    assertThat(requests)
        .filteredOn(r -> r.contains(CANARY) && !r.startsWith("GET") && !r.contains("/status"))
        .containsExactly("PATCH /apis/apps/v1" + CANARY, "DELETE /apis/apps/v1" + CANARY);
    String out = sandbox.out.toString();
    assertThat(out)
        .contains("error-rate 0.3 > max 0.05")
        .contains("the live canary differs from the saved state: 0 canary pods asked")
        .contains("left as it is: the canary is being rolled back")
        .doesNotContain("putting the saved weight back");
    assertThat(out.indexOf("that passed while nothing ran"))
        .isLessThan(out.indexOf("the live canary differs"));
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
  }

  @Test
  void aCanaryHealthyThroughTheGapIsMeasuredFirstAndThenPutBack() {
    detachAndScaleCanaryToZero();
    sandbox.clock.sleep(Duration.ofMinutes(20));
    int before = sandbox.rollgateWrites().size();

    int code = sandbox.rollgate("resume", pipeline.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    List<String> writes = sandbox.rollgateWrites().subList(before, sandbox.rollgateWrites().size());
    int measuredSaved = indexOf(writes, "/configmaps/rollgate-checkout");
    int canaryScaled = indexOf(writes, CANARY);
    assertThat(measuredSaved).as(writes.toString()).isNotNegative();
    assertThat(canaryScaled).as(writes.toString()).isGreaterThan(measuredSaved);
    String out = sandbox.out.toString();
    assertThat(out.indexOf("measured 40 intervals"))
        .as(out)
        .isNotNegative()
        .isLessThan(out.indexOf("putting the saved weight back"));
    assertThat(sandbox.deployment(NS, "checkout-canary").get().getSpec().getReplicas())
        .isEqualTo(1);
  }

  private static int indexOf(List<String> writes, String path) {
    for (int i = 0; i < writes.size(); i++) {
      if (writes.get(i).contains(path)) {
        return i;
      }
    }
    return -1;
  }
}
