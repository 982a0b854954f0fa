package io.rollgate.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's node API, the way the loader uses it: compose documents keeping their marks, report a
 * parse error at the parser's mark, and substitute variables inside scalar values (so a value can
 * never change the document's structure).
 */
final class YamlTree {
  /** Deepest nesting of maps and lists read (SnakeYAML's default is 50; JSON reads the same). */
  static final int MAX_DEPTH = 100;

  private static final Resolver RESOLVER = new Resolver();

  private YamlTree() {}

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMergeOnCompose(true);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    return options;
  }

  /** Every non-empty document of the text; a parse error ends the list and becomes a problem. */
  static List<Node> composeAll(SourceText source, String text, Problems problems) {
    List<Node> documents = new ArrayList<>();
    try {
      LoaderOptions options = options();
      Composer composer =
          new Composer(new ParserImpl(new WholeTextReader(text), options), RESOLVER, options);
      while (composer.checkNode()) {
        Node document = composer.getNode();
        if (!isEmpty(document)) {
          documents.add(document);
        }
      }
    } catch (ReaderException e) {
      problems.add(
          source.atCodePoint(e.getPosition()),
          "bad YAML: character U+%04X is not allowed here (write it as an escape in a double-quoted string)"
              .formatted(e.getCodePoint()));
    } catch (MarkedYAMLException e) {
      SourceLocation at =
          Optional.ofNullable(e.getProblemMark())
              .or(() -> Optional.ofNullable(e.getContextMark()))
              .map(source::at)
              .orElse(new SourceLocation(source.file(), 1, 1));
      problems.add(at, "bad YAML: " + describe(e));
    } catch (YAMLException e) {
      problems.add(new SourceLocation(source.file(), 1, 1), "bad YAML: " + e.getMessage());
    }
    return documents;
  }

  private static String describe(MarkedYAMLException e) {
    String problem = Optional.ofNullable(e.getProblem()).orElse("unreadable");
    return e.getContext() == null ? problem : problem + " (" + e.getContext() + ")";
  }

  static boolean isEmpty(Node document) {
    return document == null
        || (document instanceof ScalarNode scalar
            && (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()));
  }

  /** Plain Java values (maps, lists, strings, numbers, booleans) for a node. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toPlainMap(MappingNode node) {
    return (Map<String, Object>) new PlainConstructor().plain(node);
  }

  /** The plain Java value of one node (a number, a string, a boolean, null, a map, a list). */
  static Object toPlain(Node node) {
    return new PlainConstructor().plain(node);
  }

  /**
   * Copies a tree with every scalar value substituted; keys and the {@code skip} subtrees stay as
   * they are.
   */
  static Node substitute(Node root, Variables variables, Reading reading, Set<Node> skip) {
    return new Substitution(variables, reading, skip).copy(root, "");
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static final class Substitution {
    private final Variables variables;
    private final Reading reading;
    private final Set<Node> skip;
    private final Map<Node, Node> copies = new IdentityHashMap<>();

    Substitution(Variables variables, Reading reading, Set<Node> skip) {
      this.variables = variables;
      this.reading = reading;
      this.skip = skip;
    }

    Node copy(Node node, String path) {
      if (skip.contains(node)) {
        return node;
      }
      Node done = copies.get(node);
      if (done != null) {
        return done;
      }
      if (node instanceof ScalarNode scalar) {
        Node copy = scalar(scalar, path);
        copies.put(node, copy);
        return copy;
      }
      if (node instanceof SequenceNode sequence) {
        List<Node> items = new ArrayList<>();
        SequenceNode copy =
            new SequenceNode(
                sequence.getTag(),
                true,
                items,
                node.getStartMark(),
                node.getEndMark(),
                sequence.getFlowStyle());
        copies.put(node, copy);
        List<Node> value = sequence.getValue();
        for (int i = 0; i < value.size(); i++) {
          items.add(copy(value.get(i), path + "[" + i + "]"));
        }
        return copy;
      }
      MappingNode mapping = (MappingNode) node;
      List<NodeTuple> tuples = new ArrayList<>();
      MappingNode copy =
          new MappingNode(
              mapping.getTag(),
              true,
              tuples,
              node.getStartMark(),
              node.getEndMark(),
              mapping.getFlowStyle());
      copies.put(node, copy);
      for (NodeTuple tuple : mapping.getValue()) {
        Node key = tuple.getKeyNode();
        String keyText = key instanceof ScalarNode s ? Excerpt.of(s.getValue()) : "?";
        tuples.add(new NodeTuple(key, copy(tuple.getValueNode(), join(path, keyText))));
      }
      return copy;
    }

    private Node scalar(ScalarNode scalar, String path) {
      Variables.Result result = variables.substitute(scalar.getValue());
      for (Variables.Reference reference : result.references()) {
        reading.uses().add(reference.name(), reading.source().at(scalar, reference.offset()));
      }
      for (Variables.Unresolved unresolved : result.unresolved()) {
        reading
            .problems()
            .add(
                reading.source().at(scalar, unresolved.offset()),
                path + ": " + unresolved.message());
      }
      if (!result.unresolved().isEmpty()) {
        reading.unresolved().add(scalar);
        return scalar;
      }
      if (result.text().equals(scalar.getValue())) {
        return scalar;
      }
      Tag tag =
          scalar.isPlain()
                  && scalar
                      .getTag()
                      .equals(RESOLVER.resolve(NodeId.scalar, scalar.getValue(), true))
              ? RESOLVER.resolve(NodeId.scalar, result.text(), true)
              : scalar.getTag();
      return new ScalarNode(
          tag,
          true,
          result.text(),
          scalar.getStartMark(),
          scalar.getEndMark(),
          scalar.getScalarStyle());
    }
  }

  /** SafeConstructor with its document entry point opened; timestamps stay strings. */
  private static final class PlainConstructor extends SafeConstructor {
    PlainConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }

    Object plain(Node node) {
      return constructDocument(node);
    }
  }

  /** The value under {@code key} when {@code node} is a mapping that has it. */
  static Optional<Node> child(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return Optional.of(tuple.getValueNode());
        }
      }
    }
    return Optional.empty();
  }
}
