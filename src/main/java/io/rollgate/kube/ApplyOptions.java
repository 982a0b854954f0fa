package io.rollgate.kube;

import io.rollgate.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How manifests are applied: take over fields other managers own ({@code --force-conflicts}), and
 * how patiently to retry 429/5xx/network errors. Dry runs are {@link ServerPreflight}'s.
 */
public record ApplyOptions(boolean forceConflicts, Backoff backoff) {
  public ApplyOptions {
    Objects.requireNonNull(backoff, "backoff");
  }

  /** No force, for real, 5 attempts waiting about 1 s, 2 s, 4 s, 8 s between them. */
  public static ApplyOptions defaults() {
    return new ApplyOptions(false, Backoff.exponential(5, Duration.ofSeconds(1)));
  }

  public ApplyOptions withForceConflicts(boolean force) {
    return new ApplyOptions(force, backoff);
  }

  public ApplyOptions withBackoff(Backoff newBackoff) {
    return new ApplyOptions(forceConflicts, newBackoff);
  }
}
