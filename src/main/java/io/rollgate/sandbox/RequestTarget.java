package io.rollgate.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A request's path split from its query, with the query decoded. */
record RequestTarget(String path, Map<String, String> query) {
  RequestTarget {
    query = Map.copyOf(query);
  }

  static RequestTarget parse(String pathAndQuery) {
    int mark = pathAndQuery.indexOf('?');
    if (mark < 0) {
      return new RequestTarget(pathAndQuery, Map.of());
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : pathAndQuery.substring(mark + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(key, value);
    }
    return new RequestTarget(pathAndQuery.substring(0, mark), query);
  }

  Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  boolean dryRun() {
    return param("dryRun").filter("All"::equals).isPresent();
  }

  /** The last path segment: the object's name for an object URL. */
  String lastSegment() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The path one segment up: the collection URL for an object URL. */
  String parent() {
    return path.substring(0, path.lastIndexOf('/'));
  }

  boolean isSubresource() {
    return path.endsWith("/status") || path.endsWith("/scale");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
