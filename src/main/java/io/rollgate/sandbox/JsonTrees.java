package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON tree operations the sandbox needs to emulate server-side apply: an RFC 7386 style merge
 * (objects merge, lists and scalars replace, null deletes), and the leaf fields an object sets,
 * named as the API server names them ({@code .spec.replicas}). Lists count as one field.
 */
final class JsonTrees {
  private JsonTrees() {}

  /** Merges {@code patch} into a copy of {@code target} and returns the copy. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = ((ObjectNode) target).deepCopy();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        result.remove(field.getKey());
      } else if (value.isObject() && result.path(field.getKey()).isObject()) {
        result.set(field.getKey(), merge(result.get(field.getKey()), value));
      } else {
        result.set(field.getKey(), value.deepCopy());
      }
    }
    return result;
  }

  /** Every leaf field of {@code node} (scalars, lists, empty objects) with its value, in order. */
  static Map<String, JsonNode> leaves(JsonNode node) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    collect("", node, out);
    return out;
  }

  private static void collect(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (!node.isObject() || node.isEmpty()) {
      out.put(prefix, node);
      return;
    }
    node.properties().forEach(f -> collect(prefix + "." + f.getKey(), f.getValue(), out));
  }
}
