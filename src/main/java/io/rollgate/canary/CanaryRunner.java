package io.rollgate.canary;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.Numbers;
import io.rollgate.analysis.QueryRenderer;
import io.rollgate.canary.StateStore.Saved;
import io.rollgate.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Drives one canary: read the saved state, ask the {@link CanaryEngine} what is due, save the
 * transition, act, save the outcome, and again, until the canary is done, waits for a person, or
 * (by {@link Mode}) would have to wait for time to pass. Every state is saved (compare-and-swap,
 * Lease checked first) before the action that follows it; a write that lost a race re-reads the
 * state and decides again, so a person's abort or promote written meanwhile is seen at once.
 */
public final class CanaryRunner {
  /** How long a run stays. */
  public enum Mode {
    /** Until the canary is done or waits for a person: waits for time to pass ({@code run}). */
    STAY,
    /** Until the canary is at its first weight and the next action is a timed wait. */
    DETACH,
    /** Only what is due now ({@code resume}, {@code promote}, {@code abort}); never waits. */
    ONCE
  }

  private final StateStore store;
  private final Lease lease;
  private final CanaryWorkloads workloads;
  private final TrafficRouter router;
  private final CanaryAnalysis analysis;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<CanaryEvent> events;

  /** How often a long action (a rollout wait) looks for an abort written meanwhile. */
  private final Duration abortCheck;

  /** After a measurement found Prometheus out of reach: not again before this. */
  private Optional<Instant> measureRetryAt = Optional.empty();

  public CanaryRunner(
      StateStore store,
      Lease lease,
      CanaryWorkloads workloads,
      TrafficRouter router,
      CanaryAnalysis analysis,
      Clock clock,
      Sleeper sleeper,
      Consumer<CanaryEvent> events) {
    this(store, lease, workloads, router, analysis, clock, sleeper, events, lease.renewEvery());
  }

  /** As the other constructor, with how often a long action looks for an abort. */
  public CanaryRunner(
      StateStore store,
      Lease lease,
      CanaryWorkloads workloads,
      TrafficRouter router,
      CanaryAnalysis analysis,
      Clock clock,
      Sleeper sleeper,
      Consumer<CanaryEvent> events,
      Duration abortCheck) {
    this.abortCheck = abortCheck;
    this.store = store;
    this.lease = lease;
    this.workloads = workloads;
    this.router = router;
    this.analysis = analysis;
    this.clock = clock;
    this.sleeper = sleeper;
    this.events = events;
  }

  /**
   * Runs the canary from {@code saved} (as just read or written under the Lease).
   *
   * @throws InterruptedException the process is being stopped; the saved state is consistent
   */
  public CanaryOutcome run(Saved saved, Mode mode) throws InterruptedException {
    return run(saved, mode, false);
  }

  /**
   * Picks up a canary nothing drove for a while: the intervals that passed are measured first, and
   * acted on; only then is the live canary compared with the saved state ({@link #checkLiveWeight})
   * and, unless the canary is being rolled back, put back. Nothing moves before the gap is
   * measured.
   *
   * @throws InterruptedException the process is being stopped; the saved state is consistent
   */
  public CanaryOutcome resume(Saved saved, Mode mode) throws InterruptedException {
    return run(saved, mode, true);
  }

  private CanaryOutcome run(Saved saved, Mode mode, boolean checkLive) throws InterruptedException {
    try {
      return loop(saved, mode, checkLive);
    } catch (LeaseLostException e) {
      return new CanaryOutcome.Locked(e.holder(), e.getMessage());
    } catch (ClusterException e) {
      return e.unreachable()
          ? new CanaryOutcome.Unreachable(
              e.getMessage() + "; the saved state is consistent: resume continues it")
          : failedHard(e);
    }
  }

  private static CanaryOutcome failedHard(ClusterException e) {
    throw e;
  }

  /** Says what the live objects show when it differs from the saved state, and puts it right. */
  public Saved checkLiveWeight(Saved saved) throws InterruptedException, LeaseLostException {
    return checkLiveWeight(saved, true);
  }

