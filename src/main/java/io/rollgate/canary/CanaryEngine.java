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
      return promoteRequested(plan, s, request.get(), now);
    }
    if (s.phase().isWaitingForPerson()) {
      return new Next.WaitForPerson(s.reason());
    }
    if (s.stepIndex() >= plan.steps().size()) {
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
  private static Next timed(CanaryPlan plan, CanaryState s, Instant now, Duration d, String what) {
    Instant end = s.stepStartedAt().plus(d);
    if (!now.isBefore(end)) {
      String why =
          what
              + " of "
              + Durations.format(d)
              + " over"
              + (s.analysisStartedAt().isPresent() ? ": " + countsText(s.counts()) : "");
      return transition(s.advance(now, decision(s, now, Decision.Kind.ADVANCE, why)));
    }
    Instant at = nextMeasurement(plan, s).filter(m -> m.isBefore(end)).orElse(end);
    return new Next.WaitUntil(
        at,
        what
            + " at step "
            + s.stepNumber()
            + " until "
            + end
            + (at.equals(end) ? "" : "; next measurement at " + at));
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

  private static Next promoteRequested(CanaryPlan plan, CanaryState s, Request r, Instant now) {
    String by = r.describe();
    if (r.kind() == Request.Kind.PROMOTE_FULL) {
      return transition(
          s.promoting(now, decision(s, now, Decision.Kind.PROMOTE, "promoted in full: " + by)));
    }
    boolean inconclusive = s.phase() == Phase.INCONCLUSIVE;
    if (s.phase().isWaitingForPerson()) {
      AnalysisCounts counts = inconclusive ? s.counts().withoutInconclusives() : s.counts();
      CanaryState resumed = s.resumedByPerson(counts, now);
      return transition(
          resumed.advance(
              now,
              decision(
                  s,
                  now,
                  Decision.Kind.ADVANCE,
                  (inconclusive ? "inconclusive stop passed: " : "pause passed: ") + by)));
    }
    if (s.stepIndex() < plan.steps().size()
        && !(plan.steps().get(s.stepIndex()) instanceof StepSpec.SetWeight)) {
      return transition(
          s.withoutRequest(now)
              .advance(
                  now,
                  decision(
                      s,
                      now,
                      Decision.Kind.ADVANCE,
                      "step " + s.stepNumber() + " skipped: " + by)));
    }
    return transition(
        s.withoutRequest(now)
            .decided(
                decision(
                    s,
                    now,
                    Decision.Kind.CONTINUE,
                    "nothing to pass at step "
                        + s.stepNumber()
                        + " (a weight change): "
                        + by
                        + " ignored"),
                now));
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
    Optional<WindowResult.Interval> at = result.decidedAt();
    Verdict v = at.flatMap(WindowResult.Interval::decision).orElse(result.verdict());
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
