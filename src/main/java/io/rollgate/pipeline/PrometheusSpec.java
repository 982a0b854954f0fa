package io.rollgate.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where Prometheus is and how to authenticate. Holds the names of environment variables and files
 * that carry secrets, never the secrets themselves; header values are never printed.
 */
public record PrometheusSpec(
    String address,
    Optional<String> bearerTokenEnv,
    Optional<Path> bearerTokenFile,
    Optional<BasicAuth> basicAuth,
    Map<String, String> headers,
    Optional<Path> caFile,
    boolean insecureSkipVerify,
    Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PrometheusSpec {
    headers = Map.copyOf(headers);
  }

  /** Basic auth: the password comes from the environment variable {@code passwordEnv}. */
  public record BasicAuth(String username, String passwordEnv) {}

  @Override
  public String toString() {
    return "PrometheusSpec[address=" + address + ", headers=" + headers.keySet() + "]";
  }
}
