package io.rollgate.canary;

import io.rollgate.analysis.AnalysisCounts;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The canary's state machine as pure functions (a reconcile, in java-operator-sdk's sense): {@link
 * #next} says what is due given the saved state, the plan and the time; the {@code ...took}/{@code
 * ...failed} functions turn an action's outcome into the state to save. No I/O, no clock of its
 * own: the caller reads the time, saves every state before the action that follows it, and comes
 * back when {@link Next.WaitUntil} says.
 *
 * <p>Order of precedence on every call: a finished canary stays finished; a rollback under way is
 * carried on; an abort wins over everything else; measurements that fell due (also those of hours
 * in which no process ran) are taken before anything moves; then a person's promote; then the
 * current step.
 */
public final class CanaryEngine {
  private CanaryEngine() {}

  public static Next next(CanaryPlan plan, CanaryState s, Instant now) {
    if (s.phase().isTerminal()) {
      return new Next.Finished(s.phase(), s.reason());
    }
    if (s.phase() == Phase.ROLLING_BACK) {
      return new Next.RollBack(s.reason(), s.restoreStable());
    }
    Optional<Request> request = s.request();
    if (request.filter(r -> r.kind() == Request.Kind.ABORT).isPresent()) {
      String why = "aborted: " + request.get().describe();
      return transition(
          s.rollingBack(
              why,
              s.phase() == Phase.PROMOTING,
              now,
              decision(s, now, Decision.Kind.ROLLBACK, why)));
    }
    if (s.phase() == Phase.PROMOTING) {
      return new Next.Promote();
    }
    Optional<Next> measure = due(plan, s, now);
    if (measure.isPresent()) {
      return measure.get();
    }
    if (request.isPresent()) {
      Optional<Next> promoted = promoteRequested(plan, s, request.get(), now);
      if (promoted.isPresent()) {
        return promoted.get();
      }
    }
    if (s.phase().isWaitingForPerson()) {
      return new Next.WaitForPerson(s.reason());
    }
    if (s.stepIndex() >= plan.steps().size()) {
      if (plan.steps().get(plan.steps().size() - 1) instanceof StepSpec.SetWeight
          && !measuredSinceStepBegan(s)) {
        return new Next.WaitUntil(
            nextMeasurement(plan, s).orElseThrow(),
            "a measurement at the final weight before promoting");
      }
      CanaryState last = s.atStep(plan.steps().size() - 1);
      return transition(
          last.promoting(
              now, decision(last, now, Decision.Kind.PROMOTE, "every step passed: promoting")));
    }
    StepSpec step = plan.steps().get(s.stepIndex());
    if (step instanceof StepSpec.SetWeight w) {
      return new Next.ApplyWeight(w.weight());
    }
    if (step instanceof StepSpec.Pause p) {
      if (p.duration().isPresent()) {
        return timed(plan, s, now, p.duration().get(), "pause");
      }
      String why = "paused at step " + s.stepNumber() + ": run `rollgate promote` to go on";
      return transition(
          s.waitingForPerson(Phase.PAUSED, why, now, decision(s, now, Decision.Kind.PAUSE, why)));
    }
    StepSpec.Analysis a = (StepSpec.Analysis) step;
    return timed(plan, s, now, a.duration(), "analysis");
  }

  /** A timed pause or analysis step: over once its time has passed (and, first, been measured). */
  /**
   * A timed pause or analysis step: over once its time has passed and at least one measurement fell
   * inside it (a step shorter than the interval waits for the next one), so no weight goes
   * unmeasured.
   */
  private static Next timed(CanaryPlan plan, CanaryState s, Instant now, Duration d, String what) {
    Instant end = s.stepStartedAt().plus(d);
    if (!now.isBefore(end)) {
      if (!measuredSinceStepBegan(s)) {
        Instant at = nextMeasurement(plan, s).orElseThrow();
        return new Next.WaitUntil(
            at, what + " at step " + s.stepNumber() + " is over once a measurement covers it");
      }
      String why =
          what
              + " of "
              + Durations.format(d)
              + " over"
              + (s.analysisStartedAt().isPresent() ? ": " + countsText(s.counts()) : "");
      return transition(s.advance(now, decision(s, now, Decision.Kind.ADVANCE, why)));
    }
    Optional<Instant> measurement = nextMeasurement(plan, s).filter(m -> m.isBefore(end));
    return new Next.WaitUntil(
        measurement.orElse(end),
        what
            + " at step "
            + s.stepNumber()
            + " ends at "
            + end
            + measurement.map(m -> "; a measurement first").orElse(""));
  }

  /** Once the analysis runs, a measurement later than the current step's start was taken. */
  private static boolean measuredSinceStepBegan(CanaryState s) {
    return s.analysisStartedAt().isEmpty()
        || s.measuredThrough().filter(m -> m.isAfter(s.stepStartedAt())).isPresent();
  }