  /**
   * Says what the live objects show when it differs from the saved state; with {@code restore},
   * puts the saved weight back (never for a canary on its way out: a rollback raises no weight).
   */
  private Saved checkLiveWeight(Saved saved, boolean restore)
      throws InterruptedException, LeaseLostException {
    CanaryState s = saved.state();
    if (s.phase().isTerminal()
        || (restore && s.phase() == Phase.ROLLING_BACK)
        || s.phase() == Phase.PROMOTING
        || s.canaryReplicas() == 0) {
      return saved;
    }
    CanaryWorkloads.Readiness live;
    try {
      live = workloads.observe();
    } catch (ClusterException e) {
      if (restore) {
        throw e;
      }
      // a canary on its way out is rolled back whatever the live objects show (a stable
      // Deployment someone deleted included): the rollback needs none of them
      return saved;
    }
    if (restore && interruptedWeightChange(saved.plan(), s, live)) {
      events.accept(
          new CanaryEvent.Note(
              "the canary has "
                  + live.canaryDesired()
                  + " pods, the size of step "
                  + s.stepNumber()
                  + "'s weight: that weight change was cut short and is completed now"));
      return saved;
    }
    OptionalDouble weight = router.liveWeight(live);
    boolean replicasDrifted = live.canaryDesired() != s.canaryReplicas();
    boolean weightDrifted =
        weight.isPresent() && Math.abs(weight.getAsDouble() - s.effectiveWeight()) >= 1.0;
    if (!replicasDrifted && !weightDrifted) {
      return saved;
    }
    events.accept(
        new CanaryEvent.Note(
            "the live canary differs from the saved state: "
                + live.canaryDesired()
                + " canary pods asked ("
                + live.canaryReady()
                + " ready) and "
                + weight.stream().mapToObj(w -> Numbers.format(w) + "% ").findFirst().orElse("")
                + "weight, saved "
                + s.canaryReplicas()
                + " pods at "
                + Numbers.format(s.effectiveWeight())
                + "% (someone, or a GitOps tool, changed it); "
                + (restore
                    ? "putting the saved weight back"
                    : "left as it is: the canary is being rolled back")));
    if (!restore) {
      return saved;
    }
    try {
      CanaryWorkloads.Readiness ready =
          workloads.scaleCanary(s.canaryReplicas(), saved.plan().rollout().timeout());
      double effective = router.setWeight(s.askedWeight(), ready);
      return write(
          saved, s.withObservedWeight(effective, ready.canaryReady(), ready.stableReady(), now()));
    } catch (WorkloadFailedException e) {
      return write(saved, CanaryEngine.canaryFailed(s, e.getMessage(), now()));
    }
  }

  /** The canary already has the size the current setWeight step asks (a run killed in it). */
  private boolean interruptedWeightChange(
      CanaryPlan plan, CanaryState s, CanaryWorkloads.Readiness live) {
    if (s.stepIndex() >= plan.steps().size()
        || !(plan.steps().get(s.stepIndex())
            instanceof io.rollgate.pipeline.StepSpec.SetWeight w)) {
      return false;
    }
    int target =
        Math.max(router.canaryReplicas(w.weight(), live.stableDesired()), s.canaryReplicas());
    return live.canaryDesired() == target;
  }

