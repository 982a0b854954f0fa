package io.rollgate.canary;

import java.time.Duration;

/**
 * The stable and canary workloads of one plan, in the production cluster. Every operation is
 * idempotent: repeating one after a process was killed mid-way does no harm.
 */
public interface CanaryWorkloads {
  /** Stable's replica count now (its spec; an autoscaler may change it). */
  int stableReplicas();

  /**
   * Creates or resizes the canary workload (with its configuration copies) to {@code replicas},
   * marks stable's pods as the stable track, and waits until that many canary pods are ready.
   *
   * @throws WorkloadFailedException the canary did not come up within {@code timeout}, with the
   *     pod-level reason (image pull, crash loop, deadline)
   */
  Readiness scaleCanary(int replicas, Duration timeout)
      throws WorkloadFailedException, InterruptedException;

  /** Ready pods of both tracks now. */
  Readiness observe();

  /**
   * Marks as the stable track the stable pods that are not marked yet (started mid-canary by a
   * restart or an autoscaler), so that queries by track count them; done before each measurement.
   * Pods already marked are left alone.
   */
  void labelStablePods();

  /** Takes every canary pod out of service (scaled to zero), so all traffic reaches stable. */
  void drainCanary();

  /** Deletes the canary workload and its configuration copies; nothing there is fine. */
  void removeCanary();

  /**
   * Deletes what a promotion kept of stable's configuration for a rollback; called once the end
   * (promoted, rolled back) is saved, and before a new canary starts.
   */
  void forgetPrevious();

  /**
   * Applies the new configuration and template to stable and waits until it is rolled out and ready
   * at full size.
   */
  void promoteStable(Duration timeout) throws WorkloadFailedException, InterruptedException;

  /** Writes the previous template (and configuration) back to stable and waits for it. */
  void restoreStable(Duration timeout) throws WorkloadFailedException, InterruptedException;

  /** Pods asked for and ready, per track. */
  record Readiness(int canaryDesired, int canaryReady, int stableDesired, int stableReady) {}
}
