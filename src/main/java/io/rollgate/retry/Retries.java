package io.rollgate.retry;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.rollgate.failure.Failures;
import io.rollgate.time.Sleeper;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one named resilience4j {@link Retry} per concern ("kube-apply", "prometheus", "smoke",
 * ...), logged through its event publisher, waiting through the injected {@link Sleeper} so tests
 * never sleep for real.
 *
 * <p>resilience4j sleeps through a static, process-wide function; rather than mutate that, the
 * interval function here does the waiting itself through the sleeper and hands resilience4j a zero
 * interval.
 */
public final class Retries {
  private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

  private Retries() {}

  public static Retry named(
      String name, Backoff backoff, Predicate<Throwable> retryOn, Sleeper sleeper) {
    IntervalBiFunction<Object> interval =
        (attempt, either) -> {
          Duration wait = backoff.waitAfter(attempt, ThreadLocalRandom.current().nextDouble());
          try {
            sleeper.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryInterruptedException(name, e);
          }
          return 0L;
        };
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(backoff.maxAttempts())
            .intervalBiFunction(interval)
            .retryOnException(retryOn::test)
            .failAfterMaxAttempts(false)
            .build();
    Retry retry = Retry.of(name, config);
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                LOG.debug(
                    "{}: attempt {} failed ({}), retrying",
                    name,
                    e.getNumberOfRetryAttempts(),
                    // its kind only: a message may carry what must not be shown
                    e.getLastThrowable() == null ? "?" : Failures.kind(e.getLastThrowable())));
    return retry;
  }

  /** Thrown when the thread is interrupted while waiting between attempts. */
  public static final class RetryInterruptedException extends RuntimeException {
    RetryInterruptedException(String name, InterruptedException cause) {
      super(name + ": interrupted while waiting to retry", cause);
    }
  }
}
