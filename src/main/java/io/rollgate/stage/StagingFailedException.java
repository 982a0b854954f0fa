package io.rollgate.stage;

/**
 * Staging did not come up (exit 3): applying was rejected, a workload did not roll out, or a smoke
 * check failed. {@code step} says which ("apply", "rollout", "smoke"); the cause keeps the details.
 */
public final class StagingFailedException extends Exception {
  private final String step;

  public StagingFailedException(String step, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
  }

  public String step() {
    return step;
  }
}
