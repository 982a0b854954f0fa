package io.rollgate.rollout;

/**
 * One container of a pod as its status reports it; {@code waitingReason} is empty unless the
 * container is waiting. {@code restartCount} is the kubelet's count of restarts.
 */
public record ContainerState(
    String name,
    boolean init,
    String image,
    String waitingReason,
    String waitingMessage,
    int restartCount) {
  public ContainerState {
    image = image == null ? "" : image;
    waitingReason = waitingReason == null ? "" : waitingReason;
    waitingMessage = waitingMessage == null ? "" : waitingMessage;
  }

  public static ContainerState running(String name, String image) {
    return new ContainerState(name, false, image, "", "", 0);
  }

  public static ContainerState waiting(String name, String image, String reason, String message) {
    return new ContainerState(name, false, image, reason, message, 0);
  }

  /** This state after {@code restarts} restarts. */
  public ContainerState withRestartCount(int restarts) {
    return new ContainerState(name, init, image, waitingReason, waitingMessage, restarts);
  }
}
