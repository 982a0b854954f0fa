package io.rollgate.canary;

/**
 * A cluster call that failed past its retry budget (unreachable, 429/5xx) or that the cluster
 * refused (403...): adapters translate their client's exceptions into this, so the canary knows
 * which is an outage (exit 7, state left consistent) and which a refusal a person must fix.
 */
public final class ClusterException extends RuntimeException {
  private final boolean unreachable;

  public ClusterException(String message, boolean unreachable, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** True for an outage (no answer, 429, 5xx past the retries); false for a refusal. */
  public boolean unreachable() {
    return unreachable;
  }
}
