package io.rollgate.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One thing Rollgate did (applied an object, waited on a rollout, ran a smoke check attempt...),
 * when, for how long, and how it ended. {@code details} holds extra facts for the report; no secret
 * may be put there.
 */
public record ActionRecord(
    String action,
    String subject,
    Instant started,
    Duration took,
    Outcome outcome,
    String message,
    Map<String, Object> details) {
  public enum Outcome {
    OK,
    UNCHANGED,
    FAILED
  }

  public ActionRecord {
    details = Map.copyOf(details);
  }
}
