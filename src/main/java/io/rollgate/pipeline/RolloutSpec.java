package io.rollgate.pipeline;

import java.time.Duration;

/** How long to wait for workloads to roll out. */
public record RolloutSpec(Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public static RolloutSpec defaults() {
    return new RolloutSpec(DEFAULT_TIMEOUT);
  }
}
