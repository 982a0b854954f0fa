package io.rollgate.stage;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.canary.CanaryAnalysis;
import io.rollgate.canary.CanaryEngine;
import io.rollgate.canary.CanaryEvent;
import io.rollgate.canary.CanaryOutcome;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryRunner;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.CanaryWorkloads;
import io.rollgate.canary.Lease;
import io.rollgate.canary.LeaseHeldException;
import io.rollgate.canary.LeaseLostException;
import io.rollgate.canary.StateConflictException;
import io.rollgate.canary.StateStore;
import io.rollgate.canary.StateStore.Saved;
import io.rollgate.canary.TrafficRouter;
import io.rollgate.kube.ApplyException;
import io.rollgate.kube.ConfigCopies;
import io.rollgate.kube.LiveObjects;
import io.rollgate.kube.ManifestApplier;
import io.rollgate.kube.PipelineLeases;
import io.rollgate.kube.RolloutFailedException;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.kube.ServerPreflight;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The production stage of {@code run}: under the pipeline's Lease, decide from the saved state and
 * what runs now whether to continue a canary in flight, roll an older revision back first, deploy
 * for the first time, do nothing, or start a canary (the analysis' queries asked once, the other
 * objects applied, the changed configuration copied, the state saved); then drive it.
 */
public final class ProductionStage {
  /** What the stage works with, in the production cluster. */
  public record Cluster(
      ManifestApplier applier,
      ServerPreflight preflight,
      RolloutWaiter waiter,
      LiveObjects live,
      StateStore store,
      PipelineLeases leases,
      Function<CanaryPlan, CanaryWorkloads> workloads,
      BiFunction<CanaryPlan, CanaryWorkloads, TrafficRouter> router,
      Function<CanaryPlan, CanaryAnalysis> analysis) {}

  private final Cluster cluster;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<CanaryEvent> events;

  public ProductionStage(
      Cluster cluster, Clock clock, Sleeper sleeper, Consumer<CanaryEvent> events) {
    this.cluster = cluster;
    this.clock = clock;
    this.sleeper = sleeper;
    this.events = events;
  }

  /**
   * @throws MetricQueryException a query Prometheus rejects (exit 2) or a Prometheus out of reach
   *     (exit 7) before the canary starts: nothing was changed
   */
  public CanaryOutcome run(LoadedPipeline loaded, CanaryRunner.Mode mode, Duration waitLock)
      throws InterruptedException, MetricQueryException, ApplyException, RolloutFailedException {
    ProductionSpec production = loaded.spec().production().orElseThrow();
    String name = loaded.spec().stateObjectName();
    Manifest target = CanaryPlanner.target(loaded);
    View view = view(loaded, production, target);
    // nothing to do is found from reads alone: no dry run, no Lease, no write
    Optional<CanaryOutcome> nothing = nothingToDo(view, production, target, cluster.store().read());
    if (nothing.isPresent()) {
      return nothing.get();
    }
    // every object this run may write, checked by the server before anything is written (the
    // Lease included): its kind in discovery, then a dry run; a refusal is exit 2, nothing changed
    List<Manifest> checked = toWrite(loaded, view);
    cluster.preflight().check(checked);
    Lease lease;
    try {
      lease = cluster.leases().acquire(production.namespace(), name, waitLock);
    } catch (LeaseHeldException e) {
      return new CanaryOutcome.Locked(e.holder(), e.getMessage());
    }
    try (lease) {
      // what was read before the Lease may be stale (another run held it meanwhile, --wait-lock):
      // the stable workload, the changed configuration and the plan are read again under it
      View fresh = view(loaded, production, target);
      if (!toWrite(loaded, fresh).equals(checked)) {
        cluster.preflight().check(toWrite(loaded, fresh));
      }
      return underLease(
          loaded, production, target, fresh.stableLive(), fresh.planned(), lease, mode);
    } catch (LeaseLostException e) {
      return new CanaryOutcome.Locked(e.holder(), e.getMessage());
    }
  }

  /** The stable workload as it runs now, and the plan made from it. */
  private record View(Optional<Map<String, Object>> stableLive, CanaryPlanner.Planned planned) {}

  private View view(LoadedPipeline loaded, ProductionSpec production, Manifest target) {
    Optional<Map<String, Object>> stableLive =
        cluster
            .live()
            .get(target.apiVersion(), target.kind(), production.namespace(), target.name());
    CanaryPlanner.Planned planned =
        CanaryPlanner.plan(
            loaded,
            stableLive,
            m -> cluster.live().get(m.apiVersion(), m.kind(), production.namespace(), m.name()));
    return new View(stableLive, planned);
  }

  private static List<Manifest> toWrite(LoadedPipeline loaded, View view) {
    return view.stableLive().isEmpty() ? loaded.productionManifests() : toApply(view.planned());
  }

