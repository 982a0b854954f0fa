package io.rollgate.rollout;

/**
 * One status condition of a workload or pod, as the API reports it ({@code status} is "True",
 * "False" or "Unknown").
 */
public record WorkloadCondition(String type, String status, String reason, String message) {
  public WorkloadCondition {
    type = type == null ? "" : type;
    status = status == null ? "" : status;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  public boolean isTrue() {
    return "True".equals(status);
  }
}