  /** Measurements that fell due, if the analysis has begun. */
  private static Optional<Next> due(CanaryPlan plan, CanaryState s, Instant now) {
    if (s.analysisStartedAt().isEmpty() || s.phase() == Phase.PROMOTING) {
      return Optional.empty();
    }
    Duration interval = plan.analysis().interval();
    Instant after = s.measuredThrough().orElse(s.analysisStartedAt().get());
    long elapsed = Duration.between(s.analysisStartedAt().get(), now).toMillis();
    long doneSoFar = Duration.between(s.analysisStartedAt().get(), after).toMillis();
    long k = Math.floorDiv(elapsed, interval.toMillis());
    long done = Math.floorDiv(doneSoFar, interval.toMillis());
    if (k <= done) {
      return Optional.empty();
    }
    Instant through = s.analysisStartedAt().get().plus(interval.multipliedBy(k));
    return Optional.of(
        new Next.Measure(after, through, (int) Math.min(Integer.MAX_VALUE, k - done)));
  }

  /** When the next measurement falls, once the analysis has begun. */
  public static Optional<Instant> nextMeasurement(CanaryPlan plan, CanaryState s) {
    return s.analysisStartedAt()
        .map(start -> s.measuredThrough().orElse(start).plus(plan.analysis().interval()));
  }

  /**
   * A person's promote: {@code --full} promotes now; otherwise it passes a manual pause, an
   * inconclusive stop (the inconclusive counts start again; the step goes on where it stood), or
   * the current timed pause or analysis step. At a weight change it stays pending, for the pause or
   * analysis that follows.
   */
  private static Optional<Next> promoteRequested(
      CanaryPlan plan, CanaryState s, Request r, Instant now) {
    String by = r.describe();
    if (r.kind() == Request.Kind.PROMOTE_FULL) {
      return Optional.of(
          transition(
              s.promoting(
                  now, decision(s, now, Decision.Kind.PROMOTE, "promoted in full: " + by))));
    }
    Optional<StepSpec> step =
        s.stepIndex() < plan.steps().size()
            ? Optional.of(plan.steps().get(s.stepIndex()))
            : Optional.empty();
    boolean manualPause =
        step.filter(x -> x instanceof StepSpec.Pause p && p.duration().isEmpty()).isPresent();
    if (s.phase() == Phase.INCONCLUSIVE) {
      CanaryState resumed = s.resumedByPerson(s.counts().withoutInconclusives(), now);
      String why = "inconclusive stop passed: " + by;
      return Optional.of(
          transition(
              manualPause
                  ? resumed.advance(now, decision(s, now, Decision.Kind.ADVANCE, why))
                  : resumed.decided(decision(s, now, Decision.Kind.ADVANCE, why), now)));
    }
    if (s.phase() == Phase.PAUSED) {
      return Optional.of(
          transition(
              s.resumedByPerson(s.counts(), now)
                  .advance(now, decision(s, now, Decision.Kind.ADVANCE, "pause passed: " + by))));
    }
    if (step.isPresent() && !(step.get() instanceof StepSpec.SetWeight)) {
      return Optional.of(
          transition(
              s.withoutRequest(now)
                  .advance(
                      now,
                      decision(
                          s,
                          now,
                          Decision.Kind.ADVANCE,
                          "step " + s.stepNumber() + " skipped: " + by))));
    }
    return Optional.empty(); // a weight change: the request waits for the step after it
  }

  /**
   * The current setWeight step took: the canary is sized, ready, and has its traffic; the next step
   * begins.
   */
  public static CanaryState weightTook(
      CanaryState s, int asked, double effective, int canary, int stable, Instant now) {
    String why =
        "weight " + asked + "% set: " + canary + " canary and " + stable + " stable pods ready";
    Decision d =
        new Decision(
            now,
            Decision.Kind.ADVANCE,
            why,
            OptionalInt.of(s.stepNumber()),
            OptionalInt.of(asked),
            java.util.OptionalDouble.of(effective),
            List.of());
    return s.weightApplied(asked, effective, canary, stable, now, d);
  }

  /** The canary did not come up at its weight (image pull, crash loop, timeout): roll back. */
  public static CanaryState canaryFailed(CanaryState s, String why, Instant now) {
    String reason = "the canary did not come up: " + why;
    return s.rollingBack(reason, false, now, decision(s, now, Decision.Kind.ROLLBACK, reason));
  }

