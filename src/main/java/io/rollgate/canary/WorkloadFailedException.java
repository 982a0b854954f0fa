package io.rollgate.canary;

/**
 * A workload that did not roll out: {@code reason} as Kubernetes names it, the message for people.
 */
public final class WorkloadFailedException extends Exception {
  private final String reason;

  public WorkloadFailedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
