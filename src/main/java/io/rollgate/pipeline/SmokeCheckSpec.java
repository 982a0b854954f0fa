package io.rollgate.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP smoke check, reached either by {@code url} or through a port-forward to a ready pod
 * behind {@code service}. {@code path} applies to the service form (default "/").
 */
public record SmokeCheckSpec(
    String name,
    Optional<String> url,
    Optional<ServiceRef> service,
    String path,
    String method,
    Map<String, String> headers,
    Expect expect,
    Retry retry,
    Duration timeout,
    boolean insecureSkipVerify) {
  public SmokeCheckSpec {
    headers = Map.copyOf(headers);
  }

  /** A Service and port in the stage's namespace. */
  public record ServiceRef(String name, int port) {}

  /**
   * What a good answer looks like. {@code jsonField} is a dotted path into a JSON body ({@code
   * status}, {@code checks.db.state}) whose value must equal {@code jsonValue}.
   */
  public record Expect(
      int status,
      Optional<String> bodyContains,
      Optional<String> jsonField,
      Optional<String> jsonValue,
      Optional<Duration> maxLatency) {}

  /** Attempts in all (first try included) and the wait between them. */
  public record Retry(int attempts, Duration backoff) {
    public static Retry once() {
      return new Retry(1, Duration.ZERO);
    }
  }

  @Override
  public String toString() {
    // headers may carry credentials: print their names only
    return "SmokeCheckSpec[" + name + ", headers=" + headers.keySet() + "]";
  }
}
