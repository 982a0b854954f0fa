package io.rollgate.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns one YAML document into {@link Manifest}s: shape checks, {@code kind: List}, namespaces. */
final class KubeObjects {
  /** Kinds Rollgate treats as cluster-scoped; every other kind is namespaced. */
  static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass",
          "IngressClass",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "APIService");

  private KubeObjects() {}

  /** The items of a {@code kind: List} document, or the document itself. */
  static List<Node> expandList(Node document, Reading reading) {
    if (!(document instanceof MappingNode mapping)
        || !"List".equals(scalar(mapping, "kind").orElse(""))) {
      return List.of(document);
    }
    Optional<Node> items = YamlTree.child(mapping, "items");
    if (items.isEmpty() || items.get() instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
      return List.of();
    }
    if (!(items.get() instanceof SequenceNode sequence)) {
      reading.problem(items.get(), "items: a List's items must be a list of objects");
      return List.of();
    }
    return new ArrayList<>(sequence.getValue());
  }

  static Optional<Manifest> read(
      Node node, Reading reading, String namespace, boolean allowOtherNamespaces) {
    if (!(node instanceof MappingNode mapping)) {
      reading.problem(
          node,
          "not a Kubernetes object: expected a mapping with apiVersion, kind and metadata.name");
      return Optional.empty();
    }
    Optional<String> apiVersion = scalar(mapping, "apiVersion");
    Optional<String> kind = scalar(mapping, "kind");
    Optional<MappingNode> metadata =
        YamlTree.child(mapping, "metadata")
            .filter(MappingNode.class::isInstance)
            .map(MappingNode.class::cast);
    Optional<String> name = metadata.flatMap(m -> scalar(m, "name"));
    List<String> missing = new ArrayList<>();
    if (apiVersion.isEmpty()) {
      missing.add("apiVersion");
    }
    if (kind.isEmpty()) {
      missing.add("kind");
    }
    if (name.isEmpty()) {
      missing.add("metadata.name");
    }
    if (!missing.isEmpty()) {
      reading.problem(node, "not a Kubernetes object: missing " + String.join(", ", missing));
      return Optional.empty();
    }
    if (apiVersion.get().startsWith("rollgate.io/")) {
      reading.problem(
          node, "a Rollgate " + Excerpt.of(kind.get()) + ", not a Kubernetes object to apply");
      return Optional.empty();
    }
    boolean identified = true;
    for (String field : List.of("apiVersion", "kind")) {
      Node value = YamlTree.child(mapping, field).orElseThrow();
      String text = ((ScalarNode) value).getValue();
      Optional<String> problem =
          !isString(value)
              ? Optional.of("must be a string, was " + describe(value))
              : (field.equals("kind")
                      ? KubeNames.kindProblem(text)
                      : KubeNames.apiVersionProblem(text))
                  .map(p -> p + ", was '" + Excerpt.of(text) + "'");
      if (problem.isPresent() && !reading.unresolved().contains(value)) {
        reading.problem(value, field + ": " + problem.get());
        identified = false;
      }
    }
    boolean shaped = KindShapes.of(apiVersion.get(), kind.get()).isPresent();
    for (String field : shaped ? List.<String>of() : List.of("name", "namespace")) {
      YamlTree.child(metadata.get(), field)
          .filter(v -> v instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) && !isString(v))
          .ifPresent(
              v ->
                  reading.problem(
                      v, "metadata." + field + ": must be a string, was " + describe(v)));
    }
    if (!identified) {
      return Optional.empty();
    }
    boolean namespaced = !CLUSTER_SCOPED.contains(kind.get());
    Optional<String> own = metadata.flatMap(m -> scalar(m, "namespace"));
    String id = kind.get() + "/" + name.get();
    Optional<Node> ownNode = metadata.flatMap(m -> YamlTree.child(m, "namespace"));
    Node nameNode = YamlTree.child(metadata.get(), "name").orElse(node);
    if (!reading.unresolved().contains(nameNode)) {
      KubeNames.nameProblem(kind.get(), name.get())
          .ifPresent(
              problem ->
                  reading.problem(
                      nameNode,
                      "metadata.name: "
                          + problem
                          + " for a "
                          + Excerpt.of(kind.get())
                          + ", was '"
                          + Excerpt.of(name.get())
                          + "'"));
    }
    if (own.isPresent() && !ownNode.map(reading.unresolved()::contains).orElse(false)) {
      KubeNames.namespaceProblem(own.get())
          .ifPresent(
              problem ->
                  reading.problem(
                      ownNode.get(),
                      "metadata.namespace: " + problem + ", was '" + Excerpt.of(own.get()) + "'"));
    }
    if (namespaced
        && own.isPresent()
        && !ownNode.map(reading.unresolved()::contains).orElse(false)
        && !own.get().equals(namespace)
        && !allowOtherNamespaces
        && !namespace.isEmpty()) {
      reading.problem(
          YamlTree.child(metadata.get(), "namespace").orElse(node),
          Excerpt.of(id)
              + ": namespace '"
              + Excerpt.of(own.get())
              + "' is not the stage's namespace '"
              + Excerpt.of(namespace)
              + "' (set allowOtherNamespaces: true on the stage to allow it)");
    }
    KindShapes.of(apiVersion.get(), kind.get())
        .ifPresent(
            shape ->
                ShapeCheck.check(mapping, shape, reading, apiVersion.get() + " " + kind.get()));
    Optional<String> effective = namespaced ? Optional.of(own.orElse(namespace)) : Optional.empty();
    Map<String, Object> body = YamlTree.toPlainMap(mapping);
    effective.ifPresent(ns -> withNamespace(body, ns));
    return Optional.of(
        new Manifest(
            reading.source().at(node),
            apiVersion.get(),
            kind.get(),
            name.get(),
            effective,
            java.util.Collections.unmodifiableMap(body)));
  }

  @SuppressWarnings("unchecked")
  private static void withNamespace(Map<String, Object> body, String namespace) {
    Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) body.get("metadata"));
    metadata.put("namespace", namespace);
    body.put("metadata", metadata);
  }

  private static boolean isString(Node node) {
    return node instanceof ScalarNode s
        && (s.getTag().equals(Tag.STR) || s.getTag().equals(Tag.TIMESTAMP));
  }

  private static String describe(Node node) {
    Tag tag = node.getTag();
    return tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)
        ? "a number"
        : tag.equals(Tag.BOOL) ? "true or false" : Fields.kindOf(node);
  }

  private static Optional<String> scalar(MappingNode mapping, String key) {
    return YamlTree.child(mapping, key)
        .filter(ScalarNode.class::isInstance)
        .map(ScalarNode.class::cast)
        .filter(s -> !s.getTag().equals(Tag.NULL))
        .map(ScalarNode::getValue)
        .filter(v -> !v.isBlank());
  }
}
