package io.rollgate.smoke;

import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.pipeline.SmokeCheckSpec.Expect;
import io.rollgate.pipeline.SmokeCheckSpec.ServiceRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Builds smoke check specs for tests, starting from a plain GET that wants 200. */
final class Checks {
  private String name = "health";
  private Optional<String> url = Optional.empty();
  private Optional<ServiceRef> service = Optional.of(new ServiceRef("checkout", 8080));
  private String path = "/health";
  private String method = "GET";
  private Map<String, String> headers = Map.of();
  private int status = 200;
  private Optional<String> bodyContains = Optional.empty();
  private Optional<String> jsonField = Optional.empty();
  private Optional<String> jsonValue = Optional.empty();
  private Optional<Duration> maxLatency = Optional.empty();
  private SmokeCheckSpec.Retry retry = SmokeCheckSpec.Retry.once();
  private Duration timeout = Duration.ofSeconds(5);
  private boolean insecure;

  static Checks check(String name) {
    Checks checks = new Checks();
    checks.name = name;
    return checks;
  }

  Checks url(String value) {
    url = Optional.of(value);
    service = Optional.empty();
    return this;
  }

  Checks service(String serviceName, int port, String servicePath) {
    service = Optional.of(new ServiceRef(serviceName, port));
    url = Optional.empty();
    path = servicePath;
    return this;
  }

  Checks method(String value) {
    method = value;
    return this;
  }

  Checks headers(Map<String, String> value) {
    headers = value;
    return this;
  }

  Checks status(int value) {
    status = value;
    return this;
  }

  Checks bodyContains(String value) {
    bodyContains = Optional.of(value);
    return this;
  }

  Checks json(String field, String value) {
    jsonField = Optional.of(field);
    jsonValue = Optional.of(value);
    return this;
  }

  Checks maxLatency(Duration value) {
    maxLatency = Optional.of(value);
    return this;
  }

  Checks retry(int attempts, Duration backoff) {
    retry = new SmokeCheckSpec.Retry(attempts, backoff);
    return this;
  }

  Checks timeout(Duration value) {
    timeout = value;
    return this;
  }

  Checks insecureSkipVerify() {
    insecure = true;
    return this;
  }

  Expect expect() {
    return new Expect(status, bodyContains, jsonField, jsonValue, maxLatency);
  }

  SmokeCheckSpec build() {
    return new SmokeCheckSpec(
        name, url, service, path, method, headers, expect(), retry, timeout, insecure);
  }
}
