package io.rollgate.analysis;

/**
 * A query that gave no usable answer. {@link Kind#BAD_QUERY} (HTTP 400/422, a query Prometheus
 * rejects) is a configuration error; {@link Kind#UNAVAILABLE} means Prometheus could not be reached
 * or kept failing (network, 429, 5xx) beyond the retry budget; {@link Kind#QUERY_FAILED} is any
 * other failed query ({@code status: error}, a malformed answer). Messages never carry credentials.
 */
public final class MetricQueryException extends Exception {
  public enum Kind {
    BAD_QUERY,
    UNAVAILABLE,
    QUERY_FAILED
  }

  private final Kind kind;

  public MetricQueryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public MetricQueryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
