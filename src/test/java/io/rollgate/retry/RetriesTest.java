package io.rollgate.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriesTest {
  private final List<Duration> waits = new ArrayList<>();

  @Test
  void retriesThroughTheInjectedSleeperWithGrowingWaits() throws Throwable {
    Retry retry =
        Retries.named(
            "test",
            Backoff.exponential(4, Duration.ofSeconds(1)).withoutJitter(),
            e -> e instanceof IOException,
            waits::add);
    AtomicInteger calls = new AtomicInteger();

    String result =
        retry.executeCheckedSupplier(
            () -> {
              if (calls.incrementAndGet() < 4) {
                throw new IOException("flaky");
              }
              return "ok";
            });

    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(4);
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastError() {
    Retry retry =
        Retries.named("test", Backoff.fixed(3, Duration.ofMillis(500)), e -> true, waits::add);
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.executeCheckedSupplier(
                    () -> {
                      throw new IOException("down " + calls.incrementAndGet());
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("down 3");
    assertThat(waits).hasSize(2);
  }

  @Test
  void doesNotRetryWhatThePredicateRejects() {
    Retry retry =
        Retries.named(
            "test",
            Backoff.fixed(3, Duration.ofMillis(500)),
            e -> e instanceof IOException,
            waits::add);
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.executeCheckedSupplier(
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("bad request");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void jitterStaysWithinItsFraction() {
    Backoff backoff = new Backoff(5, Duration.ofSeconds(10), 1.0, Duration.ofSeconds(10), 0.2);
    assertThat(backoff.waitAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.waitAfter(1, 1.0)).isEqualTo(Duration.ofSeconds(12));
  }
}
