package io.rollgate.kube;

import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A test clock and a timer: {@link #advance} moves time and fires the wake-ups that fell due. */
final class ManualTime extends TestClock implements RolloutTimer {
  private final List<Task> tasks = new ArrayList<>();

  ManualTime(Instant start) {
    super(start);
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(instant().plus(delay), task);
    tasks.add(t);
    return () -> {
      synchronized (ManualTime.this) {
        tasks.remove(t);
      }
    };
  }

  synchronized int scheduled() {
    return tasks.size();
  }

  /** Moves time on and runs, outside the lock, every wake-up that is now due. */
  @Override
  public void advance(Duration by) {
    List<Task> due;
    synchronized (this) {
      super.advance(by);
      Instant now = instant();
      due = tasks.stream().filter(t -> !t.at().isAfter(now)).toList();
      tasks.removeAll(due);
    }
    due.forEach(t -> t.task().run());
  }

  private record Task(Instant at, Runnable task) {}
}
