package io.rollgate.kube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock and a timer that move only when a test says so: {@link #advance} fires what fell due. */
final class ManualTime extends Clock implements RolloutTimer {
  private Instant now;
  private final List<Task> tasks = new ArrayList<>();

  ManualTime(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), task);
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
  void advance(Duration by) {
    List<Task> due;
    synchronized (this) {
      now = now.plus(by);
      due = tasks.stream().filter(t -> !t.at().isAfter(now)).toList();
      tasks.removeAll(due);
    }
    due.forEach(t -> t.task().run());
  }

  private record Task(Instant at, Runnable task) {}
}
