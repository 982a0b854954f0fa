package io.rollgate.metrics;

import io.rollgate.pipeline.PrometheusSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headers a Prometheus request carries, resolved once from the spec and the environment: an
 * {@code Authorization} header (bearer token from a variable or a file, or basic auth with the
 * password from a variable) and the extra headers. Holds secrets: never printed.
 */
final class Credentials {
  private final Map<String, String> headers;
  private final Secrets secrets;

  private Credentials(Map<String, String> headers, Secrets secrets) {
    this.headers = headers;
    this.secrets = secrets;
  }

  static Credentials resolve(PrometheusSpec spec, Map<String, String> environment) {
    int schemes =
        (spec.bearerTokenEnv().isPresent() ? 1 : 0)
            + (spec.bearerTokenFile().isPresent() ? 1 : 0)
            + (spec.basicAuth().isPresent() ? 1 : 0);
    if (schemes > 1) {
      throw new PrometheusConfigException(
          "prometheus", "give at most one of 'bearerTokenEnv', 'bearerTokenFile' and 'basicAuth'");
    }
    List<String> secretValues = new ArrayList<>();
    Map<String, String> headers = new LinkedHashMap<>();
    spec.headers()
        .forEach(
            (name, value) -> {
              if (!isToken(name)) {
                throw new PrometheusConfigException("prometheus.headers", "'" + name + "' is not a valid header name");
              }
              if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new PrometheusConfigException(
                    "prometheus.headers." + name, "the value must not contain a line break");
              }
              headers.put(name, value);
              secretValues.add(value);
            });
    Optional<String> authorization = Optional.empty();
    if (spec.bearerTokenEnv().isPresent()) {
      String token = fromEnvironment(environment, spec.bearerTokenEnv().get(), "prometheus.bearerTokenEnv");
      secretValues.add(token);
      authorization = Optional.of("Bearer " + token);
    } else if (spec.bearerTokenFile().isPresent()) {
      String token = fromFile(spec.bearerTokenFile().get());
      secretValues.add(token);
      authorization = Optional.of("Bearer " + token);
    } else if (spec.basicAuth().isPresent()) {
      PrometheusSpec.BasicAuth basic = spec.basicAuth().get();
      String password = fromEnvironment(environment, basic.passwordEnv(), "prometheus.basicAuth.passwordEnv");
      String encoded =
          Base64.getEncoder().encodeToString((basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
      secretValues.add(password);
      secretValues.add(encoded);
      authorization = Optional.of("Basic " + encoded);
    }
    if (authorization.isPresent()) {
      if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
        throw new PrometheusConfigException(
            "prometheus.headers.Authorization", "conflicts with the bearer token or basic auth also given");
      }
      headers.put("Authorization", authorization.get());
      secretValues.add(authorization.get());
    }
    return new Credentials(Map.copyOf(headers), Secrets.of(secretValues));
  }

  Map<String, String> headers() {
    return headers;
  }

  Secrets secrets() {
    return secrets;
  }

  @Override
  public String toString() {
    return "Credentials[headers=" + headers.keySet() + "]";
  }

  private static String fromEnvironment(Map<String, String> environment, String variable, String setting) {
    String value = environment.get(variable);
    if (value == null) {
      throw new PrometheusConfigException(setting, "environment variable " + variable + " is not set");
    }
    if (value.isBlank()) {
      throw new PrometheusConfigException(setting, "environment variable " + variable + " is empty");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new PrometheusConfigException(setting, "environment variable " + variable + " holds a line break");
    }
    return value;
  }

  private static String fromFile(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      // the exception names the file only; its message never carries the content
      throw new PrometheusConfigException(
          "prometheus.bearerTokenFile", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
      throw new PrometheusConfigException(
          "prometheus.bearerTokenFile", file + " must hold one token on one line, and is " + (token.isEmpty() ? "empty" : "not"));
    }
    return token;
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