  private CanaryOutcome loop(Saved start, Mode mode, boolean checkLive)
      throws InterruptedException, LeaseLostException {
    Saved cur = start;
    boolean liveCheckDue = checkLive;
    while (true) {
      Instant now = now();
      CanaryPlan plan = cur.plan();
      CanaryState s = cur.state();
      Next next = CanaryEngine.next(plan, s, now);
      if (next instanceof Next.Measure && measureRetryAt.filter(now::isBefore).isPresent()) {
        next =
            new Next.WaitUntil(
                measureRetryAt.get(), "Prometheus was out of reach; measuring again");
      }
      if (liveCheckDue && !(next instanceof Next.Measure)) {
        // the intervals that were due are measured (and saved): now the live canary
        liveCheckDue = false;
        Saved checked = checkLiveWeight(cur, !goingBack(s, next));
        if (checked != cur) {
          cur = checked;
          continue;
        }
      }
      if (next instanceof Next.Transition t) {
        cur = write(cur, t.state());
      } else if (next instanceof Next.ApplyWeight w) {
        cur = applyWeight(cur, w.weight());
      } else if (next instanceof Next.Measure m) {
        Optional<Saved> measured = measure(cur, m, mode);
        if (measured.isEmpty()) {
          return new CanaryOutcome.Unreachable(
              "Prometheus could not be reached to measure the canary; the saved state is consistent and the intervals stay due for the next resume");
        }
        cur = measured.get();
      } else if (next instanceof Next.Promote) {
        cur = promote(cur);
      } else if (next instanceof Next.RollBack r) {
        cur = rollBack(cur, r);
      } else if (next instanceof Next.WaitUntil w) {
        boolean detachNow = mode == Mode.DETACH && s.askedWeight() > 0;
        if (mode == Mode.ONCE || detachNow) {
          events.accept(new CanaryEvent.Waiting(w.at(), w.why()));
          return new CanaryOutcome.InFlight(
              w.at(),
              "in flight at step "
                  + s.stepNumber()
                  + " of "
                  + plan.steps().size()
                  + " ("
                  + w.why()
                  + ")");
        }
        if (!CanaryEngine.nextMeasurement(plan, s).filter(w.at()::equals).isPresent()) {
          events.accept(new CanaryEvent.Waiting(w.at(), w.why())); // the end of a step
        }
        cur = sleepUntil(cur, w.at());
      } else if (next instanceof Next.WaitForPerson p) {
        return new CanaryOutcome.WaitingForPerson(p.why());
      } else {
        Next.Finished f = (Next.Finished) next;
        return f.phase() == Phase.PROMOTED
            ? new CanaryOutcome.Promoted(f.reason().isEmpty() ? "promoted" : f.reason())
            : new CanaryOutcome.RolledBack(f.reason());
      }
    }
  }

  /** Whether the canary is on its way out, so that no weight may be put back. */
  private static boolean goingBack(CanaryState s, Next next) {
    return s.phase() == Phase.ROLLING_BACK
        || next instanceof Next.RollBack
        || (next instanceof Next.Transition t && t.state().phase() == Phase.ROLLING_BACK)
        || s.request().filter(r -> r.kind() == Request.Kind.ABORT).isPresent();
  }

  private Saved applyWeight(Saved cur, int weight) throws InterruptedException, LeaseLostException {
    CanaryState s = cur.state();
    int stable = workloads.stableReplicas();
    // capacity only grows during a canary: a weight never takes canary pods away
    int replicas = Math.max(router.canaryReplicas(weight, stable), s.canaryReplicas());
    CanaryWorkloads.Readiness ready;
    try {
      ready = abortable(() -> workloads.scaleCanary(replicas, cur.plan().rollout().timeout()));
    } catch (WorkloadFailedException e) {
      return write(cur, CanaryEngine.canaryFailed(s, e.getMessage(), now()));
    } catch (AbortSeen e) {
      return reread(cur, "an abort arrived while the canary was being sized: rolling back now");
    }
    lease.ensureHeld(); // routers that write their own objects must not write after a loss
    double effective = router.setWeight(weight, ready);
    Saved after =
        write(
            cur,
            CanaryEngine.weightTook(
                s, weight, effective, ready.canaryReady(), ready.stableReady(), now()));
    if (landed) {
      events.accept(
          new CanaryEvent.WeightSet(
              s.stepNumber(), weight, effective, ready.canaryReady(), ready.stableReady()));
    }
    return after;
  }

