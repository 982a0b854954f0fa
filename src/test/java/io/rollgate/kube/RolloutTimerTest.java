package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RolloutTimerTest {
  @Test
  void closedTimersLeaveNoThreadBehind() {
    // Given many system timers, each with a wake-up far ahead (so each has a live thread)
    long before = liveTimerThreads();
    List<RolloutTimer> timers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      RolloutTimer timer = RolloutTimer.system();
      timer.schedule(Duration.ofHours(1), () -> {});
      timers.add(timer);
    }
    assertThat(liveTimerThreads()).isGreaterThanOrEqualTo(50);

    // When they are closed
    timers.forEach(RolloutTimer::close);

    // Then their threads end: the count falls back to what it was
    Awaitility.await()
        .pollInterval(Duration.ofMillis(10))
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> liveTimerThreads() <= before);
  }

  private static long liveTimerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().equals(SystemRolloutTimer.THREAD_NAME))
        .count();
  }
}
