package io.rollgate.canary;

import java.util.OptionalDouble;

/**
 * How requests are split between stable and canary. The replica router (no mesh) splits by pod
 * counts; the Gateway API, Istio and NGINX routers set route weights. Every router changes only the
 * fields it owns, and reads the weight back after setting it.
 */
public interface TrafficRouter {
  /** Its name as the pipeline gives it: replicas, gatewayApi, istio, nginx. */
  String name();

  /** How many canary pods a weight needs, with {@code stableReplicas} stable ones. */
  int canaryReplicas(int weight, int stableReplicas);

  /**
   * Sends {@code weight} percent of requests to the canary, whose pods are ready as {@code ready}
   * says, and returns the weight read back (percent).
   */
  double setWeight(int weight, CanaryWorkloads.Readiness ready);

  /** The canary's weight the live objects give now, if they give one. */
  OptionalDouble liveWeight(CanaryWorkloads.Readiness ready);

  /** All traffic to stable; the first step of every rollback and the last of a promotion. */
  void resetToStable();

  /** Removes the router's own canary objects, if it has any. */
  void remove();
}
