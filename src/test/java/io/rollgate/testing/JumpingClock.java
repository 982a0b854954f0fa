package io.rollgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time that jumps ahead whenever the code under test sleeps: pods, watches and timers run at
 * their real (millisecond) pace, while a 20-minute canary's waits pass at once. Pass {@link #sleep}
 * as the sleeper. Thread-safe.
 */
public final class JumpingClock extends Clock {
  private final AtomicLong offsetNanos = new AtomicLong();
  private final Clock real = Clock.systemUTC();

  /** Moves time on by {@code d} at once. */
  public void sleep(Duration d) {
    if (!d.isNegative()) {
      offsetNanos.addAndGet(d.toNanos());
    }
  }

  @Override
  public Instant instant() {
    return real.instant().plusNanos(offsetNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
