package io.rollgate.sandbox;

import java.io.IOException;

/** The {@code prometheus} binary on PATH could not be started for the sandbox. */
public final class PrometheusStartException extends IOException {
  private final String binary;
  private final String logTail;

  PrometheusStartException(String binary, String message, String logTail, Throwable cause) {
    super(message, cause);
    this.binary = binary;
    this.logTail = logTail;
  }

  /** The binary that was run. */
  public String binary() {
    return binary;
  }

  /** The last lines Prometheus wrote, or "" when it wrote nothing. */
  public String logTail() {
    return logTail;
  }
}
