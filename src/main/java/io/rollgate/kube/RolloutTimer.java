package io.rollgate.kube;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The wake-ups a rollout wait needs besides watch events: its overall timeout and the end of a pod
 * problem's grace period. Injected so tests fire them by advancing a clock instead of waiting.
 */
@FunctionalInterface
public interface RolloutTimer {
  /** Runs {@code task} once, {@code delay} from now, unless cancelled. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled wake-up. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** Real time, on one daemon thread that ends when idle. */
  static RolloutTimer system() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "rollout-timer");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setKeepAliveTime(1, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    return (delay, task) -> {
      ScheduledFuture<?> future =
          executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
