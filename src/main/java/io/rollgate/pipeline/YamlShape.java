package io.rollgate.pipeline;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * What Rollgate takes of YAML, checked on a composed document before anything reads it: plain maps,
 * lists, strings, numbers, booleans and nulls (the JSON a Kubernetes object is), so
 *
 * <ul>
 *   <li>no tag beyond those ({@code !!binary}, {@code !!set}, {@code !foo}), and an explicit tag
 *       must fit its node ({@code !!seq} on a mapping, {@code !!int abc});
 *   <li>no alias that refers to a node containing it ({@code data: &d {self: *d}});
 *   <li>no document that expands through aliases past {@link #MAX_NODES} nodes (an alias bomb);
 *   <li>in manifests (kubectl refuses them): no duplicate key, no key that is not a string;
 *   <li>in the pipeline: no control character in a value (only tab and line breaks; a NUL cannot
 *       even stand in a file name), however it got there (an escape, a variable).
 * </ul>
 */
final class YamlShape {
  /** Most nodes a document may expand to through its aliases. */
  static final long MAX_NODES = 1_000_000;

  private static final Resolver RESOLVER = new Resolver();
  private static final Set<Tag> SCALAR_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  private final Reading reading;
  private final boolean manifest;
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Node, Long> sizes = new IdentityHashMap<>();
  private boolean ok = true;

  private YamlShape(Reading reading, boolean manifest) {
    this.reading = reading;
    this.manifest = manifest;
  }

  /** Checks a manifest document; false (and problems) when it must not be read further. */
  static boolean checkManifest(Node document, Reading reading) {
    return new YamlShape(reading, true).check(document);
  }

  /** Checks the pipeline document (duplicate fields are the field reader's to report, by name). */
  static boolean checkPipeline(Node document, Reading reading) {
    return new YamlShape(reading, false).check(document);
  }

  private boolean check(Node document) {
    long size = walk(document, "");
    if (ok && size > MAX_NODES) {
      reading.problem(
          document,
          "the document expands to more than "
              + MAX_NODES
              + " values through its aliases (an alias bomb?)");
      ok = false;
    }
    return ok;
  }

  /** The node's size, its aliases expanded (memoized: a shared node is walked once). */
  private long walk(Node node, String path) {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    checkTag(node, path);
    if (!manifest && node instanceof ScalarNode scalar) {
      checkCharacters(scalar, path);
    }
    long size = 1;
    open.add(node);
    if (node instanceof MappingNode mapping) {
      Map<String, Node> keys = new HashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String name = key(tuple.getKeyNode(), path, keys);
        Node value = tuple.getValueNode();
        String at = YamlTree.join(path, name);
        if (open.contains(value)) {
          recursive(tuple.getKeyNode(), at);
        } else {
          size = saturatedAdd(size, walk(value, at));
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (int i = 0; i < sequence.getValue().size(); i++) {
        Node item = sequence.getValue().get(i);
        if (open.contains(item)) {
          recursive(node, path + "[" + i + "]");
        } else {
          size = saturatedAdd(size, walk(item, path + "[" + i + "]"));
        }
      }
    }
    open.remove(node);
    sizes.put(node, size);
    return size;
  }

  private String key(Node key, String path, Map<String, Node> seen) {
    if (!(key instanceof ScalarNode scalar)) {
      if (manifest) {
        problem(
            key, YamlTree.join(path, "?") + ": a key must be a string, was " + Fields.kindOf(key));
      }
      return "?";
    }
    checkTag(key, path);
    String name = scalar.getValue();
    if (manifest && scalar.getTag().equals(Tag.NULL)) {
      problem(key, YamlTree.join(path, "~") + ": a key must be a string, was empty");
    } else if (manifest) {
      Node first = seen.putIfAbsent(name, key);
      if (first != null) {
        problem(
            key,
            YamlTree.join(path, Excerpt.of(name))
                + ": duplicate key, first given at line "
                + reading.source().at(first).line()
                + ", column "
                + reading.source().at(first).column()
                + " (kubectl refuses duplicate keys)");
      }
    }
    return Excerpt.of(name);
  }

  private void checkCharacters(ScalarNode scalar, String path) {
    String value = scalar.getValue();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        reading
            .problems()
            .add(
                reading.source().at(scalar, i),
                (path.isEmpty() ? "" : path + ": ")
                    + String.format("control character U+%04X in a value", (int) c));
        ok = false;
        return;
      }
    }
  }

  private void recursive(Node at, String path) {
    problem(at, path + ": an alias that refers to a node containing it (a recursive alias)");
  }

  private void checkTag(Node node, String path) {
    Tag tag = node.getTag();
    String where = path.isEmpty() ? "" : path + ": ";
    if (node instanceof ScalarNode scalar) {
      if (!SCALAR_TAGS.contains(tag)) {
        unsupported(node, where, tag);
      } else if (!reading.unresolved().contains(node) && !fits(scalar, tag)) {
        problem(
            node,
            where
                + "'"
                + Excerpt.of(scalar.getValue())
                + "' cannot be read as "
                + tag.getValue().replace(Tag.PREFIX, "!!"));
      }
    } else if (!tag.equals(node.getNodeId() == NodeId.mapping ? Tag.MAP : Tag.SEQ)) {
      if (tag.equals(Tag.MAP) || tag.equals(Tag.SEQ) || SCALAR_TAGS.contains(tag)) {
        problem(
            node,
            where
                + "tag "
                + tag.getValue().replace(Tag.PREFIX, "!!")
                + " does not fit "
                + Fields.kindOf(node));
      } else {
        unsupported(node, where, tag);
      }
    }
  }

  private void unsupported(Node node, String where, Tag tag) {
    problem(
        node,
        where
            + "tag "
            + Excerpt.of(tag.getValue().replace(Tag.PREFIX, "!!"))
            + " is not supported: only maps, lists, strings, numbers, booleans and null");
  }

  /** Whether an explicitly tagged scalar can be read as its tag says. */
  private static boolean fits(ScalarNode scalar, Tag tag) {
    if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
      return true;
    }
    Tag implicit = RESOLVER.resolve(NodeId.scalar, scalar.getValue(), true);
    if (tag.equals(Tag.FLOAT)) {
      return implicit.equals(Tag.FLOAT) || implicit.equals(Tag.INT);
    }
    return implicit.equals(tag);
  }

  private void problem(Node node, String message) {
    reading.problem(node, message);
    ok = false;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 || sum > MAX_NODES ? MAX_NODES + 1 : sum;
  }
}
