package io.rollgate.kube;

/**
 * A rollout that did not complete. {@code reason} is machine-readable: "ProgressDeadlineExceeded",
 * a pod problem ("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
 * "CreateContainerConfigError", "InvalidImageName", "Unschedulable"), "Timeout", "NotFound",
 * "Deleted", "UnsupportedUpdateStrategy", "ClusterUnreachable" (429, 5xx or no answer to a get,
 * list or watch until the retry budget ran out), or the cluster refusing a get, list or watch:
 * "Unauthorized" (401), "Forbidden" (403), "NotFound" (404: the API does not serve the resource),
 * "Rejected" (another answer), "RequestFailed" (no answer, not the network). For a failed request
 * the cause is kept. The message says what a person needs: for a refusal, the request and the
 * rights it takes.
 */
public final class RolloutFailedException extends Exception {
  public static final String TIMEOUT = "Timeout";
  public static final String NOT_FOUND = "NotFound";
  public static final String DELETED = "Deleted";
  public static final String CLUSTER_UNREACHABLE = "ClusterUnreachable";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String FORBIDDEN = "Forbidden";
  public static final String REJECTED = "Rejected";
  public static final String REQUEST_FAILED = "RequestFailed";

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