  /**
   * Intervals were measured (one of them, or the many of a gap in which nothing ran): the counts
   * move on, and a final verdict rolls back or waits for a person, naming the interval it came at.
   */
  public static CanaryState measured(
      CanaryState s, WindowResult result, AnalysisCounts counts, Instant now) {
    Instant through =
        result.intervals().isEmpty()
            ? result.to()
            : result.intervals().get(result.intervals().size() - 1).at();
    CanaryState after = s.measured(counts, through, now);
    Verdict v = result.verdict();
    // the interval that decided the most severe verdict (a rollback after an inconclusive stop)
    Optional<WindowResult.Interval> at =
        result.intervals().stream()
            .filter(i -> i.decision().filter(d -> d.isFinal() && d.kind() == v.kind()).isPresent())
            .findFirst();
    List<io.rollgate.analysis.Measurement> evidence =
        at.or(() -> result.intervals().stream().reduce((a, b) -> b))
            .map(WindowResult.Interval::measurements)
            .orElse(List.of());
    String where =
        at.map(
                i ->
                    " (interval #"
                        + i.number()
                        + " at "
                        + i.at()
                        + (result.intervals().size() > 1
                            ? ", "
                                + (result.intervals().indexOf(i) + 1)
                                + " of "
                                + result.intervals().size()
                                + " measured together"
                            : "")
                        + ")")
            .orElse("");
    return switch (v.kind()) {
      case ROLLBACK, BAD_QUERY -> {
        String why = "analysis failed" + where + ": " + v.reason();
        yield after.rollingBack(
            why, false, now, decision(s, now, Decision.Kind.ROLLBACK, why, evidence));
      }
      case INCONCLUSIVE -> {
        if (s.phase() == Phase.INCONCLUSIVE) {
          yield after; // still waiting for a person; the counts go on
        }
        String why =
            "analysis inconclusive"
                + where
                + ": "
                + v.reason()
                + "; run `rollgate promote` to go on or `rollgate abort`";
        yield after.waitingForPerson(
            Phase.INCONCLUSIVE,
            why,
            now,
            decision(s, now, Decision.Kind.INCONCLUSIVE, why, evidence));
      }
      case CONTINUE, PASS -> {
        String span =
            result.intervals().size() == 1
                ? "interval at " + through
                : result.intervals().size() + " intervals through " + through;
        yield after.decided(
            decision(
                s,
                now,
                Decision.Kind.CONTINUE,
                span + " within limits: " + countsText(counts),
                evidence),
            now);
      }
    };
  }

  /**
   * Prometheus could not be asked (unreachable past its retry budget): that attempt counts one
   * error per metric; the intervals stay due, to be measured from Prometheus' data later.
   */
  public static CanaryState measureFailed(
      CanaryState s, AnalysisCounts counts, Verdict verdict, String why, Instant now) {
    CanaryState after = s.countedOnly(counts, now);
    if (verdict.kind() == Verdict.Kind.ROLLBACK) {
      String reason = "analysis failed: " + verdict.reason();
      return after.rollingBack(
          reason, false, now, decision(s, now, Decision.Kind.ROLLBACK, reason));
    }
    return after.decided(
        decision(s, now, Decision.Kind.CONTINUE, "could not measure: " + why), now);
  }

  /** Stable runs the new revision at full size and the canary is gone. */
  public static CanaryState promoted(CanaryState s, Instant now) {
    String why = "stable runs revision " + s.revision() + " at full size, the canary is gone";
    return s.decided(decision(s, now, Decision.Kind.PROMOTE, why), now)
        .finished(Phase.PROMOTED, why, now);
  }

  /** The stable rollout of the promotion failed: put the previous template back. */
  public static CanaryState promotionFailed(CanaryState s, String why, Instant now) {
    String reason = "promotion failed, writing the previous template back to stable: " + why;
    return s.rollingBack(reason, true, now, decision(s, now, Decision.Kind.ROLLBACK, reason));
  }

  /** A newer revision arrived while this one was in flight: roll this one back first. */
  public static CanaryState superseded(CanaryState s, String newRevision, Instant now) {
    String why =
        "superseded: revision "
            + newRevision
            + " arrived while revision "
            + s.revision()
            + " was in flight";
    return s.rollingBack(
        why, s.phase() == Phase.PROMOTING, now, decision(s, now, Decision.Kind.ROLLBACK, why));
  }

  /** Traffic is on stable and the canary is gone. */
  public static CanaryState rolledBack(CanaryState s, Instant now) {
    return s.finished(Phase.ROLLED_BACK, s.reason(), now);
  }

  private static String countsText(AnalysisCounts c) {
    return c.totalFailures()
        + " failed, "
        + c.totalInconclusives()
        + " inconclusive, "
        + c.totalErrors()
        + " errors so far";
  }

  private static Decision decision(CanaryState s, Instant now, Decision.Kind kind, String reason) {
    return decision(s, now, kind, reason, List.of());
  }

  private static Decision decision(
      CanaryState s,
      Instant now,
      Decision.Kind kind,
      String reason,
      List<io.rollgate.analysis.Measurement> measurements) {
    Decision d =
        new Decision(now, kind, reason, OptionalInt.empty(), OptionalInt.empty(), measurements)
            .at(s.stepNumber(), s.askedWeight());
    return s.askedWeight() > 0 ? d.withEffectiveWeight(s.effectiveWeight()) : d;
  }

  private static Next transition(CanaryState s) {
    return new Next.Transition(s);
  }
}
