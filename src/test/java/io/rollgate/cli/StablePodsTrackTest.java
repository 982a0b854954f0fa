package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stable pods started mid-canary are marked as the stable track before the next measurement. */
class StablePodsTrackTest {
  private static final String NS = "checkout";
  private static final String TRACK = "rollgate.io/track";

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

  private List<Pod> stablePods() {
    return sandbox
        .client()
        .pods()
        .inNamespace(NS)
        .withLabel("app", "checkout")
        .list()
        .getItems()
        .stream()
        .filter(p -> !p.getMetadata().getName().startsWith("checkout-canary"))
        .toList();
  }

  @Test
  void aStablePodStartedMidCanaryIsMarkedStableBeforeTheNextMeasurement() {
    int code =
        sandbox.rollgate(
            "run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3", "--detach");
    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(stablePods()).isNotEmpty().allMatch(p -> "stable".equals(track(p)));
    // a restart (or an autoscaler) brings up a stable pod without the track
    String restarted = stablePods().get(0).getMetadata().getName();
    sandbox
        .client()
        .pods()
        .inNamespace(NS)
        .withName(restarted)
        .edit(
            (Pod p) -> {
              p.getMetadata().getLabels().remove(TRACK);
              return p;
            });
    assertThat(track(sandbox.client().pods().inNamespace(NS).withName(restarted).get())).isNull();
    sandbox.clock.sleep(Duration.ofMinutes(1));

    assertThat(sandbox.rollgate("resume", pipeline.toString())).as(sandbox.printed()).isZero();

    assertThat(sandbox.out.toString()).contains("measured");
    assertThat(track(sandbox.client().pods().inNamespace(NS).withName(restarted).get()))
        .isEqualTo("stable");
    assertThat(stablePods()).allMatch(p -> "stable".equals(track(p)));
  }

  private static String track(Pod p) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return labels == null ? null : labels.get(TRACK);
  }
}
