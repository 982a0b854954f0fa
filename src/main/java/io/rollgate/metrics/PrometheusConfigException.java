package io.rollgate.metrics;

/**
 * The Prometheus connection settings cannot be used: a credential's environment variable is unset,
 * a token or CA file cannot be read, the address does not parse. {@code setting} names the pipeline
 * property (e.g. {@code prometheus.bearerTokenEnv}); the message names variables and files, never
 * their contents. A configuration error (exit 2).
 */
public final class PrometheusConfigException extends RuntimeException {
  private final String setting;

  public PrometheusConfigException(String setting, String message) {
    super(setting + ": " + message);
    this.setting = setting;
  }

  public PrometheusConfigException(String setting, String message, Throwable cause) {
    super(setting + ": " + message, cause);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}
