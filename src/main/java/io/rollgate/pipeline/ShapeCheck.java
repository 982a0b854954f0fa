package io.rollgate.pipeline;

import java.util.Base64;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a manifest against its kind's {@link Shape}: each known field of the wrong type is a
 * problem at its line, named by its path. Values are never quoted (any of them may be a secret); an
 * empty value ({@code ~}) passes, as the API server takes it for absent.
 */
final class ShapeCheck {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern NAME_PART =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private final Reading reading;
  private final String kind;

  private ShapeCheck(Reading reading, String kind) {
    this.reading = reading;
    this.kind = kind;
  }

  /** Reports every known field of {@code object} whose type its kind does not allow. */
  static void check(MappingNode object, Shape shape, Reading reading, String apiVersionAndKind) {
    new ShapeCheck(reading, apiVersionAndKind).walk(object, shape, "");
  }

  private void walk(Node node, Shape shape, String path) {
    if (reading.unresolved().contains(node)
        || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
      return;
    }
    if (shape instanceof Shape.Value value) {
      value(node, value, path);
    } else if (shape instanceof Shape.Mapping mapping) {
      if (!(node instanceof MappingNode map)) {
        wrong(node, path, "a mapping", "");
        return;
      }
      for (NodeTuple tuple : map.getValue()) {
        Shape field =
            tuple.getKeyNode() instanceof ScalarNode key
                ? mapping.fields().get(key.getValue())
                : null;
        if (field != null) {
          String name = ((ScalarNode) tuple.getKeyNode()).getValue();
          walk(tuple.getValueNode(), field, YamlTree.join(path, name));
        }
      }
    } else if (shape instanceof Shape.ListOf list) {
      if (!(node instanceof SequenceNode sequence)) {
        wrong(node, path, "a list", "");
        return;
      }
      for (int i = 0; i < sequence.getValue().size(); i++) {
        walk(sequence.getValue().get(i), list.item(), path + "[" + i + "]");
      }
    } else if (shape instanceof Shape.MapOf mapOf) {
      if (!(node instanceof MappingNode map)) {
        wrong(node, path, "a mapping", "");
        return;
      }
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          String at = YamlTree.join(path, Excerpt.of(key.getValue()));
          if (!isKey(key.getValue(), mapOf.keys())) {
            reading.problem(key, at + ": the key must be " + mapOf.keys().description());
          }
          walk(tuple.getValueNode(), mapOf.value(), at);
        }
      }
    }
  }

  private void value(Node node, Shape.Value value, String path) {
    if (!(node instanceof ScalarNode scalar)) {
      wrong(node, path, value.description(), "");
      return;
    }
    Tag tag = scalar.getTag();
    boolean string = tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP);
    String text = scalar.getValue();
    switch (value) {
      case STRING -> {
        if (!string) {
          wrong(node, path, "a string", " (quote it)");
        }
      }
      case LABEL_VALUE -> {
        if (!string) {
          wrong(node, path, value.description(), " (quote it)");
        } else if (text.length() > 63 || !LABEL_VALUE.matcher(text).matches()) {
          problem(node, path, "must be " + value.description());
        }
      }
      case INT, PORT -> {
        Long number = tag.equals(Tag.INT) ? int32(scalar) : null;
        if (number == null) {
          wrong(node, path, value.description(), "");
        } else if (value == Shape.Value.PORT && (number < 1 || number > 65535)) {
          problem(node, path, "must be a port number 1..65535, was " + number);
        }
      }
      case BOOL -> {
        if (!tag.equals(Tag.BOOL)) {
          wrong(node, path, value.description(), "");
        }
      }
      case INT_OR_STRING -> {
        if (!(string && !text.isEmpty()) && !(tag.equals(Tag.INT) && int32(scalar) != null)) {
          wrong(node, path, value.description(), "");
        }
      }
      case QUANTITY -> {
        boolean number = tag.equals(Tag.INT) || tag.equals(Tag.FLOAT);
        if (!(number || string) || !QUANTITY.matcher(text.replace("_", "")).matches()) {
          problem(node, path, "must be " + value.description());
        }
      }
      case BASE64 -> {
        if (!string) {
          wrong(node, path, value.description(), "");
        } else if (!isBase64(text)) {
          problem(node, path, "must be " + value.description());
        }
      }
    }
  }

  /** The value of an int-tagged scalar when it fits an int32, else null. */
  private static Long int32(ScalarNode scalar) {
    Object value = YamlTree.toPlain(scalar);
    return value instanceof Integer i ? Long.valueOf(i) : null;
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text.replace("\n", "").replace("\r", ""));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isKey(String key, Shape.Key rule) {
    return switch (rule) {
      case ANY -> true;
      case CONFIG_KEY -> key.length() <= 253 && CONFIG_KEY.matcher(key).matches();
      case QUALIFIED_NAME -> {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        yield name.length() <= 63
            && NAME_PART.matcher(name).matches()
            && (slash < 0
                || (!prefix.isEmpty() && KubeNames.nameProblem("ConfigMap", prefix).isEmpty()));
      }
    };
  }

  private void wrong(Node node, String path, String expected, String hint) {
    problem(node, path, "must be " + expected + ", was " + describe(node) + hint);
  }

  private void problem(Node node, String path, String message) {
    reading.problem(node, path + ": " + message + " (" + kind + ")");
  }

  private static String describe(Node node) {
    if (node instanceof ScalarNode scalar) {
      Tag tag = scalar.getTag();
      if (tag.equals(Tag.INT)) {
        return "a whole number";
      }
      if (tag.equals(Tag.FLOAT)) {
        return "a decimal number";
      }
      if (tag.equals(Tag.BOOL)) {
        return "true or false";
      }
      return "a string";
    }
    return Fields.kindOf(node);
  }
}
