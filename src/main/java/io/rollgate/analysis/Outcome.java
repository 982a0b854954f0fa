package io.rollgate.analysis;

/** How one measurement of one metric came out. */
public enum Outcome {
  /** Within every threshold. */
  SUCCESSFUL,
  /** Past a threshold, or no data under {@code noData: fail}. */
  FAILED,
  /** Not enough to judge: no data (empty, NaN, stale) or too few samples, by policy. */
  INCONCLUSIVE,
  /**
   * The query gave no usable answer: network, HTTP error, {@code status: error}, ambiguous result.
   */
  ERROR
}
