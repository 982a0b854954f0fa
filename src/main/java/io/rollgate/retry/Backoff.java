package io.rollgate.retry;

import java.time.Duration;

/**
 * How often and how patiently one concern retries: attempts in all (first try included), the first
 * wait, its growth factor, a ceiling, and a jitter fraction (0 to 1) applied around each wait.
 */
public record Backoff(
    int maxAttempts, Duration initial, double multiplier, Duration max, double jitter) {
  public Backoff {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initial.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff durations must not be negative");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
    }
  }

  public static Backoff exponential(int maxAttempts, Duration initial) {
    return new Backoff(maxAttempts, initial, 2.0, Duration.ofSeconds(30), 0.2);
  }

  public static Backoff fixed(int maxAttempts, Duration wait) {
    return new Backoff(maxAttempts, wait, 1.0, wait, 0.0);
  }

  public Backoff withoutJitter() {
    return new Backoff(maxAttempts, initial, multiplier, max, 0.0);
  }

  /** The wait before attempt {@code attempt + 1}, where {@code attempt} counts from 1. */
  public Duration waitAfter(int attempt, double random) {
    double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, max.toMillis());
    double jittered = capped * (1 - jitter + 2 * jitter * random);
    return Duration.ofMillis(Math.round(jittered));
  }
}
