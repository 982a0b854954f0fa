package io.rollgate.kube;

import java.time.Duration;

/**
 * The wake-ups a rollout wait needs besides watch events: its overall timeout and the end of a pod
 * problem's grace period. Injected so tests fire them by advancing a clock instead of waiting.
 * Closing it cancels what is still scheduled and ends its thread; whoever makes one closes it.
 */
@FunctionalInterface
public interface RolloutTimer extends AutoCloseable {
  /** Runs {@code task} once, {@code delay} from now, unless cancelled. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled wake-up. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** Nothing to release unless the timer says otherwise. */
  @Override
  default void close() {}

  /** Real time, on one daemon thread of its own ("rollout-timer"), ended by {@link #close}. */
  static RolloutTimer system() {
    return new SystemRolloutTimer();
  }
}
