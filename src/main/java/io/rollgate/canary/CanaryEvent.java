package io.rollgate.canary;

import io.rollgate.analysis.WindowResult;
import java.time.Instant;

/**
 * What the canary tells its renderers (terminal, JSON log, report, job summary) as it goes: typed
 * events, each rendered as each renderer sees fit.
 */
public sealed interface CanaryEvent {
  /** A decision was saved with the state. */
  record Decided(Decision decision) implements CanaryEvent {}

  /** The canary now takes this weight. */
  record WeightSet(int step, int asked, double effective, int canaryReady, int stableReady)
      implements CanaryEvent {}

  /** Intervals were measured (one, or a gap's many). */
  record Measured(WindowResult result) implements CanaryEvent {}

  /** Nothing is due before {@code until}. */
  record Waiting(Instant until, String why) implements CanaryEvent {}

  /** Something worth a line: a live weight that differs from the saved one, a retry... */
  record Note(String text) implements CanaryEvent {}
}