  private Optional<Saved> measure(Saved cur, Next.Measure m, Mode mode)
      throws InterruptedException, LeaseLostException {
    CanaryState s = cur.state();
    markStablePods();
    try {
      CanaryAnalysis.Result r = analysis.measure(cur.plan(), s, m.after(), m.through());
      measureRetryAt = Optional.empty();
      Saved after = write(cur, CanaryEngine.measured(s, r.window(), r.counts(), now()));
      if (landed) {
        events.accept(new CanaryEvent.Measured(r.window()));
      }
      return Optional.of(after);
    } catch (QueryRenderer.RenderException e) {
      String why = "a query template does not render: " + e.getMessage();
      return Optional.of(write(cur, CanaryEngine.canaryFailed(s, why, now())));
    } catch (MetricQueryException e) {
      if (e.kind() == MetricQueryException.Kind.BAD_QUERY) {
        CanaryState failed =
            CanaryEngine.measureFailed(
                s,
                s.counts(),
                io.rollgate.analysis.Verdict.rollback(
                    "Prometheus rejected a query: " + e.getMessage()),
                e.getMessage(),
                now());
        return Optional.of(write(cur, failed));
      }
      CanaryAnalysis.Result r =
          analysis.countUnreachable(cur.plan(), s, m.through(), e.getMessage());
      events.accept(new CanaryEvent.Note("could not measure: " + e.getMessage()));
      Saved after =
          write(
              cur,
              CanaryEngine.measureFailed(
                  s, r.counts(), r.window().verdict(), e.getMessage(), now()));
      if (after.state().phase() == Phase.ROLLING_BACK || mode != Mode.ONCE) {
        measureRetryAt = Optional.of(now().plus(cur.plan().analysis().interval()));
        return Optional.of(after);
      }
      return Optional.empty();
    }
  }

  /**
   * Stable pods started since the canary was sized (a restart, an autoscaler) get the stable track,
   * so {@code {{track}}="stable"} queries see them; a failure to mark them is said and does not
   * stop the measurement.
   */
  private void markStablePods() throws LeaseLostException {
    lease.ensureHeld();
    try {
      workloads.labelStablePods();
    } catch (RuntimeException e) {
      events.accept(
          new CanaryEvent.Note(
              "could not mark new stable pods as the stable track: " + e.getMessage()));
    }
  }

  private Saved promote(Saved cur) throws InterruptedException, LeaseLostException {
    Duration timeout = cur.plan().rollout().timeout();
    try {
      abortable(
          () -> {
            workloads.promoteStable(timeout);
            return null;
          });
    } catch (WorkloadFailedException e) {
      return write(cur, CanaryEngine.promotionFailed(cur.state(), e.getMessage(), now()));
    } catch (AbortSeen e) {
      return reread(
          cur, "an abort arrived during the promotion: writing the previous template back");
    }
    lease.ensureHeld();
    router.resetToStable();
    router.remove();
    workloads.removeCanary();
    Saved done = write(cur, CanaryEngine.promoted(cur.state(), now()));
    forgetPrevious(done);
    return done;
  }

  private Saved rollBack(Saved cur, Next.RollBack r)
      throws InterruptedException, LeaseLostException {
    lease.ensureHeld();
    // traffic first: whatever else fails below, requests stop reaching the canary
    router.resetToStable();
    Optional<String> restoreProblem = Optional.empty();
    if (r.restoreStable()) {
      try {
        workloads.restoreStable(cur.plan().rollout().timeout());
      } catch (WorkloadFailedException e) {
        restoreProblem = Optional.of(e.getMessage());
      }
    }
    lease.ensureHeld();
    router.remove();
    workloads.removeCanary();
    CanaryState done = CanaryEngine.rolledBack(cur.state(), now());
    events.accept(new CanaryEvent.Note("all traffic on stable, the canary and its copies removed"));
    if (restoreProblem.isPresent()) {
      events.accept(
          new CanaryEvent.Note(
              "the previous template was written back to stable, but it did not roll out: "
                  + restoreProblem.get()));
    }
    Saved saved = write(cur, done);
    forgetPrevious(saved);
    return saved;
  }

  /** Once the end is saved, what was kept for a rollback of the promotion goes. */
  private void forgetPrevious(Saved saved) {
    if (!saved.state().phase().isTerminal()) {
      return;
    }
    try {
      workloads.forgetPrevious();
    } catch (ClusterException e) {
      events.accept(
          new CanaryEvent.Note(
              "the copies kept of stable's previous configuration stay for now: "
                  + e.getMessage()));
    }
  }

  /** A long action, interrupted when someone writes an abort into the state meanwhile. */
  @FunctionalInterface
  private interface LongAction<T> {
    T run() throws WorkloadFailedException, InterruptedException;
  }