  /**
   * Nothing in flight, and stable already runs this revision: a run with nothing to do, said so.
   * Decided again under the Lease, where it counts; this one only spares a Lease and a dry run.
   */
  private static Optional<CanaryOutcome> nothingToDo(
      View view, ProductionSpec production, Manifest target, Optional<Saved> saved) {
    boolean inFlight = saved.isPresent() && !saved.get().state().phase().isTerminal();
    if (inFlight
        || view.stableLive().isEmpty()
        || !CanaryPlanner.stableRuns(view.planned(), view.stableLive().get())) {
      return Optional.empty();
    }
    return Optional.of(alreadyRuns(production, target, view.planned().plan()));
  }

  private static CanaryOutcome alreadyRuns(
      ProductionSpec production, Manifest target, CanaryPlan plan) {
    return new CanaryOutcome.NothingToDo(
        "stable "
            + target.kind()
            + " "
            + production.namespace()
            + "/"
            + target.name()
            + " already runs this revision ("
            + plan.revision()
            + "): no canary needed");
  }

  /** The objects beside the canary target, and the canary's copies of changed configuration. */
  private static List<Manifest> toApply(CanaryPlanner.Planned planned) {
    List<Manifest> objects = new ArrayList<>(planned.others());
    objects.addAll(ConfigCopies.copiesOf(planned.changedConfigs()));
    return objects;
  }

