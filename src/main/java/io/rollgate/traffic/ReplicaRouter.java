package io.rollgate.traffic;

import io.rollgate.canary.CanaryWorkloads;
import io.rollgate.canary.ReplicaWeights;
import io.rollgate.canary.TrafficRouter;
import java.util.OptionalDouble;

/**
 * The router for clusters without a mesh: the Service selects stable and canary pods alike (same
 * app labels), so the share of requests the canary gets is the share of ready pods it has. The
 * weight is set by sizing the canary (SPEC "Traffic routers"), read back from the ready counts, and
 * all-stable means no canary pod in service.
 */
public final class ReplicaRouter implements TrafficRouter {
  private final CanaryWorkloads workloads;

  public ReplicaRouter(CanaryWorkloads workloads) {
    this.workloads = workloads;
  }

  @Override
  public String name() {
    return "replicas";
  }

  @Override
  public int canaryReplicas(int weight, int stableReplicas) {
    return ReplicaWeights.canaryReplicas(weight, stableReplicas);
  }

  @Override
  public double setWeight(int weight, CanaryWorkloads.Readiness ready) {
    // the canary was sized for this weight before; what counts is who is ready now
    return ReplicaWeights.effectiveWeight(ready.canaryReady(), ready.stableReady());
  }

  @Override
  public OptionalDouble liveWeight(CanaryWorkloads.Readiness ready) {
    return OptionalDouble.of(
        ReplicaWeights.effectiveWeight(ready.canaryReady(), ready.stableReady()));
  }

  @Override
  public void resetToStable() {
    workloads.drainCanary();
  }

  @Override
  public void remove() {
    // the replica router owns no object of its own: the canary workload is removed with it
  }
}