  /** The long action was cut short by an abort written into the state. */
  private static final class AbortSeen extends Exception {
    AbortSeen() {
      super("abort");
    }
  }

  /**
   * Runs {@code action} while a watcher reads the state every {@link #abortCheck}: an abort found
   * there interrupts the action (a rollout wait, an apply), so abort wins over a wait of minutes.
   */
  private <T> T abortable(LongAction<T> action)
      throws WorkloadFailedException, InterruptedException, AbortSeen {
    Thread worker = Thread.currentThread();
    java.util.concurrent.atomic.AtomicBoolean seen =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ScheduledExecutorService watcher =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rollgate-abort-watch");
              t.setDaemon(true);
              return t;
            });
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            boolean abort =
                store
                    .read()
                    .flatMap(x -> x.state().request())
                    .filter(r -> r.kind() == Request.Kind.ABORT)
                    .isPresent();
            if (abort && seen.compareAndSet(false, true)) {
              worker.interrupt();
            }
          } catch (RuntimeException e) {
            // the cluster is not answering: the action itself will find out
          }
        },
        abortCheck.toMillis(),
        abortCheck.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    try {
      return action.run();
    } catch (InterruptedException e) {
      if (seen.get()) {
        throw new AbortSeen();
      }
      throw e;
    } finally {
      watcher.shutdownNow();
      if (seen.get()) {
        Thread.interrupted(); // the interrupt was ours, not the process being stopped
      }
    }
  }

  private Saved reread(Saved cur, String note) {
    events.accept(new CanaryEvent.Note(note));
    return store.read().orElse(cur);
  }

  /** Waits in pieces no longer than the Lease's renewal, renewing it and re-reading the state. */
  private Saved sleepUntil(Saved cur, Instant at) throws InterruptedException, LeaseLostException {
    while (now().isBefore(at)) {
      Duration left = Duration.between(now(), at);
      Duration piece = left.compareTo(lease.renewEvery()) < 0 ? left : lease.renewEvery();
      sleeper.sleep(piece);
      lease.renewIfDue();
      Optional<Saved> fresh = store.read();
      if (fresh.isPresent() && !fresh.get().version().equals(cur.version())) {
        return fresh.get(); // someone wrote (a person's request): decide again at once
      }
    }
    return cur;
  }

  /** Whether the last {@link #write} saved the state it was given (else it read a newer one). */
  private boolean landed;

  /**
   * Saves a state under the Lease. A lost race whose only difference is a person's request (abort,
   * promote) is saved again onto the fresher state, with that request kept; any other lost race
   * gives the state as it is now, to decide again.
   */
  private Saved write(Saved cur, CanaryState next) throws LeaseLostException {
    lease.ensureHeld();
    landed = false;
    try {
      Saved saved = store.update(cur, next);
      landed = true;
      announce(cur.state(), saved.state());
      return saved;
    } catch (StateConflictException e) {
      Saved fresh =
          store
              .read()
              .orElseThrow(
                  () ->
                      new ClusterException(
                          "the state ConfigMap was deleted while the canary ran", false, e));
      boolean onlyARequestArrived =
          fresh
                  .state()
                  .withRequestSlot(Optional.empty())
                  .equals(cur.state().withRequestSlot(Optional.empty()))
              && next.request().equals(cur.state().request());
      if (onlyARequestArrived) {
        try {
          Saved saved = store.update(fresh, next.withRequestSlot(fresh.state().request()));
          landed = true;
          announce(cur.state(), saved.state());
          return saved;
        } catch (StateConflictException again) {
          fresh = store.read().orElse(fresh);
        }
      }
      events.accept(
          new CanaryEvent.Note(
              "the state changed meanwhile (" + e.getMessage() + "); deciding again"));
      return fresh;
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** One event per decision a write added. */
  private void announce(CanaryState before, CanaryState after) {
    int added = after.history().total() - before.history().total();
    List<Decision> latest = after.history().latest();
    for (int i = Math.max(0, latest.size() - added); i < latest.size(); i++) {
      events.accept(new CanaryEvent.Decided(latest.get(i)));
    }
  }
}
