package io.rollgate.kube;

/**
 * A rollout that did not complete. {@code reason} is machine-readable: "ProgressDeadlineExceeded",
 * a pod problem ("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
 * "CreateContainerConfigError", "InvalidImageName", "Unschedulable"), "Timeout", "NotFound",
 * "Deleted", "UnsupportedUpdateStrategy" or "ClusterUnreachable" (the API could not be listed or
 * watched within the retry budget; the cause is kept). The message says what a person needs.
 */
public final class RolloutFailedException extends Exception {
  public static final String TIMEOUT = "Timeout";
  public static final String NOT_FOUND = "NotFound";
  public static final String DELETED = "Deleted";
  public static final String CLUSTER_UNREACHABLE = "ClusterUnreachable";

  private final WorkloadRef workload;
  private final String reason;

  public RolloutFailedException(WorkloadRef workload, String reason, String message) {
    super(message);
    this.workload = workload;
    this.reason = reason;
  }

  public RolloutFailedException(
      WorkloadRef workload, String reason, String message, Throwable cause) {
    super(message, cause);
    this.workload = workload;
    this.reason = reason;
  }

  public WorkloadRef workload() {
    return workload;
  }

  public String reason() {
    return reason;
  }
}
