package io.rollgate.canary;

import static io.rollgate.canary.CanaryPlans.analysis;
import static io.rollgate.canary.CanaryPlans.manualPause;
import static io.rollgate.canary.CanaryPlans.pause;
import static io.rollgate.canary.CanaryPlans.plan;
import static io.rollgate.canary.CanaryPlans.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconcile loop against in-memory ports: a 20-minute canary runs in milliseconds. */
class CanaryRunnerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

  private final TestClock clock = new TestClock(T0);
  private final ScriptedMetrics metrics = new ScriptedMetrics();
  private final ExecutorService executor = io.rollgate.analysis.AnalysisTick.boundedExecutor(2);
  private final List<CanaryEvent> events = new ArrayList<>();
  private FakeCluster cluster = new FakeCluster();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private CanaryRunner runner(FakeCluster c) {
    return new CanaryRunner(
        c.store,
        c.lease(),
        c.workloads,
        c.router,
        new CanaryAnalysis(metrics, executor),
        clock,
        clock::advance,
        events::add);
  }

  private StateStore.Saved start(FakeCluster c, CanaryPlan plan) throws Exception {
    return c.store.create(plan, CanaryState.start(plan.revision(), clock.instant()));
  }

  private CanaryOutcome run(CanaryPlan plan, CanaryRunner.Mode mode) throws Exception {
    StateStore.Saved saved =
        cluster.store.read().isPresent() ? cluster.store.read().get() : start(cluster, plan);
    return runner(cluster).run(saved, mode);
  }

  private static CanaryPlan twentyMinutes() {
    return plan(
        1,
        2,
        weight(10),
        analysis(Duration.ofMinutes(5)),
        weight(50),
        pause(Duration.ofMinutes(10)),
        weight(100),
        analysis(Duration.ofMinutes(5)));
  }

  private List<Integer> weightsSet() {
    List<Integer> weights = new ArrayList<>();
    for (String l : cluster.writesOf("weight ")) {
      int w = Integer.parseInt(l.substring("weight ".length()));
      if (weights.isEmpty() || weights.get(weights.size() - 1) != w) {
        weights.add(w);
      }
    }
    return weights;
  }

  @Test
  void aHealthyCanaryIsPromotedAfterEveryStepAndTheCanaryIsGone() throws Exception {
    CanaryOutcome outcome = run(twentyMinutes(), CanaryRunner.Mode.STAY);

    assertThat(outcome).isInstanceOf(CanaryOutcome.Promoted.class);
    assertThat(weightsSet()).containsExactly(10, 50, 100);
    assertThat(cluster.stableTemplate).isEqualTo("v2");
    assertThat(cluster.canaryExists).isFalse();
    assertThat(cluster.store.read().get().state().phase()).isEqualTo(Phase.PROMOTED);
    // 20 minutes of analysis at 30 s: every interval measured, none twice
    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    assertThat(cluster.log)
        .containsSubsequence("weight 100", "promote stable", "drain canary", "remove canary");
  }

  @Test
  void stablePodsAreMarkedBeforeEveryMeasurement() throws Exception {
    run(twentyMinutes(), CanaryRunner.Mode.STAY);

    // 20 minutes at 30 s: each of the 40 intervals measured after stable's new pods were marked
    assertThat(cluster.stablePodsLabelled).isGreaterThanOrEqualTo(40);
  }

  @Test
  void anErrorRateOverMaxRollsBackWithinOneIntervalAndNeverTouchesStable() throws Exception {
    Instant bad = T0.plus(Duration.ofMinutes(7));
    metrics.canary = t -> t.isBefore(bad) ? 0.001 : 0.2;

    CanaryOutcome outcome = run(twentyMinutes(), CanaryRunner.Mode.STAY);

    assertThat(outcome).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(outcome.message()).contains("failed measurements of error-rate");
    // failureLimit 1: the second failing interval (07:30) decides, and the rollback follows at once
    assertThat(clock.instant()).isEqualTo(bad.plusSeconds(30));
    assertThat(cluster.stableTemplate).isEqualTo("v1");
    assertThat(cluster.writesOf("promote")).isEmpty();
    assertThat(cluster.canaryExists).isFalse();
    assertThat(cluster.log)
        .containsSubsequence(
            "state rolling-back step 4",
            "drain canary",
            "remove canary",
            "state rolled-back step 4");
  }

  @Test
  void killedAfterEveryPersistedStateTheNextRunEndsTheCanaryRight() throws Exception {
    CanaryPlan plan =
        plan(
            0,
            0,
            weight(10),
            analysis(Duration.ofMinutes(1)),
            weight(50),
            pause(Duration.ofMinutes(1)));
    // how many state writes a run makes when nothing goes wrong
    FakeCluster reference = new FakeCluster();
    cluster = reference;
    run(plan, CanaryRunner.Mode.STAY);
    int writes = reference.version.get();

    for (int k = 1; k < writes; k++) {
      clock.advance(Duration.ofHours(1));
      cluster = new FakeCluster();
      cluster.killAfterWrites = k;
      FakeCluster dying = cluster;
      assertThatThrownBy(() -> run(plan, CanaryRunner.Mode.STAY))
          .isInstanceOf(FakeCluster.Killed.class);
      dying.killAfterWrites = -1;

      CanaryOutcome outcome =
          runner(dying).run(dying.store.read().orElseThrow(), CanaryRunner.Mode.STAY);

      assertThat(outcome).as("killed after write %d", k).isInstanceOf(CanaryOutcome.Promoted.class);
      assertThat(weightsSet()).as("killed after write %d", k).containsExactly(10, 50);
      List<Integer> decidedWeights =
          dying.store.read().get().state().history().latest().stream()
              .filter(d -> d.reason().startsWith("weight "))
              .map(d -> d.weight().getAsInt())
              .toList();
      assertThat(decidedWeights).as("killed after write %d", k).containsExactly(10, 50);
      assertThat(dying.stableTemplate).isEqualTo("v2");
      assertThat(dying.canaryExists).isFalse();
    }
  }

  @Test
  void aRollbackDoneOnceIsANoOpTheSecondTime() throws Exception {
    metrics.canary = t -> 0.5;
    CanaryPlan plan = plan(weight(10), analysis(Duration.ofMinutes(5)));
    assertThat(run(plan, CanaryRunner.Mode.STAY)).isInstanceOf(CanaryOutcome.RolledBack.class);
    int writes = cluster.version.get();
    int logged = cluster.log.size();

    CanaryOutcome again = runner(cluster).run(cluster.store.read().get(), CanaryRunner.Mode.ONCE);

    assertThat(again).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(cluster.version.get()).isEqualTo(writes);
    assertThat(cluster.log).hasSize(logged);
  }

  @Test
  void aCanaryBadOnlyWhileNothingRanIsRolledBackForThatIntervalOnResume() throws Exception {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofHours(1)), weight(50));
    // the first run takes the first weight and detaches
    assertThat(run(plan, CanaryRunner.Mode.DETACH)).isInstanceOf(CanaryOutcome.InFlight.class);
    Instant badFrom = T0.plus(Duration.ofMinutes(10));
    Instant badTo = T0.plus(Duration.ofMinutes(15));
    metrics.canary = t -> !t.isBefore(badFrom) && t.isBefore(badTo) ? 0.3 : 0.001;

    // 40 minutes later a scheduled job resumes it: the latest value looks fine
    clock.advance(Duration.ofMinutes(40));
    long before = metrics.rangeQueries();
    CanaryOutcome outcome = runner(cluster).run(cluster.store.read().get(), CanaryRunner.Mode.ONCE);

    assertThat(outcome).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(outcome.message())
        .contains("interval #20 at " + badFrom + ", 20 of 80 measured together");
    assertThat(metrics.rangeQueries() - before).isEqualTo(1); // one query_range for the gap
    assertThat(cluster.canaryExists).isFalse();
  }

  @Test
  void aCanaryHealthyThroughTheGapGoesOnAndIsPromotedByLaterResumes() throws Exception {
    CanaryPlan plan =
        plan(weight(10), pause(Duration.ofHours(1)), weight(50), pause(Duration.ofHours(1)));
    assertThat(run(plan, CanaryRunner.Mode.DETACH)).isInstanceOf(CanaryOutcome.InFlight.class);

    List<CanaryOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(45));
      outcomes.add(runner(cluster).run(cluster.store.read().get(), CanaryRunner.Mode.ONCE));
    }

    assertThat(outcomes.subList(0, 3)).allMatch(o -> o instanceof CanaryOutcome.InFlight);
    assertThat(outcomes.get(3)).isInstanceOf(CanaryOutcome.Promoted.class);
    assertThat(weightsSet()).containsExactly(10, 50);
  }

  @Test
  void anAbortWrittenByAPersonDuringAPauseIsActedOnAtTheNextPiece() throws Exception {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofHours(1)));
    StateStore.Saved saved = start(cluster, plan);
    clock.advance(Duration.ZERO);
    // the person's abort lands 12 s into the pause
    CanaryRunner r =
        new CanaryRunner(
            cluster.store,
            cluster.lease(),
            cluster.workloads,
            cluster.router,
            new CanaryAnalysis(metrics, executor),
            clock,
            d -> {
              clock.advance(d);
              StateStore.Saved now = cluster.store.read().get();
              if (clock.instant().isAfter(T0.plusSeconds(10))
                  && now.state().request().isEmpty()
                  && now.state().phase() == Phase.PROGRESSING) {
                cluster.writeAsSomeoneElse(
                    now.state().withRequest(Request.abort("bob", clock.instant())));
              }
            },
            events::add);

    CanaryOutcome outcome = r.run(saved, CanaryRunner.Mode.STAY);

    assertThat(outcome).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(outcome.message()).startsWith("aborted: abort by bob");
    assertThat(clock.instant()).isBefore(T0.plusSeconds(20));
    assertThat(cluster.canaryExists).isFalse();
  }

  @Test
  void aRunWhoseLeaseWasTakenOverStopsWritingAndSaysWhoHasIt() throws Exception {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofHours(1)));
    StateStore.Saved saved = start(cluster, plan);
    CanaryRunner r =
        new CanaryRunner(
            cluster.store,
            cluster.lease(),
            cluster.workloads,
            cluster.router,
            new CanaryAnalysis(metrics, executor),
            clock,
            d -> {
              clock.advance(d);
              cluster.leaseHolder = "other-run";
            },
            events::add);

    CanaryOutcome outcome = r.run(saved, CanaryRunner.Mode.STAY);
    int writesAtLoss = cluster.version.get();

    assertThat(outcome).isInstanceOf(CanaryOutcome.Locked.class);
    assertThat(((CanaryOutcome.Locked) outcome).holder()).isEqualTo("other-run");
    assertThat(cluster.version.get()).isEqualTo(writesAtLoss);
    assertThat(cluster.writesOf("remove")).isEmpty();
  }

  @Test
  void prometheusOutOfReachOnResumeCountsOneErrorAndLeavesTheIntervalsDue() throws Exception {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofHours(1)));
    run(plan, CanaryRunner.Mode.DETACH);
    clock.advance(Duration.ofMinutes(5));
    metrics.down = true;

    CanaryOutcome outcome = runner(cluster).run(cluster.store.read().get(), CanaryRunner.Mode.ONCE);

    assertThat(outcome).isInstanceOf(CanaryOutcome.Unreachable.class);
    CanaryState s = cluster.store.read().get().state();
    assertThat(s.measuredThrough()).contains(T0);
    assertThat(s.counts().of("error-rate").errorsInARow()).isEqualTo(1);

    metrics.down = false;
    clock.advance(Duration.ofMinutes(5));
    assertThat(runner(cluster).run(cluster.store.read().get(), CanaryRunner.Mode.ONCE))
        .isInstanceOf(CanaryOutcome.InFlight.class);
    assertThat(cluster.store.read().get().state().measuredThrough())
        .contains(T0.plus(Duration.ofMinutes(10)));
    assertThat(cluster.store.read().get().state().counts().of("error-rate").errorsInARow())
        .isZero();
  }

  @Test
  void aManualPauseWaitsForAPersonAndPromoteContinuesIt() throws Exception {
    CanaryPlan plan = plan(weight(10), manualPause(), weight(50));
    assertThat(run(plan, CanaryRunner.Mode.STAY))
        .isInstanceOf(CanaryOutcome.WaitingForPerson.class);

    StateStore.Saved paused = cluster.store.read().get();
    cluster.writeAsSomeoneElse(
        paused.state().withRequest(Request.promote(false, "alice", clock.instant())));
    CanaryOutcome outcome = runner(cluster).run(cluster.store.read().get(), CanaryRunner.Mode.STAY);

    assertThat(outcome).isInstanceOf(CanaryOutcome.Promoted.class);
    assertThat(weightsSet()).containsExactly(10, 50);
  }

  @Test
  void aCanaryThatCrashLoopsIsRolledBackWithThePodsReason() throws Exception {
    cluster.canaryFails =
        java.util.Optional.of(
            "checkout-canary-7d9f: container checkout: CrashLoopBackOff (back-off 40s restarting failed container)");

    CanaryOutcome outcome =
        run(plan(weight(10), pause(Duration.ofMinutes(5))), CanaryRunner.Mode.STAY);

    assertThat(outcome).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(outcome.message())
        .contains("did not come up")
        .contains("checkout-canary-7d9f")
        .contains("CrashLoopBackOff");
    assertThat(cluster.canaryExists).isFalse();
    assertThat(cluster.writesOf("weight"))
        .isEmpty(); // no traffic moved to a canary that is not ready
  }

  @Test
  void aStableRolloutThatFailsAtPromotionWritesThePreviousTemplateBack() throws Exception {
    cluster.stableFails = java.util.Optional.of("checkout: ProgressDeadlineExceeded");

    CanaryOutcome outcome = run(plan(weight(10)), CanaryRunner.Mode.STAY);

    assertThat(outcome).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(outcome.message())
        .startsWith("promotion failed, writing the previous template back");
    assertThat(cluster.stableTemplate).isEqualTo("v1");
    assertThat(cluster.log)
        .containsSubsequence("promote stable", "drain canary", "restore stable", "remove canary");
  }

  @Test
  void everyDecisionIsAnnouncedOnceAsAnEvent() throws Exception {
    run(plan(weight(10), analysis(Duration.ofMinutes(1))), CanaryRunner.Mode.STAY);

    List<Decision> announced =
        events.stream()
            .filter(e -> e instanceof CanaryEvent.Decided)
            .map(e -> ((CanaryEvent.Decided) e).decision())
            .toList();
    assertThat(announced).isEqualTo(cluster.store.read().get().state().history().latest());
    assertThat(announced.stream().map(Decision::kind).filter(Objects::nonNull).toList())
        .containsSubsequence(Decision.Kind.ADVANCE, Decision.Kind.CONTINUE, Decision.Kind.PROMOTE);
  }

  @Test
  void anAbortWinsOverACanaryStuckComingUp() throws Exception {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofHours(1)));
    cluster.scaleBlocks = new java.util.concurrent.CountDownLatch(1); // pods that never get ready
    StateStore.Saved saved = start(cluster, plan);
    CanaryRunner r =
        new CanaryRunner(
            cluster.store,
            cluster.lease(),
            cluster.workloads,
            cluster.router,
            new CanaryAnalysis(metrics, executor),
            clock,
            clock::advance,
            events::add,
            Duration.ofMillis(10));
    java.util.concurrent.CompletableFuture<CanaryOutcome> running =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return r.run(saved, CanaryRunner.Mode.STAY);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await().until(() -> cluster.log.contains("scale canary 1"));

    cluster.writeAsSomeoneElse(
        cluster.store.read().get().state().withRequest(Request.abort("bob", clock.instant())));
    CanaryOutcome outcome = running.get(30, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(outcome).isInstanceOf(CanaryOutcome.RolledBack.class);
    assertThat(outcome.message()).startsWith("aborted: abort by bob");
    assertThat(cluster.writesOf("weight")).isEmpty();
    assertThat(cluster.canaryExists).isFalse();
  }
}
