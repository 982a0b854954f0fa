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
    Duration timeout,
    java.util.List<String> withheld) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PrometheusSpec {
    headers = Map.copyOf(headers);
    withheld = java.util.List.copyOf(withheld);
  }

  /** As the pipeline file gives it: nothing withheld. */
  public PrometheusSpec(
      String address,
      Optional<String> bearerTokenEnv,
      Optional<Path> bearerTokenFile,
      Optional<BasicAuth> basicAuth,
      Map<String, String> headers,
      Optional<Path> caFile,
      boolean insecureSkipVerify,
      Duration timeout) {
    this(
        address,
        bearerTokenEnv,
        bearerTokenFile,
        basicAuth,
        headers,
        caFile,
        insecureSkipVerify,
        timeout,
        java.util.List.of());
  }

  /**
   * The settings as a saved plan keeps them, with the credentials it could not keep (header values,
   * a user:password in the address) named in {@code withheld}: a process that resumes needs them
   * from the pipeline file.
   */
  public PrometheusSpec withheld(java.util.List<String> what) {
    return new PrometheusSpec(
        address,
        bearerTokenEnv,
        bearerTokenFile,
        basicAuth,
        headers,
        caFile,
        insecureSkipVerify,
        timeout,
        what);
  }

  /** Basic auth: the password comes from the environment variable {@code passwordEnv}. */
  public record BasicAuth(String username, String passwordEnv) {}

  @Override
  public String toString() {
    return "PrometheusSpec[address=" + address + ", headers=" + headers.keySet() + "]";
  }
}
