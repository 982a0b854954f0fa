package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rollgate.canary.Phase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rollgate run` through the production canary against the sandbox cluster, through the real
 * command line: promotion, rollback on each kind of breach, waiting for a person, the stable
 * workload left alone, configuration copies.
 */
class CanaryRunTest {
  private static final String NS = "checkout";
  private static final String STEPS =
      """
      - setWeight: 25
      - analysis: {duration: 2m}
      - setWeight: 50
      - pause: {duration: 5m}
      - setWeight: 100
      - analysis: {duration: 1m}
      """;

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path pipeline;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    pipeline = sandbox.pipeline("checkout", NS, STEPS);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private int deploy(String version, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                pipeline.toString(),
                "--set",
                "IMAGE=ghcr.io/acme/checkout:" + version,
                "--set",
                "VERSION=" + version));
    args.addAll(List.of(more));
    return sandbox.rollgate(args.toArray(String[]::new));
  }

  private void firstDeploy() {
    assertThat(deploy("1.4.2")).as(sandbox.printed()).isZero();
    assertThat(sandbox.printed()).contains("first deploy");
  }

  @Test
  void aHealthyCanaryIsPromotedAndLeavesNothingBehind() {
    firstDeploy();

    int code = deploy("1.4.3");

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.image(NS, "checkout")).isEqualTo("ghcr.io/acme/checkout:1.4.3");
    Deployment stable = sandbox.deployment(NS, "checkout").orElseThrow();
    assertThat(stable.getSpec().getReplicas()).isEqualTo(4);
    assertThat(stable.getStatus().getReadyReplicas()).isEqualTo(4);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.configMap(NS, "checkout-config-canary")).isEmpty();
    assertThat(sandbox.state(NS, "checkout").get().state().phase()).isEqualTo(Phase.PROMOTED);
    assertThat(sandbox.out.toString())
        .contains(
            "step 1 at 25% (effective 20%): advance: weight 25% set: 1 canary and 4 stable pods ready")
        .contains(
            "step 3 at 50% (effective 50%): advance: weight 50% set: 4 canary and 4 stable pods ready")
        .contains("production: promoted:");
  }

  @Test
  void anErrorRateOverMaxRollsBackAndNeverTouchesTheStableWorkload() {
    firstDeploy();
    Deployment before = sandbox.deployment(NS, "checkout").orElseThrow();
    int writesBefore = sandbox.rollgateWrites().size();
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? 0.2 : 0.001;

    int code = deploy("1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.out.toString())
        .contains("error-rate 0.2 > max 0.05")
        .contains("rolled back:");
    Deployment after = sandbox.deployment(NS, "checkout").orElseThrow();
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
    assertThat(after.getSpec().getReplicas()).isEqualTo(4);
    assertThat(sandbox.rollgateWrites().subList(writesBefore, sandbox.rollgateWrites().size()))
        .noneMatch(
            w -> w.endsWith("/deployments/checkout") || w.contains("/deployments/checkout?"));
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.state(NS, "checkout").get().state().phase()).isEqualTo(Phase.ROLLED_BACK);
  }

  @Test
  void aLatencyBreachRollsBack() {
    firstDeploy();
    sandbox.metrics.latency = (track, t) -> track.equals("canary") ? 1.2 : 0.1;

    assertThat(deploy("1.4.3")).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.out.toString()).contains("p99-latency 1.2 > max 0.5");
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.2");
  }

  @Test
  void aCanaryWorseThanStableRollsBackEvenUnderItsMax() {
    firstDeploy();
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? 0.04 : 0.001;

    assertThat(deploy("1.4.3")).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.out.toString())
        .contains("errors-vs-stable")
        .contains("failed measurements of errors-vs-stable");
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.2");
  }

  @Test
  void noDataPastTheInconclusiveLimitWaitsForAPersonAndIsNeverPromoted() {
    firstDeploy();
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? Double.NaN : 0.001;

    int code = deploy("1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.WAITING);
    assertThat(sandbox.out.toString())
        .contains("inconclusive measurements of error-rate, more than inconclusiveLimit 2");
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.2");
    assertThat(sandbox.state(NS, "checkout").get().state().phase()).isEqualTo(Phase.INCONCLUSIVE);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isPresent();
  }

  @Test
  void aManualPauseExits5AndPromoteContinuesItToTheEnd() throws Exception {
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {}\n- setWeight: 50\n");
    firstDeploy();

    assertThat(deploy("1.4.3")).as(sandbox.printed()).isEqualTo(ExitCode.WAITING);
    assertThat(sandbox.out.toString())
        .contains("paused at step 2: run `rollgate promote` to go on");
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.2");

    int code = sandbox.rollgateAs("alice", "promote", "checkout", "-n", NS);

    // the pause is passed and the last weight set; it is measured once before promotion
    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString())
        .contains("pause passed: promote by alice")
        .contains("weight 50% set")
        .contains("a measurement at the final weight before promoting");
    sandbox.clock.sleep(java.time.Duration.ofSeconds(31));
    assertThat(sandbox.rollgate("resume", pipeline.toString())).as(sandbox.printed()).isZero();
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.3");
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
  }

  @Test
  void abortRollsBackAndASecondAbortWritesNothing() throws Exception {
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {}\n");
    firstDeploy();
    assertThat(deploy("1.4.3")).isEqualTo(ExitCode.WAITING);

    assertThat(sandbox.rollgateAs("bob", "abort", pipeline.toString()))
        .as(sandbox.printed())
        .isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.out.toString()).contains("aborted: abort by bob");
    int writes = sandbox.rollgateWrites().size();

    int again = sandbox.rollgateAs("bob", "abort", pipeline.toString());

    assertThat(again).isZero();
    assertThat(sandbox.out.toString())
        .contains("nothing in flight to abort")
        .contains("nothing was changed");
    assertThat(sandbox.rollgateWrites()).hasSize(writes); // not even the Lease
  }

  @Test
  void aCanaryThatCrashLoopsIsRolledBackNamingPodContainerAndReason() {
    firstDeploy();

    int code = deploy("crashloop");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.out.toString())
        .containsPattern("checkout-canary-[a-z0-9]+-[a-z0-9]+")
        .contains("container checkout")
        .contains("CrashLoopBackOff");
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.2");
  }

  @Test
  void changedConfigurationReachesOnlyTheCanaryUntilPromotion() throws Exception {
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {}\n");
    firstDeploy();

    int paused = deploy("1.4.3", "--set", "LOG_LEVEL=debug");

    assertThat(paused).as(sandbox.printed()).isEqualTo(ExitCode.WAITING);
    assertThat(sandbox.configMap(NS, "checkout-config").get().getData())
        .containsEntry("LOG_LEVEL", "info");
    assertThat(sandbox.configMap(NS, "checkout-config-canary").get().getData())
        .containsEntry("LOG_LEVEL", "debug");
    assertThat(
            sandbox
                .deployment(NS, "checkout-canary")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnvFrom()
                .get(0)
                .getConfigMapRef()
                .getName())
        .isEqualTo("checkout-config-canary");
    assertThat(
            sandbox
                .deployment(NS, "checkout")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnvFrom()
                .get(0)
                .getConfigMapRef()
                .getName())
        .isEqualTo("checkout-config");

    assertThat(sandbox.rollgate("promote", pipeline.toString())).as(sandbox.printed()).isZero();

    assertThat(sandbox.configMap(NS, "checkout-config").get().getData())
        .containsEntry("LOG_LEVEL", "debug");
    assertThat(sandbox.configMap(NS, "checkout-config-canary")).isEmpty();
    assertThat(sandbox.configMap(NS, "checkout-config-rollgate-previous")).isEmpty();
  }

  @Test
  void aRollbackRemovesTheConfigurationCopyAndLeavesTheRealOneAlone() throws Exception {
    firstDeploy();
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? 0.3 : 0.001;

    assertThat(deploy("1.4.3", "--set", "LOG_LEVEL=debug")).isEqualTo(ExitCode.ROLLED_BACK);

    assertThat(sandbox.configMap(NS, "checkout-config-canary")).isEmpty();
    assertThat(sandbox.configMap(NS, "checkout-config").get().getData())
        .containsEntry("LOG_LEVEL", "info");
  }

  @Test
  void aNewRevisionMidCanaryRollsTheOlderOneBackFirstAndCountsFromZero() throws Exception {
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {}\n");
    firstDeploy();
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? 0.06 : 0.001; // one failure
    sandbox.metrics.errors = (track, t) -> 0.001;
    assertThat(deploy("1.4.3")).isEqualTo(ExitCode.WAITING);
    String older = sandbox.state(NS, "checkout").get().plan().revision();

    int code = deploy("1.4.4");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.WAITING);
    assertThat(sandbox.out.toString())
        .contains("revision " + older + " is still in flight: rolling it back first")
        .contains("superseded: revision");
    var now = sandbox.state(NS, "checkout").get();
    assertThat(now.plan().revision()).isNotEqualTo(older);
    assertThat(now.state().counts().totalFailures()).isZero();
    assertThat(sandbox.image(NS, "checkout-canary")).endsWith(":1.4.4");
  }

  @Test
  void runningTheSameRevisionAgainDoesNothing() {
    firstDeploy();
    long writes = sandbox.rollgateWrites().size();

    int code = deploy("1.4.2");

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString()).contains("already runs this revision");
    // only the Lease was taken and given back
    assertThat(sandbox.rollgateWrites().subList((int) writes, sandbox.rollgateWrites().size()))
        .allMatch(w -> w.contains("/leases"));
  }
}
