package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rollgate.canary.CanaryManifests;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryWorkloads;
import io.rollgate.canary.ClusterException;
import io.rollgate.canary.WorkloadFailedException;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.SourceLocation;
import io.rollgate.report.Progress;
import io.rollgate.time.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stable Deployment and its {@code <target>-canary} beside it, for one plan. The stable
 * workload is written only at promotion (and when a failed promotion writes the previous template
 * back); its replica count is never touched. Stable's pods are labelled {@code rollgate.io/track:
 * stable} in place (a pod label, not the template, so no stable pod restarts); pods the stable
 * ReplicaSet makes later are labelled at the canary's next weight change or measurement.
 */
public final class DeploymentCanary implements CanaryWorkloads {
  private final KubernetesClient client;
  private final KubeCalls calls;
  private final CanaryPlan plan;
  private final RolloutWaiter waiter;
  private final ConfigCopies copies;
  private final ManifestApplier owned;
  private final ManifestApplier stableApplier;

  public DeploymentCanary(
      KubernetesClient client,
      KubeCalls calls,
      CanaryPlan plan,
      RolloutWaiter waiter,
      Sleeper sleeper,
      Progress progress) {
    this.client = client;
    this.calls = calls;
    this.plan = plan;
    this.waiter = waiter;
    this.copies = new ConfigCopies(client, calls, plan.namespace());
    // the canary and the copies are Rollgate's own objects: it takes their fields back if needed
    this.owned =
        new ManifestApplier(
            client, ApplyOptions.defaults().withForceConflicts(true), sleeper, Progress.silent());
    // promotion writes the template the canary proved: it takes those fields over from whoever
    // applied them before (kubectl, Helm); the stable workload's replica count stays as it is
    this.stableApplier =
        new ManifestApplier(
            client, ApplyOptions.defaults().withForceConflicts(true), sleeper, progress);
  }

  private String ns() {
    return plan.namespace();
  }

  private Optional<Deployment> deployment(String name) {
    return Optional.ofNullable(
        calls.call(
            "get",
            "deployments",
            ns(),
            () -> client.apps().deployments().inNamespace(ns()).withName(name).get()));
  }

  private Deployment stable() {
    return deployment(plan.targetRef().name())
        .orElseThrow(
            () ->
                new ClusterException(
                    "Deployment " + ns() + "/" + plan.targetRef().name() + " (stable) is gone",
                    false,
                    null));
  }

  @Override
  public int stableReplicas() {
    Integer r = stable().getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  @Override
  public Readiness scaleCanary(int replicas, Duration timeout)
      throws WorkloadFailedException, InterruptedException {
    try {
      apply(owned, CanaryManifests.canaryWorkload(plan, replicas), "canary");
    } catch (ApplyException e) {
      throw new WorkloadFailedException("ApplyRejected", "the canary: " + e.getMessage());
    }
    labelStablePods();
    await(plan.canaryName(), timeout, "the canary");
    return observe();
  }

  @Override
  public Readiness observe() {
    Optional<Deployment> canary = deployment(plan.canaryName());
    Deployment stable = stable();
    return new Readiness(
        canary.map(d -> orZero(d.getSpec().getReplicas())).orElse(0),
        canary
            .map(d -> d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()))
            .orElse(0),
        orZero(stable.getSpec().getReplicas()),
        stable.getStatus() == null ? 0 : orZero(stable.getStatus().getReadyReplicas()));
  }

  @Override
  public void drainCanary() {
    if (deployment(plan.canaryName()).isEmpty()) {
      return;
    }
    calls.run(
        "patch",
        "deployments",
        ns(),
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(ns())
                .withName(plan.canaryName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}"));
  }

  @Override
  public void removeCanary() {
    calls.run(
        "delete",
        "deployments",
        ns(),
        () -> client.apps().deployments().inNamespace(ns()).withName(plan.canaryName()).delete());
    copies.deleteCopies(plan.configCopies());
  }

  @Override
  public void forgetPrevious() {
    copies.deleteSnapshots(plan.configCopies());
  }

  @Override
  public void promoteStable(Duration timeout) throws WorkloadFailedException, InterruptedException {
    try {
      copies.snapshot(plan.configCopies());
      copies.promote(plan.configCopies(), stableApplier);
      apply(stableApplier, CanaryManifests.promotedStable(plan, stableReplicas()), "stable");
    } catch (ApplyException e) {
      throw new WorkloadFailedException("ApplyRejected", "stable: " + e.getMessage());
    }
    await(plan.targetRef().name(), timeout, "stable");
  }

  @Override
  public void restoreStable(Duration timeout) throws WorkloadFailedException, InterruptedException {
    try {
      copies.restore(plan.configCopies(), stableApplier);
      apply(stableApplier, CanaryManifests.previousStable(plan, stableReplicas()), "stable");
    } catch (ApplyException e) {
      throw new WorkloadFailedException("ApplyRejected", "stable: " + e.getMessage());
    }
    await(plan.targetRef().name(), timeout, "stable");
  }

  /** Marks stable's running pods as the stable track, in place; canary pods keep theirs. */
  @Override
  public void labelStablePods() {
    io.fabric8.kubernetes.api.model.LabelSelector selector = stable().getSpec().getSelector();
    if (selector == null
        || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
            && (selector.getMatchExpressions() == null
                || selector.getMatchExpressions().isEmpty()))) {
      return; // a selector that selects everything is no way to find stable's pods
    }
    List<Pod> pods =
        calls.call(
            "list",
            "pods",
            ns(),
            () -> client.pods().inNamespace(ns()).withLabelSelector(selector).list().getItems());
    for (Pod p : pods) {
      Map<String, String> labels = p.getMetadata().getLabels();
      // the whole selector, expressions included, is checked here too: only stable's pods are
      // marked, never another app's
      if (labels == null
          || labels.containsKey(CanaryManifests.TRACK_LABEL)
          || !Selectors.matches(selector, labels)) {
        continue;
      }
      try {
        calls.run(
            "patch",
            "pods",
            ns(),
            () ->
                client
                    .pods()
                    .inNamespace(ns())
                    .withName(p.getMetadata().getName())
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\""
                            + CanaryManifests.TRACK_LABEL
                            + "\":\"stable\"}}}"));
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        // the pod went away between the list and the patch: ordinary churn
      }
    }
  }

  private void apply(ManifestApplier applier, Map<String, Object> body, String what)
      throws InterruptedException, ApplyException {
    Map<?, ?> metadata = (Map<?, ?>) body.get("metadata");
    Manifest m =
        new Manifest(
            new SourceLocation(Path.of("saved plan " + plan.stateName()), 1, 1),
            String.valueOf(body.get("apiVersion")),
            String.valueOf(body.get("kind")),
            String.valueOf(metadata.get("name")),
            Optional.of(ns()),
            body);
    try {
      applier.apply(List.of(m));
    } catch (ClusterUnreachableException e) {
      throw new ClusterException("applying " + what + ": " + e.getMessage(), true, e);
    }
  }

  private void await(String name, Duration timeout, String what)
      throws WorkloadFailedException, InterruptedException {
    try {
      waiter.await(List.of(WorkloadRef.deployment(ns(), name)), timeout);
    } catch (RolloutFailedException e) {
      if (RolloutFailedException.CLUSTER_UNREACHABLE.equals(e.reason())) {
        throw new ClusterException(e.getMessage(), true, e);
      }
      throw new WorkloadFailedException(e.reason(), what + ": " + e.getMessage());
    }
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
