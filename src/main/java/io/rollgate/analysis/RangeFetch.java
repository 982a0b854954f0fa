package io.rollgate.analysis;

import java.util.Optional;

/**
 * One range query of a window analysis and what it gave: which metric asked it, for what ({@link
 * Role}) and which track, the rendered query, and its matrix or its failure. A recording is a list
 * of these.
 */
public record RangeFetch(
    String metric,
    Role role,
    Track track,
    String query,
    Optional<QueryResult> result,
    Optional<Reading.Failed> failure) {
  /** What the query measures for its metric. */
  public enum Role {
    VALUE,
    SAMPLES
  }

  public RangeFetch {
    if (result.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException("a range fetch has either a result or a failure");
    }
  }
}
