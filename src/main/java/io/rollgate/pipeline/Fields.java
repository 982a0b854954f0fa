package io.rollgate.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The fields of one YAML mapping of the pipeline file, read with their types checked. Every problem
 * (unknown or duplicate field, missing field, wrong type) is reported at its position and named by
 * its path; getters then answer empty or the default, so reading goes on and every problem is
 * found.
 */
final class Fields {
  private final MappingNode node;
  private final String path;
  private final Reading reading;
  private final Map<String, NodeTuple> byKey = new LinkedHashMap<>();
  private final Set<String> suggested = new java.util.HashSet<>();
  private boolean unknownFields;

  private Fields(MappingNode node, String path, Reading reading, Set<String> known) {
    this.node = node;
    this.path = path;
    this.reading = reading;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        reading.problem(tuple.getKeyNode(), path + ": field names must be plain strings");
        continue;
      }
      String name = key.getValue();
      if (!known.contains(name)) {
        unknownFields = true;
        Optional<String> suggestion = Suggestions.closest(name, known);
        suggestion.ifPresent(suggested::add);
        String hint =
            suggestion
                .map(s -> ", did you mean '" + s + "'?")
                .orElse("; known fields: " + String.join(", ", known.stream().sorted().toList()));
        reading.problem(key, YamlTree.join(path, Excerpt.of(name)) + ": unknown field" + hint);
      } else if (byKey.putIfAbsent(name, tuple) != null) {
        reading.problem(key, YamlTree.join(path, name) + ": duplicate field");
      }
    }
  }

  /** The node as a mapping with these known fields, or empty (and a problem) if it is none. */
  static Optional<Fields> of(Node node, String path, Reading reading, Set<String> known) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new Fields(mapping, path, reading, known));
    }
    if (!reading.unresolved().contains(node)) {
      reading.problem(
          node, (path.isEmpty() ? "the file" : path) + ": must be a mapping, was " + kindOf(node));
    }
    return Optional.empty();
  }

  String path() {
    return path;
  }

  String path(String key) {
    return YamlTree.join(path, key);
  }

  Reading reading() {
    return reading;
  }

  MappingNode node() {
    return node;
  }

  /** Whether this mapping had fields it does not know (already reported). */
  boolean hasUnknownFields() {
    return unknownFields;
  }

  boolean has(String key) {
    return byKey.containsKey(key);
  }

  /**
   * Whether the field is given but empty ({@code key:}, {@code key: ~}, {@code key: ''}, or a
   * variable that became empty); not when its value could not be resolved (already reported).
   */
  boolean isEmpty(String key) {
    return node(key)
        .filter(n -> n instanceof ScalarNode s && !reading.unresolved().contains(n))
        .map(ScalarNode.class::cast)
        .filter(s -> s.getTag().equals(Tag.NULL) || s.getValue().isBlank())
        .isPresent();
  }

  Optional<Node> node(String key) {
    return Optional.ofNullable(byKey.get(key)).map(NodeTuple::getValueNode);
  }

  /** Reports a problem at the field's value, or at this mapping when the field is absent. */
  void problem(String key, String message) {
    reading.problem(node(key).orElse(node), path(key) + ": " + message);
  }

  /** Reports a problem about this mapping as a whole. */
  void problem(String message) {
    reading.problem(node, path + ": " + message);
  }

  void require(String key) {
    if (!has(key) && !suggested.contains(key)) {
      reading.problem(node, path(key) + ": missing required field");
    }
  }

  Optional<Fields> mapping(String key, Set<String> known) {
    return node(key).flatMap(n -> of(n, path(key), reading, known));
  }

  Optional<Fields> requiredMapping(String key, Set<String> known) {
    require(key);
    return mapping(key, known);
  }

  Optional<ScalarNode> scalar(String key) {
    Optional<Node> value = node(key);
    if (value.isPresent() && reading.unresolved().contains(value.get())) {
      return Optional.empty();
    }
    if (value.isPresent() && !(value.get() instanceof ScalarNode)) {
      problem(key, "must be a single value, was " + kindOf(value.get()));
      return Optional.empty();
    }
    return value.map(ScalarNode.class::cast).filter(s -> !s.getTag().equals(Tag.NULL));
  }

  Optional<String> string(String key) {
    return scalar(key).map(ScalarNode::getValue);
  }

  String requiredString(String key) {
    require(key);
    Optional<String> value = string(key);
    Node given = node(key).orElse(null);
    if (value.filter(v -> !v.isBlank()).isEmpty()
        && given instanceof ScalarNode
        && !reading.unresolved().contains(given)) {
      problem(key, "must not be empty");
    }
    return value.orElse("");
  }

  Optional<Integer> integer(String key) {
    return scalar(key)
        .flatMap(
            s -> {
              try {
                if (s.getTag().equals(Tag.INT)) {
                  return Optional.of(Integer.parseInt(s.getValue().replace("_", "")));
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              problem(key, "must be a whole number, was '" + Excerpt.of(s.getValue()) + "'");
              return Optional.empty();
            });
  }

  int integer(String key, int defaultValue, int min, int max) {
    Optional<Integer> value = integer(key);
    if (value.isPresent() && (value.get() < min || value.get() > max)) {
      problem(
          key,
          "must be "
              + (max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max)
              + ", was "
              + value.get());
    }
    return value.orElse(defaultValue);
  }

  OptionalDouble number(String key) {
    Optional<ScalarNode> scalar = scalar(key);
    if (scalar.isEmpty()) {
      return OptionalDouble.empty();
    }
    ScalarNode s = scalar.get();
    if (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT)) {
      try {
        double value = Double.parseDouble(s.getValue().replace("_", ""));
        if (Double.isFinite(value)) {
          return OptionalDouble.of(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, "must be a number, was '" + Excerpt.of(s.getValue()) + "'");
    return OptionalDouble.empty();
  }

  OptionalDouble nonNegative(String key) {
    OptionalDouble value = number(key);
    if (value.isPresent() && value.getAsDouble() < 0) {
      problem(key, "must be >= 0, was " + scalar(key).map(ScalarNode::getValue).orElse(""));
      return OptionalDouble.empty();
    }
    return value;
  }

  boolean bool(String key, boolean defaultValue) {
    Optional<ScalarNode> scalar = scalar(key);
    if (scalar.isEmpty()) {
      return defaultValue;
    }
    String text = scalar.get().getValue().toLowerCase(Locale.ROOT);
    if (scalar.get().getTag().equals(Tag.BOOL)) {
      return Set.of("true", "yes", "on", "y").contains(text);
    }
    problem(key, "must be true or false, was '" + Excerpt.of(scalar.get().getValue()) + "'");
    return defaultValue;
  }

  Optional<Duration> duration(String key) {
    return string(key)
        .flatMap(
            text -> {
              try {
                Duration d = Durations.parse(text);
                if (d.isZero()) {
                  problem(key, "must be longer than 0s");
                  return Optional.empty();
                }
                return Optional.of(d);
              } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return Optional.empty();
              }
            });
  }

  Duration duration(String key, Duration defaultValue) {
    return duration(key).orElse(defaultValue);
  }

  /** The items of a sequence field, each with its path ({@code field[i]}); empty if absent. */
  List<Item> list(String key) {
    Optional<Node> value = node(key);
    if (value.isEmpty() || (value.get() instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
      return List.of();
    }
    if (!(value.get() instanceof SequenceNode sequence)) {
      problem(key, "must be a list, was " + kindOf(value.get()));
      return List.of();
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      items.add(new Item(sequence.getValue().get(i), path(key) + "[" + i + "]"));
    }
    return items;
  }

  /**
   * A mapping of HTTP header names to values; values are never echoed in problems. Names are HTTP
   * tokens, values printable ASCII (what an HTTP client sends), each name once.
   */
  Map<String, String> stringMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    if (node(key).orElse(null) instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k
            && tuple.getValueNode() instanceof ScalarNode v) {
          String name = k.getValue();
          if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            reading.problem(
                k, path(key) + ": '" + Excerpt.of(name) + "' is not an HTTP header name");
          } else if (result.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
            reading.problem(k, path(key) + "." + name + ": duplicate header");
          } else if (v.getTag().equals(Tag.NULL)) {
            reading.problem(v, path(key) + "." + name + ": a header needs a value");
          } else if (!reading.unresolved().contains(v)
              && !v.getValue().chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            // never echo: header values are often credentials
            reading.problem(v, path(key) + "." + name + ": a header value must be printable ASCII");
          }
          result.put(name, v.getValue());
        } else {
          reading.problem(tuple.getKeyNode(), path(key) + ": entries must be name: value strings");
        }
      }
    } else if (node(key).isPresent()) {
      problem(key, "must be a mapping of names to values"); // never echo: values may be secrets
    }
    return result;
  }

  /** One item of a list field. */
  record Item(Node node, String path) {}

  static String kindOf(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    // never the value itself: a misplaced value may be a credential
    ScalarNode scalar = (ScalarNode) node;
    return scalar.getTag().equals(Tag.NULL) ? "empty" : "a single value";
  }
}
