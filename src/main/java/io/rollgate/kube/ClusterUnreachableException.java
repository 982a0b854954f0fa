package io.rollgate.kube;

/**
 * The cluster API could not be reached, or kept answering 429/5xx, until the retry budget ran out.
 * Objects applied before this one stay applied; nothing after it was sent.
 */
public final class ClusterUnreachableException extends ApplyException {
  private final int attempts;

  public ClusterUnreachableException(
      String objectId, int attempts, int lastCode, String lastProblem, Throwable cause) {
    this("applying " + objectId, objectId, attempts, lastCode, lastProblem, cause);
  }

  /** While doing something other than applying one object ({@code "API discovery of apps/v1"}). */
  public static ClusterUnreachableException during(
      String doing, int attempts, int lastCode, String lastProblem, Throwable cause) {
    return new ClusterUnreachableException(doing, doing, attempts, lastCode, lastProblem, cause);
  }

  private ClusterUnreachableException(
      String doing,
      String objectId,
      int attempts,
      int lastCode,
      String lastProblem,
      Throwable cause) {
    super(
        "cluster API unreachable while "
            + doing
            + ": gave up after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + "; last "
            + (lastCode > 0
                ? "status: HTTP " + lastCode + " (" + lastProblem + ")"
                : "error: " + lastProblem),
        objectId,
        lastCode,
        lastProblem,
        cause);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }
}
