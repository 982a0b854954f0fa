package io.rollgate.analysis;

import java.util.List;
import java.util.Optional;

/**
 * A query's answer in domain terms. Vectors hold one sample per series, matrices many, a scalar is
 * one series with no labels; a string result carries its text. Sample values may be NaN or
 * infinite. Prometheus warnings travel with the result.
 */
public record QueryResult(
    Type type, List<Series> series, Optional<String> text, List<String> warnings) {
  public enum Type {
    VECTOR,
    MATRIX,
    SCALAR,
    STRING
  }

  public QueryResult {
    series = List.copyOf(series);
    warnings = List.copyOf(warnings);
  }
}
