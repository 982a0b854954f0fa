package io.rollgate.canary;

/**
 * The replica router's arithmetic (SPEC "Traffic routers"): with no mesh, a weight is approximated
 * by pod counts, since the Service spreads requests evenly over ready pods. For a weight w and N
 * stable replicas the canary gets {@code c = max(1, round(N·w / (100 − w)))} replicas, capped at N
 * (so 50 % and up means as many canary pods as stable ones); weight 0 means no canary pod. The
 * effective weight is {@code c / (N + c)}.
 */
public final class ReplicaWeights {
  private ReplicaWeights() {}

  public static int canaryReplicas(int weight, int stableReplicas) {
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException("weight must be 0..100, was " + weight);
    }
    if (stableReplicas < 0) {
      throw new IllegalArgumentException("stable replicas cannot be negative");
    }
    if (weight == 0) {
      return 0;
    }
    if (weight >= 50) {
      return Math.max(1, stableReplicas);
    }
    long c = Math.round((double) stableReplicas * weight / (100 - weight));
    return (int) Math.min(Math.max(1, stableReplicas), Math.max(1, c));
  }

  /** The share of ready pods that are canary pods, in percent (0 when there are none at all). */
  public static double effectiveWeight(int canaryReady, int stableReady) {
    int total = canaryReady + stableReady;
    return total == 0 ? 0 : 100.0 * canaryReady / total;
  }
}
