package io.rollgate.canary;

import io.rollgate.analysis.AnalysisCounts;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one revision's canary stands, as saved in the state ConfigMap after every transition and
 * before the action that follows it. Immutable: every transition gives a new state, so a process
 * killed between any two steps leaves a state the next process can continue from.
 *
 * @param stepIndex the current step, 0-based; equal to the number of steps once all are done
 * @param stepStartedAt when the current step began
 * @param askedWeight the weight the steps asked for last (0..100)
 * @param effectiveWeight the weight the router achieved, in percent
 * @param analysisStartedAt when the first weight above 0 took: measurements fall every interval
 *     from then on
 * @param measuredThrough the evaluation time of the latest interval measured
 * @param restoreStable a rollback writes the previous template back to stable first (the promotion
 *     had begun)
 * @param reason why it is waiting, rolling back, or done; empty while it progresses
 */
public record CanaryState(
    int schemaVersion,
    String revision,
    Phase phase,
    int stepIndex,
    Instant stepStartedAt,
    int askedWeight,
    double effectiveWeight,
    int canaryReplicas,
    int stableReplicas,
    Optional<Instant> analysisStartedAt,
    Optional<Instant> measuredThrough,
    AnalysisCounts counts,
    boolean restoreStable,
    String reason,
    Optional<Request> request,
    DecisionHistory history,
    Instant startedAt,
    Instant updatedAt) {
  public static final int SCHEMA_VERSION = 1;

  /** A new canary of {@code revision}, at its first step, nothing counted. */
  public static CanaryState start(String revision, Instant now) {
    return new CanaryState(
        SCHEMA_VERSION,
        revision,
        Phase.PROGRESSING,
        0,
        now,
        0,
        0,
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        AnalysisCounts.none(),
        false,
        "",
        Optional.empty(),
        DecisionHistory.empty(),
        now,
        now);
  }

  /** Step number as people count it (1-based). */
  public int stepNumber() {
    return stepIndex + 1;
  }

  CanaryState decided(Decision decision, Instant now) {
    return new Builder(this).history(history.plus(decision)).updatedAt(now).build();
  }

  /** On to the next step; its clock starts now. */
  CanaryState advance(Instant now, Decision decision) {
    return new Builder(this)
        .stepIndex(stepIndex + 1)
        .stepStartedAt(now)
        .history(history.plus(decision))
        .updatedAt(now)
        .build();
  }

  /**
   * The current setWeight step took: the canary is ready at that weight, and the next step starts.
   */
  CanaryState weightApplied(
      int asked, double effective, int canary, int stable, Instant now, Decision decision) {
    // whole seconds: measurements then fall on whole seconds too, easier to read and to query
    Optional<Instant> analysisStart =
        analysisStartedAt.or(
            () ->
                asked > 0
                    ? Optional.of(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    : Optional.empty());
    return new Builder(this)
        .stepIndex(stepIndex + 1)
        .stepStartedAt(now)
        .askedWeight(asked)
        .effectiveWeight(effective)
        .canaryReplicas(canary)
        .stableReplicas(stable)
        .analysisStartedAt(analysisStart)
        .measuredThrough(measuredThrough.or(() -> analysisStart))
        .history(history.plus(decision))
        .updatedAt(now)
        .build();
  }

  /** Intervals up to {@code through} were measured; the counts are the analysis' after them. */
  CanaryState measured(AnalysisCounts newCounts, Instant through, Instant now) {
    return new Builder(this)
        .counts(newCounts)
        .measuredThrough(Optional.of(through))
        .updatedAt(now)
        .build();
  }

  /** An attempt to measure failed: the counts change, the intervals stay to be measured. */
  CanaryState countedOnly(AnalysisCounts newCounts, Instant now) {
    return new Builder(this).counts(newCounts).updatedAt(now).build();
  }

  CanaryState waitingForPerson(Phase waiting, String why, Instant now, Decision decision) {
    return new Builder(this)
        .phase(waiting)
        .reason(why)
        .history(history.plus(decision))
        .updatedAt(now)
        .build();
  }

  /** A person let it go on: back to progressing, the request consumed. */
  CanaryState resumedByPerson(AnalysisCounts newCounts, Instant now) {
    return new Builder(this)
        .phase(Phase.PROGRESSING)
        .reason("")
        .counts(newCounts)
        .request(Optional.empty())
        .updatedAt(now)
        .build();
  }

  /** The same state, counted at another step (the last one, once every step is done). */
  CanaryState atStep(int index) {
    return new Builder(this).stepIndex(index).build();
  }

  CanaryState promoting(Instant now, Decision decision) {
    return new Builder(this)
        .phase(Phase.PROMOTING)
        .reason(decision.reason())
        .request(Optional.empty())
        .history(history.plus(decision))
        .updatedAt(now)
        .build();
  }

  CanaryState rollingBack(String why, boolean restore, Instant now, Decision decision) {
    return new Builder(this)
        .phase(Phase.ROLLING_BACK)
        .reason(why)
        .restoreStable(restore)
        .request(Optional.empty())
        .history(history.plus(decision))
        .updatedAt(now)
        .build();
  }

  /** The promotion or rollback finished. */
  public CanaryState finished(Phase terminal, String why, Instant now) {
    if (!terminal.isTerminal()) {
      throw new IllegalArgumentException(terminal + " is not an end");
    }
    return new Builder(this)
        .phase(terminal)
        .reason(why)
        .askedWeight(terminal == Phase.PROMOTED ? 100 : 0)
        .effectiveWeight(0)
        .canaryReplicas(0)
        .updatedAt(now)
        .build();
  }

  /**
   * The state with a person's request; one already there that weighs more (abort over promote
   * --full over promote) is kept, so a later promote never cancels an abort.
   */
  public CanaryState withRequest(Request r) {
    if (request.filter(existing -> existing.kind().weight() > r.kind().weight()).isPresent()) {
      return this;
    }
    return new Builder(this).request(Optional.of(r)).build();
  }

  /** The same state with exactly this request slot (a write re-applied onto a fresher state). */
  CanaryState withRequestSlot(Optional<Request> slot) {
    return new Builder(this).request(slot).build();
  }

  CanaryState withoutRequest(Instant now) {
    return new Builder(this).request(Optional.empty()).updatedAt(now).build();
  }

  /** The weights a router reads back from the cluster, when they differ from what was saved. */
  public CanaryState withObservedWeight(double effective, int canary, int stable, Instant now) {
    return new Builder(this)
        .effectiveWeight(effective)
        .canaryReplicas(canary)
        .stableReplicas(stable)
        .updatedAt(now)
        .build();
  }

  /** A copy-and-change helper: records have no withers. */
  private static final class Builder {
    private int schemaVersion;
    private String revision;
    private Phase phase;
    private int stepIndex;
    private Instant stepStartedAt;
    private int askedWeight;
    private double effectiveWeight;
    private int canaryReplicas;
    private int stableReplicas;
    private Optional<Instant> analysisStartedAt;
    private Optional<Instant> measuredThrough;
    private AnalysisCounts counts;
    private boolean restoreStable;
    private String reason;
    private Optional<Request> request;
    private DecisionHistory history;
    private Instant startedAt;
    private Instant updatedAt;

    Builder(CanaryState s) {
      schemaVersion = s.schemaVersion;
      revision = s.revision;
      phase = s.phase;
      stepIndex = s.stepIndex;
      stepStartedAt = s.stepStartedAt;
      askedWeight = s.askedWeight;
      effectiveWeight = s.effectiveWeight;
      canaryReplicas = s.canaryReplicas;
      stableReplicas = s.stableReplicas;
      analysisStartedAt = s.analysisStartedAt;
      measuredThrough = s.measuredThrough;
      counts = s.counts;
      restoreStable = s.restoreStable;
      reason = s.reason;
      request = s.request;
      history = s.history;
      startedAt = s.startedAt;
      updatedAt = s.updatedAt;
    }

    Builder phase(Phase v) {
      phase = v;
      return this;
    }

    Builder stepIndex(int v) {
      stepIndex = v;
      return this;
    }

    Builder stepStartedAt(Instant v) {
      stepStartedAt = v;
      return this;
    }

    Builder askedWeight(int v) {
      askedWeight = v;
      return this;
    }

    Builder effectiveWeight(double v) {
      effectiveWeight = v;
      return this;
    }

    Builder canaryReplicas(int v) {
      canaryReplicas = v;
      return this;
    }

    Builder stableReplicas(int v) {
      stableReplicas = v;
      return this;
    }

    Builder analysisStartedAt(Optional<Instant> v) {
      analysisStartedAt = v;
      return this;
    }

    Builder measuredThrough(Optional<Instant> v) {
      measuredThrough = v;
      return this;
    }

    Builder counts(AnalysisCounts v) {
      counts = v;
      return this;
    }

    Builder restoreStable(boolean v) {
      restoreStable = v;
      return this;
    }

    Builder reason(String v) {
      reason = v;
      return this;
    }

    Builder request(Optional<Request> v) {
      request = v;
      return this;
    }

    Builder history(DecisionHistory v) {
      history = v;
      return this;
    }

    Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    CanaryState build() {
      return new CanaryState(
          schemaVersion,
          revision,
          phase,
          stepIndex,
          stepStartedAt,
          askedWeight,
          effectiveWeight,
          canaryReplicas,
          stableReplicas,
          analysisStartedAt,
          measuredThrough,
          counts,
          restoreStable,
          reason,
          request,
          history,
          startedAt,
          updatedAt);
    }
  }
}
