package io.rollgate.metrics;

import io.rollgate.failure.Failures;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.redact.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The headers a Prometheus request carries, resolved once from the spec and the environment: an
 * {@code Authorization} header (bearer token from a variable or a file, or basic auth with the
 * password from a variable) and the extra headers. Holds secrets: never printed; credential values
 * are scrubbed from messages by the one {@link Redaction} policy (which also says which extra
 * headers' values count as secrets).
 */
final class Credentials {
  private final Map<String, String> headers;
  private final Optional<TokenFile> tokenFile;
  private final Set<String> seenSecrets;
  private volatile Redaction secrets;

  private Credentials(
      Map<String, String> headers, Optional<TokenFile> tokenFile, List<String> secretValues) {
    this.headers = headers;
    this.tokenFile = tokenFile;
    this.seenSecrets = new CopyOnWriteArraySet<>(secretValues);
    this.secrets = Redaction.of(seenSecrets);
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
                throw new PrometheusConfigException(
                    "prometheus.headers", "'" + name + "' is not a valid header name");
              }
              if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new PrometheusConfigException(
                    "prometheus.headers." + name, "the value must not contain a line break");
              }
              headers.put(name, value);
              if (Redaction.isSecretHeader(name, value)) {
                secretValues.add(value);
              }
            });
    Optional<String> authorization = Optional.empty();
    if (spec.bearerTokenEnv().isPresent()) {
      String token =
          fromEnvironment(environment, spec.bearerTokenEnv().get(), "prometheus.bearerTokenEnv");
      secretValues.add(token);
      authorization = Optional.of("Bearer " + token);
    } else if (spec.bearerTokenFile().isPresent()) {
      // read now, so a missing file fails before the first query; re-read whenever it changes
      TokenFile file = new TokenFile(spec.bearerTokenFile().get());
      if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
        throw new PrometheusConfigException(
            "prometheus.headers.Authorization",
            "conflicts with the bearer token or basic auth also given");
      }
      String token = file.token();
      secretValues.add(token);
      secretValues.add("Bearer " + token);
      return new Credentials(Map.copyOf(headers), Optional.of(file), secretValues);
    } else if (spec.basicAuth().isPresent()) {
      PrometheusSpec.BasicAuth basic = spec.basicAuth().get();
      String password =
          fromEnvironment(environment, basic.passwordEnv(), "prometheus.basicAuth.passwordEnv");
      String encoded =
          Base64.getEncoder()
              .encodeToString((basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
      secretValues.add(password);
      secretValues.add(encoded);
      authorization = Optional.of("Basic " + encoded);
    }
    if (authorization.isPresent()) {
      if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
        throw new PrometheusConfigException(
            "prometheus.headers.Authorization",
            "conflicts with the bearer token or basic auth also given");
      }
      headers.put("Authorization", authorization.get());
      secretValues.add(authorization.get());
    }
    return new Credentials(Map.copyOf(headers), Optional.empty(), secretValues);
  }

  /** The headers for the next request; a token file that changed since is read again. */
  Map<String, String> headers() {
    if (tokenFile.isEmpty()) {
      return headers;
    }
    String token = tokenFile.get().token();
    if (!seenSecrets.contains(token)) {
      seenSecrets.add(token);
      seenSecrets.add("Bearer " + token);
      secrets = Redaction.of(seenSecrets);
    }
    Map<String, String> withToken = new LinkedHashMap<>(headers);
    withToken.put("Authorization", "Bearer " + token);
    return withToken;
  }

  /** The names of the headers sent (values are secret). */
  Set<String> headerNames() {
    Set<String> names = new TreeSet<>(headers.keySet());
    tokenFile.ifPresent(f -> names.add("Authorization"));
    return names;
  }

  /** Every credential value this client has sent or may send, to scrub from messages. */
  Redaction secrets() {
    return secrets;
  }

  @Override
  public String toString() {
    return "Credentials[headers=" + headerNames() + "]";
  }

  private static String fromEnvironment(
      Map<String, String> environment, String variable, String setting) {
    String value = environment.get(variable);
    if (value == null) {
      throw new PrometheusConfigException(
          setting, "environment variable " + variable + " is not set");
    }
    if (value.isBlank()) {
      throw new PrometheusConfigException(
          setting, "environment variable " + variable + " is empty");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new PrometheusConfigException(
          setting, "environment variable " + variable + " holds a line break");
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
          "prometheus.bearerTokenFile", "cannot read " + file + " (" + Failures.kind(e) + ")", e);
    }
    if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
      throw new PrometheusConfigException(
          "prometheus.bearerTokenFile",
          file + " must hold one token on one line, and is " + (token.isEmpty() ? "empty" : "not"));
    }
    return token;
  }

  /**
   * A token file, read again when its modification time changes (Kubernetes rotates projected
   * service account tokens); a failed re-read keeps the last good token.
   */
  private static final class TokenFile {
    private final Path path;
    private volatile Snapshot current;

    private record Snapshot(FileTime modified, String token) {}

    TokenFile(Path path) {
      this.path = path;
      this.current = new Snapshot(modified(path).orElse(FileTime.fromMillis(0)), fromFile(path));
    }

    String token() {
      Snapshot snapshot = current;
      Optional<FileTime> modified = modified(path);
      if (modified.isPresent() && !modified.get().equals(snapshot.modified())) {
        try {
          snapshot = new Snapshot(modified.get(), fromFile(path));
          current = snapshot;
        } catch (PrometheusConfigException e) {
          return snapshot.token(); // mid-rotation: the last good token still works for a while
        }
      }
      return snapshot.token();
    }

    private static Optional<FileTime> modified(Path path) {
      try {
        return Optional.of(Files.getLastModifiedTime(path));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
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
