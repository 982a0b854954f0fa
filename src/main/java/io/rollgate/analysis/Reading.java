package io.rollgate.analysis;

import java.time.Instant;

/** What one query said, reduced to what the rules judge: a number, no data, or a failure. */
public sealed interface Reading {
  /** A usable number (finite or infinite, never NaN) from a sample taken at {@code time}. */
  record Value(double value, Instant time) implements Reading {}

  /**
   * Nothing to judge: {@code why} says what was missing, e.g. "empty result" or "NaN (0/0: no
   * requests)".
   */
  record NoData(String why) implements Reading {}

  /** The query gave no usable answer. */
  record Failed(MetricQueryException.Kind kind, String message) implements Reading {}
}
