package io.rollgate.smoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * One try of a smoke check: when it started, how long the answer took, what came back (status and a
 * short excerpt of the body) and, unless it passed, why it failed. An attempt that got no answer at
 * all (connection refused, timeout, TLS rejected, no ready pod) has no status.
 */
public record SmokeAttempt(
    int number,
    Instant started,
    Duration latency,
    OptionalInt status,
    String bodyExcerpt,
    Outcome outcome,
    List<String> failures) {
  /** How an attempt ended. */
  public enum Outcome {
    /** The answer met every expectation. */
    PASSED,
    /** An answer came back but did not meet the expectations. */
    FAILED,
    /** No answer: the request could not be made or did not complete. */
    ERROR
  }

  public SmokeAttempt {
    failures = List.copyOf(failures);
    if ((outcome == Outcome.PASSED) != failures.isEmpty()) {
      throw new IllegalArgumentException(
          "an attempt fails with reasons and passes without: " + outcome + " " + failures);
    }
  }

  static SmokeAttempt answered(
      int number,
      Instant started,
      Duration latency,
      int status,
      String bodyExcerpt,
      List<String> failures) {
    Outcome outcome = failures.isEmpty() ? Outcome.PASSED : Outcome.FAILED;
    return new SmokeAttempt(
        number, started, latency, OptionalInt.of(status), bodyExcerpt, outcome, failures);
  }

  static SmokeAttempt unanswered(int number, Instant started, Duration latency, String why) {
    return new SmokeAttempt(
        number, started, latency, OptionalInt.empty(), "", Outcome.ERROR, List.of(why));
  }

  public boolean passed() {
    return outcome == Outcome.PASSED;
  }

  /** Why it failed, in one line; empty when it passed. */
  public String why() {
    return String.join("; ", failures);
  }
}
