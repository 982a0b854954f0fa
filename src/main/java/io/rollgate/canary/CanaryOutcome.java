package io.rollgate.canary;

import java.time.Instant;

/**
 * How a run of the canary ended for now, as a value (one place maps it to the exit code): done
 * (promoted, rolled back), waiting for a person, still in flight, or stopped by an outage or a lost
 * Lease with the state left consistent.
 */
public sealed interface CanaryOutcome {
  String message();

  /** Stable runs the new revision; the canary is gone. */
  record Promoted(String message) implements CanaryOutcome {}

  /** Stable runs what it ran before; the canary is gone. */
  record RolledBack(String message) implements CanaryOutcome {}

  /** A manual pause or an inconclusive analysis: {@code rollgate promote} or {@code abort}. */
  record WaitingForPerson(String message) implements CanaryOutcome {}

  /** Healthy and in flight; the next action is due at {@code next}. */
  record InFlight(Instant next, String message) implements CanaryOutcome {}

  /** Nothing to do (stable already runs this revision, or nothing in flight to abort). */
  record NothingToDo(String message) implements CanaryOutcome {}

  /** The cluster API or Prometheus could not be reached past the retry budget. */
  record Unreachable(String message) implements CanaryOutcome {}

  /** Another run holds the pipeline's Lease (from the start, or it took it over). */
  record Locked(String holder, String message) implements CanaryOutcome {}
}
