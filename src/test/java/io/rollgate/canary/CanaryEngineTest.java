package io.rollgate.canary;

import static io.rollgate.canary.CanaryPlans.analysis;
import static io.rollgate.canary.CanaryPlans.manualPause;
import static io.rollgate.canary.CanaryPlans.pause;
import static io.rollgate.canary.CanaryPlans.plan;
import static io.rollgate.canary.CanaryPlans.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.AnalysisCounts;
import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CanaryEngineTest {
  private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

  private static CanaryState started(CanaryPlan plan) {
    return CanaryState.start(plan.revision(), T0);
  }

  /** Saves a transition, as the stage does, and returns the state after it. */
  private static CanaryState save(Next next) {
    assertThat(next).isInstanceOf(Next.Transition.class);
    return ((Next.Transition) next).state();
  }

  private static Measurement measurement(Instant at, Outcome outcome, double value) {
    return new Measurement(
        "error-rate",
        at,
        outcome,
        "errors{track=\"canary\"}",
        Optional.empty(),
        OptionalDouble.of(value),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "max 0.01",
        List.of(),
        "error-rate " + value + (outcome == Outcome.FAILED ? " > max 0.01" : " ok"),
        Optional.empty());
  }

  private static WindowResult window(
      Instant after, List<Instant> times, List<Verdict> verdicts, List<Outcome> outcomes) {
    List<WindowResult.Interval> intervals = new java.util.ArrayList<>();
    boolean decided = false;
    for (int i = 0; i < times.size(); i++) {
      Optional<Verdict> d = decided ? Optional.empty() : Optional.of(verdicts.get(i));
      decided |= verdicts.get(i).isFinal();
      intervals.add(
          new WindowResult.Interval(
              i + 1,
              times.get(i),
              List.of(
                  measurement(
                      times.get(i),
                      outcomes.get(i),
                      outcomes.get(i) == Outcome.FAILED ? 0.08 : 0.001)),
              d));
    }
    Verdict last =
        verdicts.stream().filter(Verdict::isFinal).findFirst().orElse(Verdict.pass("ok"));
    return new WindowResult(
        after, times.get(times.size() - 1), CanaryPlans.INTERVAL, List.of(), intervals, last);
  }

  @Test
  void aNewCanaryFirstAsksForItsFirstWeight() {
    CanaryPlan plan = plan(weight(10), analysis(Duration.ofMinutes(5)), weight(50));

    assertThat(CanaryEngine.next(plan, started(plan), T0)).isEqualTo(new Next.ApplyWeight(10));
  }

  @Test
  void onceTheWeightTookTheAnalysisStepWaitsForItsFirstMeasurement() {
    CanaryPlan plan = plan(weight(10), analysis(Duration.ofMinutes(5)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);

    Next next = CanaryEngine.next(plan, s, T0.plusSeconds(1));

    assertThat(s.stepIndex()).isEqualTo(1);
    assertThat(s.analysisStartedAt()).contains(T0);
    assertThat(next).isInstanceOf(Next.WaitUntil.class);
    assertThat(((Next.WaitUntil) next).at()).isEqualTo(T0.plusSeconds(30));
    assertThat(s.history().latest())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.ADVANCE);
              assertThat(d.weight()).hasValue(10);
              assertThat(d.effectiveWeight()).hasValue(20.0);
            });
  }

  @Test
  void aDueIntervalIsMeasuredBeforeTheStepMovesOn() {
    CanaryPlan plan = plan(weight(10), analysis(Duration.ofMinutes(1)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);

    // one minute later both intervals are due, and the analysis step's time is over too
    Next next = CanaryEngine.next(plan, s, T0.plusSeconds(60));

    assertThat(next).isEqualTo(new Next.Measure(T0, T0.plusSeconds(60), 2));
  }

  @Test
  void hoursInWhichNothingRanAreMeasuredAsOneGapBeforeAnythingMoves() {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofMinutes(10)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);
    s =
        CanaryEngine.measured(
            s,
            window(
                T0,
                List.of(T0.plusSeconds(30)),
                List.of(Verdict.proceed()),
                List.of(Outcome.SUCCESSFUL)),
            AnalysisCounts.none(),
            T0.plusSeconds(30));

    Next next = CanaryEngine.next(plan, s, T0.plus(Duration.ofHours(3)).plusSeconds(10));

    assertThat(next)
        .isEqualTo(new Next.Measure(T0.plusSeconds(30), T0.plus(Duration.ofHours(3)), 359));
  }

  @Test
  void aFailureInTheGapRollsBackNamingTheIntervalEvenThoughTheLatestLooksFine() {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofMinutes(10)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);
    Instant bad = T0.plusSeconds(60);
    WindowResult gap =
        window(
            T0,
            List.of(T0.plusSeconds(30), bad, T0.plusSeconds(90)),
            List.of(
                Verdict.proceed(),
                Verdict.rollback(
                    "1 failed measurements of error-rate, more than failureLimit 0: error-rate 0.08 > max 0.01"),
                Verdict.proceed()),
            List.of(Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SUCCESSFUL));

    CanaryState after =
        CanaryEngine.measured(
            s,
            gap,
            new AnalysisCounts(Map.of("error-rate", new AnalysisCounts.MetricCounts(1, 0, 0, 0))),
            T0.plusSeconds(95));

    assertThat(after.phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(after.reason())
        .contains("interval #2 at " + bad + ", 2 of 3 measured together")
        .contains("error-rate 0.08 > max 0.01");
    assertThat(after.measuredThrough()).contains(T0.plusSeconds(90));
    assertThat(CanaryEngine.next(plan, after, T0.plusSeconds(96)))
        .isInstanceOf(Next.RollBack.class);
  }

  @Test
  void aTimedPauseMovesOnOnceItsTimeIsOverAndMeasured() {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofSeconds(30)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);
    s =
        CanaryEngine.measured(
            s,
            window(
                T0,
                List.of(T0.plusSeconds(30)),
                List.of(Verdict.proceed()),
                List.of(Outcome.SUCCESSFUL)),
            AnalysisCounts.none(),
            T0.plusSeconds(30));

    s = save(CanaryEngine.next(plan, s, T0.plusSeconds(30)));

    assertThat(s.stepIndex()).isEqualTo(2);
    assertThat(CanaryEngine.next(plan, s, T0.plusSeconds(30))).isEqualTo(new Next.ApplyWeight(50));
  }

  @Test
  void aManualPauseWaitsForAPersonAndPromoteLetsItGoOn() {
    CanaryPlan plan = plan(weight(10), manualPause(), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);

    s = save(CanaryEngine.next(plan, s, T0));
    assertThat(s.phase()).isEqualTo(Phase.PAUSED);
    assertThat(CanaryEngine.next(plan, s, T0)).isInstanceOf(Next.WaitForPerson.class);

    s = s.withRequest(Request.promote(false, "alice", T0.plusSeconds(5)));
    s = save(CanaryEngine.next(plan, s, T0.plusSeconds(5)));

    assertThat(s.phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(s.request()).isEmpty();
    assertThat(CanaryEngine.next(plan, s, T0.plusSeconds(5))).isEqualTo(new Next.ApplyWeight(50));
  }

  @Test
  void abortWinsOverEverythingEvenAPromotionUnderWay() {
    CanaryPlan plan = plan(weight(10), manualPause());
    CanaryState progressing = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);
    CanaryState promoting = progressing.promoting(T0, Decision.promote(T0, "x"));

    CanaryState aborted =
        save(CanaryEngine.next(plan, progressing.withRequest(Request.abort("bob", T0)), T0));
    CanaryState abortedLate =
        save(CanaryEngine.next(plan, promoting.withRequest(Request.abort("bob", T0)), T0));

    assertThat(aborted.phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(aborted.restoreStable()).isFalse();
    assertThat(aborted.reason()).startsWith("aborted: abort by bob");
    assertThat(abortedLate.restoreStable()).isTrue();
    assertThat(CanaryEngine.next(plan, abortedLate, T0))
        .isEqualTo(new Next.RollBack(abortedLate.reason(), true));
  }

  @Test
  void afterTheLastStepItPromotesAndThenIsFinished() {
    CanaryPlan plan = plan(weight(10));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);

    // the final weight is measured once before promotion
    assertThat(CanaryEngine.next(plan, s, T0))
        .isEqualTo(
            new Next.WaitUntil(
                T0.plusSeconds(30), "a measurement at the final weight before promoting"));
    s =
        CanaryEngine.measured(
            s,
            window(
                T0,
                List.of(T0.plusSeconds(30)),
                List.of(Verdict.proceed()),
                List.of(Outcome.SUCCESSFUL)),
            AnalysisCounts.none(),
            T0.plusSeconds(30));
    s = save(CanaryEngine.next(plan, s, T0.plusSeconds(30)));
    assertThat(s.phase()).isEqualTo(Phase.PROMOTING);
    assertThat(CanaryEngine.next(plan, s, T0)).isEqualTo(new Next.Promote());
    // a measurement falling due during the promotion does not delay it
    assertThat(CanaryEngine.next(plan, s, T0.plusSeconds(45))).isEqualTo(new Next.Promote());

    s = CanaryEngine.promoted(s, T0.plusSeconds(50));
    assertThat(s.phase()).isEqualTo(Phase.PROMOTED);
    assertThat(CanaryEngine.next(plan, s, T0.plusSeconds(60))).isInstanceOf(Next.Finished.class);
  }

  @Test
  void inconclusiveWaitsForAPersonAndPromoteClearsOnlyTheInconclusiveCounts() {
    CanaryPlan plan = plan(0, 0, weight(10), analysis(Duration.ofMinutes(5)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);
    AnalysisCounts counts =
        new AnalysisCounts(Map.of("error-rate", new AnalysisCounts.MetricCounts(0, 1, 2, 0)));
    WindowResult w =
        window(
            T0,
            List.of(T0.plusSeconds(30)),
            List.of(Verdict.inconclusive("1 inconclusive measurements of error-rate")),
            List.of(Outcome.INCONCLUSIVE));

    s = CanaryEngine.measured(s, w, counts, T0.plusSeconds(30));
    assertThat(s.phase()).isEqualTo(Phase.INCONCLUSIVE);
    assertThat(CanaryEngine.next(plan, s, T0.plusSeconds(31)))
        .isInstanceOf(Next.WaitForPerson.class);

    s =
        save(
            CanaryEngine.next(
                plan, s.withRequest(Request.promote(false, "carol", T0)), T0.plusSeconds(31)));
    assertThat(s.phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(s.counts().of("error-rate")).isEqualTo(new AnalysisCounts.MetricCounts(0, 0, 2, 0));
    // the analysis step goes on where it stood: its weight is not skipped, its clock not reset
    assertThat(s.stepIndex()).isEqualTo(1);
    assertThat(s.stepStartedAt()).isEqualTo(T0);
  }

  @Test
  void aPromoteDuringAWeightChangeWaitsForThePauseAfterIt() {
    CanaryPlan plan = plan(weight(10), manualPause(), weight(50));
    CanaryState s = started(plan).withRequest(Request.promote(false, "carol", T0));

    assertThat(CanaryEngine.next(plan, s, T0)).isEqualTo(new Next.ApplyWeight(10));
    s = CanaryEngine.weightTook(s, 10, 20.0, 1, 4, T0);
    s = save(CanaryEngine.next(plan, s, T0));

    assertThat(s.phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(s.stepIndex()).isEqualTo(2);
    assertThat(s.request()).isEmpty();
  }

  @Test
  void aLaterPromoteNeverCancelsAnAbort() {
    CanaryState s =
        CanaryState.start("r", T0)
            .withRequest(Request.abort("alice", T0))
            .withRequest(Request.promote(true, "bob", T0));

    assertThat(s.request()).map(Request::kind).contains(Request.Kind.ABORT);
    assertThat(
            CanaryState.start("r", T0)
                .withRequest(Request.promote(false, "a", T0))
                .withRequest(Request.promote(true, "b", T0))
                .request())
        .map(Request::kind)
        .contains(Request.Kind.PROMOTE_FULL);
  }

  @Test
  void aTimedStepShorterThanTheIntervalWaitsForAMeasurementBeforeItEnds() {
    CanaryPlan plan = plan(weight(10), pause(Duration.ofSeconds(20)), weight(50));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);

    Next at20s = CanaryEngine.next(plan, s, T0.plusSeconds(20));

    assertThat(at20s)
        .isEqualTo(
            new Next.WaitUntil(
                T0.plusSeconds(30), "pause at step 2 is over once a measurement covers it"));
  }

  @Test
  void anInconclusiveStopEarlyInAGapDoesNotHideAFailureLaterInIt() {
    CanaryPlan plan = plan(0, 0, weight(10), pause(Duration.ofHours(1)));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);
    Instant t1 = T0.plusSeconds(30);
    Instant t2 = T0.plusSeconds(60);
    WindowResult gap =
        new WindowResult(
            T0,
            t2,
            CanaryPlans.INTERVAL,
            List.of(),
            List.of(
                new WindowResult.Interval(
                    1,
                    t1,
                    List.of(measurement(t1, Outcome.INCONCLUSIVE, Double.NaN)),
                    Optional.of(Verdict.inconclusive("1 inconclusive"))),
                new WindowResult.Interval(
                    2,
                    t2,
                    List.of(measurement(t2, Outcome.FAILED, 0.08)),
                    Optional.of(Verdict.rollback("1 failed measurements of error-rate")))),
            Verdict.rollback("1 failed measurements of error-rate"));

    CanaryState after = CanaryEngine.measured(s, gap, AnalysisCounts.none(), t2);

    assertThat(after.phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(after.reason()).contains("interval #2 at " + t2);
  }

  @Test
  void measurementsGoOnWhileWaitingForAPersonSoABadCanaryAtAPauseIsRolledBack() {
    CanaryPlan plan = plan(weight(10), manualPause(), weight(50));
    CanaryState paused =
        save(
            CanaryEngine.next(
                plan, CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0), T0));

    assertThat(CanaryEngine.next(plan, paused, T0.plusSeconds(30)))
        .isEqualTo(new Next.Measure(T0, T0.plusSeconds(30), 1));
  }

  @Test
  void promoteFullSkipsEveryRemainingStep() {
    CanaryPlan plan =
        plan(weight(10), pause(Duration.ofHours(1)), weight(50), pause(Duration.ofHours(1)));
    CanaryState s = CanaryEngine.weightTook(started(plan), 10, 20.0, 1, 4, T0);

    s = save(CanaryEngine.next(plan, s.withRequest(Request.promote(true, "dan", T0)), T0));

    assertThat(s.phase()).isEqualTo(Phase.PROMOTING);
  }

  @Test
  void theHistoryKeepsTheLatestDecisionsAndCountsTheRest() {
    DecisionHistory h = DecisionHistory.empty();
    for (int i = 0; i < DecisionHistory.KEPT + 7; i++) {
      h = h.plus(Decision.rollback(T0.plusSeconds(i), "d" + i));
    }

    assertThat(h.latest()).hasSize(DecisionHistory.KEPT);
    assertThat(h.older()).isEqualTo(7);
    assertThat(h.latest().get(0).reason()).isEqualTo("d7");
    assertThat(h.total()).isEqualTo(DecisionHistory.KEPT + 7);
  }

  @Test
  void replicaWeightsFollowTheSpecsRule() {
    // N = 4 stable replicas
    assertThat(ReplicaWeights.canaryReplicas(10, 4)).isEqualTo(1); // round(0.44) -> max(1, 0)
    assertThat(ReplicaWeights.canaryReplicas(25, 4)).isEqualTo(1); // round(1.33)
    assertThat(ReplicaWeights.canaryReplicas(40, 4)).isEqualTo(3); // round(2.67)
    assertThat(ReplicaWeights.canaryReplicas(50, 4)).isEqualTo(4);
    assertThat(ReplicaWeights.canaryReplicas(100, 4)).isEqualTo(4);
    assertThat(ReplicaWeights.canaryReplicas(0, 4)).isZero();
    assertThat(ReplicaWeights.canaryReplicas(10, 20)).isEqualTo(2); // round(2.22)
    assertThat(ReplicaWeights.effectiveWeight(1, 4)).isEqualTo(20.0);
    assertThat(ReplicaWeights.effectiveWeight(0, 0)).isZero();
  }
}
