package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rollgate.canary.Phase;
import io.rollgate.kube.KubeCalls;
import io.rollgate.kube.PipelineLeases;
import io.rollgate.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --detach, then resume (one, many, --all), status: a canary across hours nothing ran. */
class ResumeCommandTest {
  private static final String NS = "checkout";
  private static final String STEPS =
      "- setWeight: 25\n- pause: {duration: 1h}\n- setWeight: 50\n- pause: {duration: 30m}\n";

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

  /** The test's pipeline file as {@code name}, its text edited. */
  private Path variant(String name, java.util.function.UnaryOperator<String> edit)
      throws java.io.IOException {
    return java.nio.file.Files.writeString(
        temp.resolve(name), edit.apply(java.nio.file.Files.readString(pipeline)));
  }

  private Instant detach(Path file) {
    int code =
        sandbox.rollgate(
            "run", file.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3", "--detach");
    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString()).contains("in flight and healthy; next action due at");
    return sandbox.state(NS, "checkout").get().state().analysisStartedAt().orElseThrow();
  }

  @Test
  void aCanaryBadOnlyWhileNothingRanIsRolledBackOnResumeNamingTheInterval() {
    Instant start = detach(pipeline);
    Instant badFrom = start.plus(Duration.ofMinutes(10));
    Instant badTo = start.plus(Duration.ofMinutes(15));
    sandbox.metrics.errors =
        (track, t) ->
            track.equals("canary") && !t.isBefore(badFrom) && t.isBefore(badTo) ? 0.3 : 0.001;
    sandbox.clock.sleep(Duration.ofMinutes(40)); // nothing runs; at 40 min the canary looks fine
    long rangeCallsBefore = sandbox.metrics.rangeCalls();

    int code = sandbox.rollgate("resume", pipeline.toString());

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    // failureLimit 1: the second failing interval decides
    assertThat(sandbox.out.toString())
        .contains("that passed while nothing ran (one query_range per query)")
        .contains(" at " + badFrom.plusSeconds(30) + ", ")
        .contains(" measured together)")
        .contains("error-rate 0.3 > max 0.05");
    // one query_range per distinct query (error-rate and p99 for the canary, error-rate for stable)
    assertThat(sandbox.metrics.rangeCalls() - rangeCallsBefore).isEqualTo(3);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.2");
  }

  @Test
  void aCanaryHealthyThroughTheGapIsAdvancedByLaterResumesAndPromoted() {
    detach(pipeline);

    sandbox.clock.sleep(Duration.ofMinutes(70));
    assertThat(sandbox.rollgate("resume", pipeline.toString())).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString()).contains("weight 50% set");
    sandbox.clock.sleep(Duration.ofMinutes(31));
    assertThat(sandbox.rollgate("resume", "checkout", "-n", NS)).as(sandbox.printed()).isZero();

