package io.rollgate.rollout;

/**
 * Where one workload's rollout stands: complete, in progress, or failed. {@code line} is the short
 * human summary ("checkout: 3/4 updated, 2 available"); {@code reason} is set for failures
 * ("ProgressDeadlineExceeded") and empty otherwise.
 */
public record RolloutProgress(State state, String line, String reason) {
  public enum State {
    COMPLETE,
    IN_PROGRESS,
    FAILED
  }

  public static RolloutProgress complete(String line) {
    return new RolloutProgress(State.COMPLETE, line, "");
  }

  public static RolloutProgress inProgress(String line) {
    return new RolloutProgress(State.IN_PROGRESS, line, "");
  }

  public static RolloutProgress failed(String reason, String message) {
    return new RolloutProgress(State.FAILED, message, reason);
  }

  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  public boolean isFailed() {
    return state == State.FAILED;
  }
}
