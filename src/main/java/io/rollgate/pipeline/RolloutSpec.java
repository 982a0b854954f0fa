package io.rollgate.pipeline;

import java.time.Duration;

/**
 * How long to wait for workloads to roll out, and how long a pod may sit in ImagePullBackOff,
 * CrashLoopBackOff and the like before the rollout counts as failed.
 */
public record RolloutSpec(Duration timeout, Duration podProblemGrace) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_POD_PROBLEM_GRACE = Duration.ofSeconds(30);

  public RolloutSpec(Duration timeout) {
    this(timeout, DEFAULT_POD_PROBLEM_GRACE);
  }

  public static RolloutSpec defaults() {
    return new RolloutSpec(DEFAULT_TIMEOUT, DEFAULT_POD_PROBLEM_GRACE);
  }
}
