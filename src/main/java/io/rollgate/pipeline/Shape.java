package io.rollgate.pipeline;

import java.util.Map;

/**
 * The type a field of a Kubernetes object must have, as far as Rollgate checks it offline: enough
 * to find {@code replicas: "three"} or {@code value: 8080} at its line, not a full OpenAPI schema
 * (fields it does not know are left to the API server).
 */
sealed interface Shape {
  /** A single value of one kind. */
  enum Value implements Shape {
    STRING("a string"),
    /** A whole number that fits a Kubernetes int32. */
    INT("a whole number"),
    PORT("a port number 1..65535"),
    BOOL("true or false"),
    /** A port or the name of one ({@code 8080}, {@code http}). */
    INT_OR_STRING("a number or a name"),
    /** A resource quantity: {@code 2}, {@code 0.5}, {@code 500m}, {@code 1Gi}. */
    QUANTITY("a quantity (2, 0.5, 500m, 1Gi)"),
    /** A label value: at most 63 letters, digits, '-', '_' and '.', alphanumeric at both ends. */
    LABEL_VALUE("a label value (at most 63 letters, digits, '-', '_' and '.')"),
    /** Base64 text, as Secret.data and ConfigMap.binaryData hold. */
    BASE64("base64 text (put plain text under stringData)");

    private final String description;

    Value(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /** A mapping with known fields; other fields are not checked. */
  record Mapping(Map<String, Shape> fields) implements Shape {}

  /** A list whose items all have one shape. */
  record ListOf(Shape item) implements Shape {}

  /** A mapping of names to values of one shape; its keys follow {@code keys}. */
  record MapOf(Key keys, Shape value) implements Shape {}

  /** What a mapping's keys must be. */
  enum Key {
    ANY(""),
    /** Label and annotation keys: {@code [prefix/]name}. */
    QUALIFIED_NAME(
        "a label or annotation key ([prefix/]name: letters, digits, '-', '_' and '.', a name of at"
            + " most 63)"),
    /** ConfigMap and Secret data keys. */
    CONFIG_KEY("a key of letters, digits, '-', '_' and '.' (at most 253)");

    private final String description;

    Key(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  static Mapping mapping(Object... nameShapePairs) {
    Map<String, Shape> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameShapePairs.length; i += 2) {
      map.put((String) nameShapePairs[i], (Shape) nameShapePairs[i + 1]);
    }
    return new Mapping(Map.copyOf(map));
  }

  static ListOf listOf(Shape item) {
    return new ListOf(item);
  }

  static MapOf mapOf(Key keys, Shape value) {
    return new MapOf(keys, value);
  }
}
