package io.rollgate.stage;

import io.rollgate.kube.ApplyException;
import io.rollgate.kube.ApplyResult;
import io.rollgate.kube.ClusterUnreachableException;
import io.rollgate.kube.ManifestApplier;
import io.rollgate.kube.RolloutFailedException;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.kube.ServerPreflight;
import io.rollgate.kube.WorkloadRef;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.pipeline.StagingSpec;
import io.rollgate.report.ActionRecord;
import io.rollgate.report.ActionRecord.Outcome;
import io.rollgate.report.Progress;
import io.rollgate.report.RunReport;
import io.rollgate.smoke.SmokeCheckFailedException;
import io.rollgate.smoke.SmokeRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The staging stage: check every object with the server before the first write (its kind in
 * discovery, a server-side dry run), apply the manifests, wait until every workload rolled out, run
 * the smoke checks.
 */
public final class StagingStage {
  private static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet");

  private final ServerPreflight preflight;
  private final ManifestApplier applier;
  private final RolloutWaiter waiter;
  private final SmokeRunner smoke;
  private final RunReport report;
  private final Progress progress;
  private final Clock clock;

  public StagingStage(
      ServerPreflight preflight,
      ManifestApplier applier,
      RolloutWaiter waiter,
      SmokeRunner smoke,
      RunReport report,
      Progress progress,
      Clock clock) {
    this.preflight = preflight;
    this.applier = applier;
    this.waiter = waiter;
    this.smoke = smoke;
    this.report = report;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * Runs the stage; with {@code dryRun} only the server's check of every object happens.
   *
   * @throws ManifestsRefusedException the server refused objects before anything was written
   */
  public void run(StagingSpec spec, List<Manifest> manifests, boolean dryRun)
      throws StagingFailedException, ApplyException, InterruptedException {
    progress.line(
        "staging: applying "
            + manifests.size()
            + " objects to namespace "
            + spec.namespace()
            + (dryRun ? " (dry run)" : ""));
    ApplyResult checked = check(manifests);
    if (dryRun) {
      record(checked, clock.instant());
      report.note(
          "dry run: the server validated every object; nothing was written, no rollout waited on, no smoke check run");
      return;
    }
    apply(manifests);
    List<WorkloadRef> workloads = workloads(manifests, spec.namespace());
    awaitRollout(spec, workloads);
    for (SmokeCheckSpec check : spec.smoke()) {
      runSmoke(spec.namespace(), check);
    }
    progress.line(
        "staging: healthy ("
            + workloads.size()
            + " workloads rolled out, "
            + spec.smoke().size()
            + " smoke checks passed)");
  }

  /** Discovery and a dry run of every object; a refusal is bad input, with nothing written. */
  private ApplyResult check(List<Manifest> manifests) throws ApplyException, InterruptedException {
    Instant start = clock.instant();
    try {
      return preflight.check(manifests);
    } catch (ApplyException e) {
      report.add(failed("check", "manifests", start, e.getMessage()));
      throw e;
    }
  }

  private void apply(List<Manifest> manifests)
      throws StagingFailedException, ClusterUnreachableException, InterruptedException {
    Instant start = clock.instant();
    try {
      record(applier.apply(manifests), start);
    } catch (ClusterUnreachableException e) {
      report.add(failed("apply", "manifests", start, e.getMessage()));
      throw e;
    } catch (ApplyException e) {
      report.add(failed("apply", "manifests", start, e.getMessage()));
      throw new StagingFailedException("apply", "staging: apply failed: " + e.getMessage(), e);
    }
  }

  private void record(ApplyResult result, Instant start) {
    for (ApplyResult.AppliedObject o : result.objects()) {
      Outcome outcome = o.change() == ApplyResult.Change.UNCHANGED ? Outcome.UNCHANGED : Outcome.OK;
      report.add(
          new ActionRecord(
              "apply",
              o.manifest().id(),
              start,
              o.took(),
              outcome,
              o.change().name().toLowerCase(java.util.Locale.ROOT),
              Map.of("source", o.manifest().source().toString())));
    }
  }

  private void awaitRollout(StagingSpec spec, List<WorkloadRef> workloads)
      throws StagingFailedException, InterruptedException {
    if (workloads.isEmpty()) {
      return;
    }
    Instant start = clock.instant();
    try {
      waiter.await(workloads, spec.rollout().timeout());
      for (WorkloadRef w : workloads) {
        report.add(
            new ActionRecord(
                "rollout",
                w.kind() + "/" + w.name(),
                start,
                since(start),
                Outcome.OK,
                "rolled out",
                Map.of()));
      }
    } catch (RolloutFailedException e) {
      WorkloadRef w = e.workload();
      report.add(
          new ActionRecord(
              "rollout",
              w.kind() + "/" + w.name(),
              start,
              since(start),
              Outcome.FAILED,
              e.getMessage(),
              Map.of("reason", e.reason())));
      throw new StagingFailedException("rollout", "staging: " + e.getMessage(), e);
    }
  }

  private void runSmoke(String namespace, SmokeCheckSpec check)
      throws StagingFailedException, InterruptedException {
    try {
      report.add(smoke.run(namespace, check).toActionRecord());
    } catch (SmokeCheckFailedException e) {
      report.add(e.result().toActionRecord());
      throw new StagingFailedException("smoke", "staging: " + e.getMessage(), e);
    }
  }

  static List<WorkloadRef> workloads(List<Manifest> manifests, String namespace) {
    return manifests.stream()
        .filter(m -> WORKLOAD_KINDS.contains(m.kind()))
        .map(m -> new WorkloadRef(m.kind(), m.namespace().orElse(namespace), m.name()))
        .toList();
  }

  private ActionRecord failed(String action, String subject, Instant start, String message) {
    return new ActionRecord(
        action, subject, start, since(start), Outcome.FAILED, message, Map.of());
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }
}
