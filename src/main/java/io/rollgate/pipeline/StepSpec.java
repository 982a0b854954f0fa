package io.rollgate.pipeline;

import java.time.Duration;
import java.util.Optional;

/** One canary step. */
public sealed interface StepSpec {
  /** Send this percentage (0..100) of traffic to the canary. */
  record SetWeight(int weight) implements StepSpec {}

  /** Run the analysis for this long at the current weight. */
  record Analysis(Duration duration) implements StepSpec {}

  /** Wait this long, or (empty) until {@code rollgate promote}. */
  record Pause(Optional<Duration> duration) implements StepSpec {}
}