  private CanaryOutcome underLease(
      LoadedPipeline loaded,
      ProductionSpec production,
      Manifest target,
      Optional<Map<String, Object>> stableLive,
      CanaryPlanner.Planned planned,
      Lease lease,
      CanaryRunner.Mode mode)
      throws InterruptedException,
          MetricQueryException,
          ApplyException,
          RolloutFailedException,
          LeaseLostException {
    CanaryPlan plan = planned.plan();
    Optional<Saved> saved = cluster.store().read();
    if (saved.isPresent() && !saved.get().state().phase().isTerminal()) {
      Saved inFlight = saved.get();
      if (inFlight.plan().revision().equals(plan.revision())) {
        note(
            "revision "
                + plan.revision()
                + " is in flight since "
                + inFlight.state().startedAt()
                + " ("
                + inFlight.state().phase().label()
                + ", step "
                + inFlight.state().stepNumber()
                + " of "
                + inFlight.plan().steps().size()
                + "): continuing it");
        if (inFlight.state().phase() == io.rollgate.canary.Phase.PROGRESSING
            && inFlight.state().stepIndex() == 0) {
          applyOthers(planned, lease); // a run cut off before it applied them
        }
        CanaryRunner runner = runner(inFlight.plan(), lease, plan);
        return runner.resume(inFlight, mode);
      }
      note(
          "revision "
              + inFlight.plan().revision()
              + " is still in flight: rolling it back first, to make room for revision "
              + plan.revision());
      CanaryOutcome old = supersede(inFlight, plan.revision(), lease, plan);
      if (!(old instanceof CanaryOutcome.RolledBack)) {
        return old;
      }
      saved = cluster.store().read();
      // the rollback may have written stable's previous template back (an older canary cut off
      // in its promotion): plan from stable as it runs now, so the previous template and the
      // changed configuration are those of what stable runs, not of the revision rolled back
      View after = view(loaded, production, target);
      List<Manifest> before = toWrite(loaded, new View(stableLive, planned));
      stableLive = after.stableLive();
      planned = after.planned();
      plan = planned.plan();
      if (!toWrite(loaded, after).equals(before)) {
        cluster.preflight().check(toWrite(loaded, after));
      }
    }
    if (stableLive.isEmpty()) {
      return firstDeploy(loaded, plan, saved, lease);
    }
    if (CanaryPlanner.stableRuns(planned, stableLive.get())) {
      return alreadyRuns(production, target, plan);
    }
    // before anything moves: every query answers, and Prometheus is there
    cluster.analysis().apply(plan).probe(plan, clock.instant());
    cluster.workloads().apply(plan).forgetPrevious(); // left by a run that died after its end
    // the objects and copies go first, the state after: a canary in the state always has its
    // objects, so resume and promote (which have no manifests to apply) never drive one without
    applyOthersOrTakeBackCopies(planned, lease);
    Saved started = save(saved, plan, CanaryState.start(plan.revision(), now()), lease);
    note(
        "canary of revision "
            + plan.revision()
            + " starts: "
            + plan.steps().size()
            + " steps, analysis every "
            + io.rollgate.pipeline.Durations.format(plan.analysis().interval())
            + ", router "
            + plan.traffic().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    return runner(plan, lease, plan).run(started, mode);
  }

  /**
   * {@link #applyOthers}, before any canary state is saved: when an object is refused or the
   * cluster stops answering, the copies this run may have made are removed (best effort) and the
   * run ends with no canary in flight; the next run applies them all again.
   */
  private void applyOthersOrTakeBackCopies(CanaryPlanner.Planned planned, Lease lease)
      throws InterruptedException, ApplyException, LeaseLostException {
    try {
      applyOthers(planned, lease);
    } catch (ApplyException | io.rollgate.canary.ClusterException e) {
      if (!planned.plan().configCopies().isEmpty()) {
        try {
          cluster.workloads().apply(planned.plan()).removeCanary();
          note("no canary started: the configuration copies applied so far were removed");
        } catch (RuntimeException cleanup) {
          note(
              "no canary started; the configuration copies stay until the next run: "
                  + cleanup.getMessage());
        }
      }
      throw e;
    }
  }

  /** The other objects and the configuration copies, for real (the dry run accepted them). */
  private void applyOthers(CanaryPlanner.Planned planned, Lease lease)
      throws InterruptedException, ApplyException, LeaseLostException {
    List<Manifest> objects = toApply(planned);
    if (objects.isEmpty()) {
      return;
    }
    lease.ensureHeld();
    note(
        "applying "
            + objects.size()
            + " objects besides the canary target"
            + (planned.changedConfigs().isEmpty()
                ? ""
                : " (changed configuration as -canary copies: "
                    + planned.plan().configCopies()
                    + ")"));
    cluster.applier().apply(objects);
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** An older revision's canary goes first: abort it with the reason, and roll it back now. */
  private CanaryOutcome supersede(
      Saved inFlight, String newRevision, Lease lease, CanaryPlan measuredWith)
      throws InterruptedException, LeaseLostException {
    CanaryState rolling = CanaryEngine.superseded(inFlight.state(), newRevision, clock.instant());
    lease.ensureHeld();
    Saved written;
    try {
      written = cluster.store().update(inFlight, rolling);
    } catch (StateConflictException e) {
      return new CanaryOutcome.Unreachable(
          "the state changed while superseding it: " + e.getMessage() + "; run again");
    }
    note(rolling.reason() + ": rolling it back");
    CanaryOutcome old =
        runner(inFlight.plan(), lease, measuredWith).run(written, CanaryRunner.Mode.ONCE);
    if (old instanceof CanaryOutcome.RolledBack) {
      note(
          "revision "
              + inFlight.plan().revision()
              + " rolled back: all traffic on stable, its canary removed");
    }
    return old;
  }

  /** No stable workload yet: nothing to compare a canary with, so the release goes out whole. */
  private CanaryOutcome firstDeploy(
      LoadedPipeline loaded, CanaryPlan plan, Optional<Saved> saved, Lease lease)
      throws InterruptedException, ApplyException, RolloutFailedException, LeaseLostException {
    ProductionSpec production = loaded.spec().production().orElseThrow();
    note(
        "no "
            + plan.targetRef().kind()
            + " "
            + production.namespace()
            + "/"
            + plan.targetRef().name()
            + " runs yet: first deploy, applied whole (a canary needs a stable version to compare with)");
    lease.ensureHeld();
    cluster.applier().apply(loaded.productionManifests());
    List<io.rollgate.kube.WorkloadRef> workloads =
        StagingStage.workloads(loaded.productionManifests(), production.namespace());
    try {
      cluster.waiter().await(workloads, production.rollout().timeout());
    } catch (RolloutFailedException e) {
      if (RolloutFailedException.CLUSTER_UNREACHABLE.equals(e.reason())) {
        return new CanaryOutcome.Unreachable(e.getMessage());
      }
      CanaryState failed =
          CanaryEngine.rolledBack(
              CanaryEngine.canaryFailed(
                  CanaryState.start(plan.revision(), clock.instant()),
                  e.getMessage(),
                  clock.instant()),
              clock.instant());
      save(saved, plan, failed, lease);
      return new CanaryOutcome.RolledBack(
          "the first deploy did not roll out, and there is no earlier version to go back to: "
              + e.getMessage());
    }
    CanaryState done =
        CanaryEngine.promoted(CanaryState.start(plan.revision(), clock.instant()), clock.instant());
    save(saved, plan, done, lease);
    return new CanaryOutcome.Promoted(
        "first deploy of revision " + plan.revision() + ": rolled out, no canary");
  }

  private Saved save(Optional<Saved> previous, CanaryPlan plan, CanaryState state, Lease lease)
      throws LeaseLostException {
    lease.ensureHeld();
    try {
      return previous.isPresent()
          ? cluster.store().replace(previous.get(), plan, state)
          : cluster.store().create(plan, state);
    } catch (StateConflictException e) {
      throw new io.rollgate.canary.ClusterException(
          "the state "
              + plan.stateName()
              + " was written by another run meanwhile, although this run holds the Lease: "
              + e.getMessage(),
          false,
          e);
    }
  }

  /**
   * A runner for {@code plan}, measuring with the Prometheus settings of {@code measuredWith} (the
   * pipeline file at hand: a saved plan withholds credentials).
   */
  private CanaryRunner runner(CanaryPlan plan, Lease lease, CanaryPlan measuredWith) {
    CanaryWorkloads workloads = cluster.workloads().apply(plan);
    return new CanaryRunner(
        cluster.store(),
        lease,
        workloads,
        cluster.router().apply(plan, workloads),
        cluster.analysis().apply(measuredWith),
        clock,
        sleeper,
        events);
  }

  private void note(String text) {
    events.accept(new CanaryEvent.Note(text));
  }
}
