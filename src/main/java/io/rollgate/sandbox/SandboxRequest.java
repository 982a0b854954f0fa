package io.rollgate.sandbox;

import java.util.Optional;

/** One request the sandbox received: method, path with query, and the body's content type. */
public record SandboxRequest(String method, String path, Optional<String> contentType) {
  /** {@code "METHOD /path?query"}. */
  public String line() {
    return method + " " + path;
  }
}
