package io.rollgate.pipeline;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** What an HTTP client can take: checked offline, so a bad URL is bad input, not a crash later. */
final class Urls {
  private Urls() {}

  /** What is wrong with an absolute http(s) URL, if anything (never quoting it). */
  static Optional<String> problem(String url) {
    String form = "must be an http:// or https:// URL (scheme://host[:port][/path])";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of(form + ": " + Excerpt.of(e.getReason()));
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(form);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of(form + ": no host name (letters, digits, '-' and '.')");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return Optional.of(form + ": the port must be 1..65535");
    }
    return Optional.empty();
  }

  /** Whether {@code path} (starting with '/') can stand as the path and query of a URL. */
  static boolean isPathAndQuery(String path) {
    try {
      URI uri = new URI("http://host" + path);
      return uri.getRawPath() != null && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