    assertThat(sandbox.out.toString()).contains("promoted");
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.3");
    assertThat(sandbox.state(NS, "checkout").get().state().phase()).isEqualTo(Phase.PROMOTED);
  }

  @Test
  void resumeNeverWaitsWhenNothingIsDue() {
    detach(pipeline);
    String version = sandbox.state(NS, "checkout").get().version();
    int writes = sandbox.rollgateWrites().size();

    int code = sandbox.rollgate("resume", pipeline.toString());

    assertThat(code).isZero();
    assertThat(sandbox.out.toString()).contains("nothing due; next action due at");
    assertThat(sandbox.state(NS, "checkout").get().version()).isEqualTo(version);
    assertThat(sandbox.rollgateWrites()).hasSize(writes); // not even the Lease
  }

  @Test
  void prometheusOutOfReachOnResumeExits7AndTheNextResumeMeasuresTheMissedIntervals() {
    detach(pipeline);
    sandbox.clock.sleep(Duration.ofMinutes(5));
    sandbox.metrics.down = true;

    assertThat(sandbox.rollgate("resume", pipeline.toString()))
        .as(sandbox.printed())
        .isEqualTo(ExitCode.UNREACHABLE);
    assertThat(sandbox.out.toString()).contains("Prometheus could not be reached");

    sandbox.metrics.down = false;
    sandbox.clock.sleep(Duration.ofMinutes(5));
    assertThat(sandbox.rollgate("resume", pipeline.toString())).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString()).contains("measured 20 intervals");
  }

  @Test
  void resumeAllListsOnceActsOnlyOnWhatIsDueAndSkipsAHeldLock() throws Exception {
    // five pipelines in five namespaces, each deployed once, then a canary detached
    for (int i = 1; i <= 5; i++) {
      Path p = sandbox.pipeline("p" + i, "team-" + i, STEPS);
      assertThat(sandbox.rollgate("run", p.toString())).as(sandbox.printed()).isZero();
      if (i == 4) {
        sandbox.clock.sleep(Duration.ofSeconds(45)); // p1..p3 get a measurement due; p4, p5 do not
      }
      assertThat(
              sandbox.rollgate(
                  "run", p.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3", "--detach"))
          .as(sandbox.printed())
          .isZero();
    }
    new PipelineLeases(
            sandbox.client(),
            new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}),
            sandbox.clock,
            d -> {},
            "other-job",
            false)
        .acquire("team-2", "rollgate-p2", Duration.ZERO);
    String p4Version = sandbox.state("team-4", "p4").get().version();
    long listsBefore =
        sandbox.api.requestLog().stream()
            .filter(l -> l.startsWith("GET /api/v1/configmaps?labelSelector"))
            .count();

    int code = sandbox.rollgate("resume", "--all");

    assertThat(code).as(sandbox.printed()).isZero();
    String out = sandbox.out.toString();
    assertThat(out).contains("p1 (namespace team-1): in flight and healthy");
    assertThat(out)
        .contains("p2 (namespace team-2): skipped: another run holds its lock (other-job)");
    assertThat(out).contains("p4 (namespace team-4): nothing due; next action due at");
    assertThat(out).contains("p5 (namespace team-5): nothing due");
    assertThat(
            sandbox.api.requestLog().stream()
                    .filter(l -> l.startsWith("GET /api/v1/configmaps?labelSelector"))
                    .count()
                - listsBefore)
        .isEqualTo(1);
    assertThat(sandbox.state("team-4", "p4").get().version()).isEqualTo(p4Version);
    assertThat(sandbox.state("team-1", "p1").get().state().measuredThrough()).isPresent();
  }

  @Test
  void resumeOfOneWhoseLockIsHeldExits6() throws Exception {
    detach(pipeline);
    sandbox.clock.sleep(Duration.ofMinutes(5));
    new PipelineLeases(
            sandbox.client(),
            new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}),
            sandbox.clock,
            d -> {},
            "other-job",
            false)
        .acquire(NS, "rollgate-checkout", Duration.ZERO);

    assertThat(sandbox.rollgate("resume", pipeline.toString())).isEqualTo(ExitCode.LOCKED);
  }

  @Test
  void statusShowsStepWeightsDecisionsNextActionAndLockAsTextAndJson() {
    detach(pipeline);

    assertThat(sandbox.rollgate("status", pipeline.toString())).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString())
        .contains("pipeline checkout in namespace checkout: revision")
        .contains("step:     2 of 4 (pause 1h)")
        .contains("weight:   25% asked, 20% effective (1 canary, 4 stable pods)")
        .contains("next:     due at")
        .contains("lock:     free")
        .contains("advance: weight 25% set");

    assertThat(sandbox.rollgate("status", "checkout", "-n", NS, "--output", "json")).isZero();
    JsonObject json = JsonParser.parseString(sandbox.out.toString()).getAsJsonObject();
    assertThat(json.get("phase").getAsString()).isEqualTo("progressing");
    assertThat(json.get("step").getAsInt()).isEqualTo(2);
    assertThat(json.get("steps").getAsInt()).isEqualTo(4);
    assertThat(json.get("askedWeight").getAsInt()).isEqualTo(25);
    assertThat(json.get("effectiveWeight").getAsDouble()).isEqualTo(20.0);
    assertThat(json.getAsJsonObject("next").has("dueAt")).isTrue();
    assertThat(json.getAsJsonObject("lock").get("held").getAsBoolean()).isFalse();
    assertThat(json.getAsJsonArray("decisions")).isNotEmpty();
  }

  @Test
  void statusOfAPipelineNeverRolledOutSaysSo() throws Exception {
    assertThat(sandbox.rollgate("status", "never", "-n", "nowhere")).isZero();
    assertThat(sandbox.out.toString()).contains("no rollout yet");
  }

  @Test
  void aQueryPrometheusRejectsStopsTheCanaryBeforeAnyTrafficMovesWithExit2() {
    sandbox.metrics.rejectQueries = true;

    int code =
        sandbox.rollgate("run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.state(NS, "checkout").get().state().phase()).isEqualTo(Phase.PROMOTED);
  }

  @Test
  void prometheusOutOfReachBeforeTheCanaryStartsExits7WithNothingStarted() {
    sandbox.metrics.down = true;

    int code =
        sandbox.rollgate("run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
  }

  @Test
  void aPlanWhosePrometheusCredentialsWereWithheldNeedsThePipelineFileToMeasureButNotToAbort()
      throws Exception {
    Path withHeader =
        variant(
            "with-header.yaml",
            text ->
                text.replace(
                    "prometheus: {address: \"http://prometheus.test:9090\"}",
                    "prometheus: {address: \"http://prometheus.test:9090\", headers: {Authorization: \"Bearer tok-5f2e9a\"}}"));
    detach(withHeader);
    sandbox.clock.sleep(Duration.ofMinutes(5));
    String state =
        sandbox
            .client()
            .configMaps()
            .inNamespace(NS)
            .withName("rollgate-checkout")
            .get()
            .getData()
            .toString();
    assertThat(state).doesNotContain("tok-5f2e9a").contains("header Authorization");

    assertThat(sandbox.rollgate("resume", "checkout", "-n", NS)).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.printed())
        .contains("withheld from the state")
        .contains("pass the pipeline file");

    assertThat(sandbox.rollgate("resume", withHeader.toString())).as(sandbox.printed()).isZero();
    assertThat(sandbox.rollgate("abort", "checkout", "-n", NS))
        .as(sandbox.printed())
        .isEqualTo(ExitCode.ROLLED_BACK);
  }

  @Test
  void resumeOfAPipelineFileConnectsWithTheFilesProductionContext() throws Exception {
    Path withContext =
        variant(
            "with-context.yaml",
            text ->
                text.replace(
                    "    namespace: checkout\n",
                    "    namespace: checkout\n    context: prod-ctx\n"));
    assertThat(java.nio.file.Files.readString(withContext)).contains("context: prod-ctx");
    detach(withContext);
    sandbox.clock.sleep(Duration.ofMinutes(5));
    java.util.List<java.util.Optional<String>> contexts =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Services recording =
        sandbox
            .services("ci-run")
            .withClusters(
                (kubeconfig, context) -> {
                  contexts.add(context);
                  return sandbox.connect();
                });

    int code = sandbox.rollgateWith(recording, "resume", withContext.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(contexts).containsExactly(java.util.Optional.of("prod-ctx"));
    assertThat(sandbox.state(NS, "checkout").get().state().measuredThrough()).isPresent();
  }

  @Test
  void resumeWithNothingDueStillSaysAndPutsBackACanaryScaledByHand() {
    detach(pipeline);
    int saved = sandbox.state(NS, "checkout").get().state().canaryReplicas();
    assertThat(saved).isPositive();
    sandbox
        .client()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("checkout-canary")
        .edit(
            d -> {
              d.getSpec().setReplicas(saved + 2);
              return d;
            });

    int code = sandbox.rollgate("resume", pipeline.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString())
        .contains("the live canary differs from the saved state")
        .contains("putting the saved weight back");
    assertThat(sandbox.deployment(NS, "checkout-canary").get().getSpec().getReplicas())
        .isEqualTo(saved);
  }

  @Test
  void resumeAllWithOneUnreadableStateStillExitsWithTheRollbackOfAnother() {
    Instant start = detach(pipeline);
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? 0.3 : 0.001;
    sandbox.clock.sleep(Duration.ofMinutes(5));
    sandbox
        .client()
        .configMaps()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("rollgate-broken")
                .addToLabels(io.rollgate.kube.ConfigMapStateStore.MANAGED_BY, "rollgate")
                .addToLabels(
                    io.rollgate.kube.ConfigMapStateStore.COMPONENT,
                    io.rollgate.kube.ConfigMapStateStore.STATE_COMPONENT)
                .addToLabels(io.rollgate.kube.ConfigMapStateStore.PIPELINE_LABEL, "broken")
                .endMetadata()
                .addToData("state.json", "{not json")
                .addToData("plan.json", "{}")
                .build())
        .create();

    int code = sandbox.rollgate("resume", "--all", "-n", NS);

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(sandbox.out.toString())
        .contains("broken (namespace checkout): cannot read its state")
        .contains("checkout (namespace checkout): rolled back");
    assertThat(start).isNotNull();
  }

  @Test
  void aClusterOutOfReachForOnePipelineFileNeverStopsTheOthersResume() throws Exception {
    Path inA =
        variant(
            "in-a.yaml",
            text ->
                text.replace(
                    "    namespace: checkout\n", "    namespace: checkout\n    context: prod-a\n"));
    Path inB =
        variant(
            "in-b.yaml",
            text ->
                text.replace("name: checkout\n", "name: payments\n")
                    .replace(
                        "    namespace: checkout\n",
                        "    namespace: payments\n    context: prod-b\n"));
    detach(inA);
    sandbox.clock.sleep(Duration.ofMinutes(5));
    Services oneDown =
        sandbox
            .services("ci-run")
            .withClusters(
                (kubeconfig, context) -> {
                  if (context.equals(java.util.Optional.of("prod-b"))) {
                    throw new io.rollgate.kube.KubeconfigException(
                        kubeconfig, context, "no context named 'prod-b'");
                  }
                  return sandbox.connect();
                });

    int code = sandbox.rollgateWith(oneDown, "resume", inA.toString(), inB.toString());

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.out.toString())
        .contains("checkout (namespace checkout): in flight and healthy")
        .contains("payments (namespace payments): failed: ")
        .contains("prod-b");
    assertThat(sandbox.state(NS, "checkout").get().state().measuredThrough()).isPresent();
  }
}
