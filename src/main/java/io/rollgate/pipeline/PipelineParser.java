package io.rollgate.pipeline;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a pipeline document (variables already substituted) into the spec records. */
final class PipelineParser {
  static final String API_VERSION = "rollgate.io/v1alpha1";
  static final String KIND = "Pipeline";
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> METADATA = Set.of("name", "labels", "annotations");
  private static final Set<String> SPEC = Set.of("vars", "staging", "production");
  private static final Set<String> STAGE =
      Set.of("context", "namespace", "manifests", "allowOtherNamespaces", "rollout");
  private static final Set<String> STAGING = union(STAGE, "smoke");
  private static final Set<String> PRODUCTION = union(STAGE, "canary");
  private static final Set<String> ROLLOUT = Set.of("timeout", "podProblemGrace");

  private final Path file;
  private final Reading reading;
  private final Map<String, String> vars;
  private final Optional<String> namespaceOverride;

  PipelineParser(
      Path file, Reading reading, Map<String, String> vars, Optional<String> namespaceOverride) {
    this.file = file;
    this.reading = reading;
    this.vars = vars;
    this.namespaceOverride = namespaceOverride;
  }

  ParsedPipeline parse(Node document) {
    Optional<Fields> root = Fields.of(document, "", reading, TOP);
    if (root.isEmpty()) {
      return new ParsedPipeline(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    Fields top = root.get();
    namespaceOverride
        .flatMap(KubeNames::namespaceProblem)
        .ifPresent(
            problem ->
                reading
                    .problems()
                    .add(
                        new SourceLocation(file, 1, 1),
                        "--namespace '" + Excerpt.of(namespaceOverride.get()) + "': " + problem));
    checkConstant(top, "apiVersion", API_VERSION);
    checkConstant(top, "kind", KIND);
    String name = top.requiredMapping("metadata", METADATA).map(this::pipelineName).orElse("");
    Optional<Fields> spec = top.requiredMapping("spec", SPEC);
    if (spec.isEmpty()) {
      return new ParsedPipeline(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    if (!spec.get().has("staging") && !spec.get().has("production")) {
      spec.get().problem("give 'staging', 'production' or both");
    }
    Optional<Fields> stagingFields = spec.get().mapping("staging", STAGING);
    Optional<Fields> productionFields = spec.get().mapping("production", PRODUCTION);
    Optional<ParsedPipeline.Stage> staging = stagingFields.map(f -> stage(f, "staging"));
    Optional<ParsedPipeline.Stage> production = productionFields.map(f -> stage(f, "production"));
    Optional<StagingSpec> stagingSpec = stagingFields.flatMap(f -> stagingSpec(f, staging.get()));
    CanaryParser canaryParser =
        new CanaryParser(
            reading, file, name, production.map(ParsedPipeline.Stage::namespace).orElse(""), vars);
    Optional<CanarySpec> canary =
        productionFields
            .flatMap(f -> f.requiredMapping("canary", CanaryParser.FIELDS))
            .flatMap(canaryParser::parse);
    Optional<ProductionSpec> productionSpec =
        productionFields.flatMap(
            f ->
                canary.map(
                    c ->
                        new ProductionSpec(
                            f.string("context"),
                            production.get().namespace(),
                            paths(production.get()),
                            production.get().allowOtherNamespaces(),
                            rollout(f),
                            c)));
    boolean complete =
        stagingFields.isPresent() == stagingSpec.isPresent()
            && productionFields.isPresent() == productionSpec.isPresent();
    Optional<PipelineSpec> pipeline =
        complete
            ? Optional.of(new PipelineSpec(file, name, vars, stagingSpec, productionSpec))
            : Optional.empty();
    return new ParsedPipeline(pipeline, staging, production, canaryParser.target());
  }

  private String pipelineName(Fields metadata) {
    String name = metadata.requiredString("name");
    if (!name.isEmpty() && (!name.matches(DNS_LABEL) || name.length() > 53)) {
      metadata.problem(
          "name",
          "must be lower-case letters, digits and '-', at most 53 characters, was '"
              + Excerpt.of(name)
              + "'");
    }
    return name;
  }

  private void checkConstant(Fields fields, String key, String expected) {
    String value = fields.requiredString(key);
    if (!value.isEmpty() && !value.equals(expected)) {
      fields.problem(key, "must be " + expected + ", was '" + Excerpt.of(value) + "'");
    }
  }

  private ParsedPipeline.Stage stage(Fields f, String stage) {
    String namespace;
    if (namespaceOverride.isPresent()) {
      namespace = namespaceOverride.get();
      f.string("namespace");
    } else {
      namespace = f.requiredString("namespace");
      String value = namespace;
      if (!namespace.isBlank()) {
        KubeNames.namespaceProblem(namespace)
            .ifPresent(
                problem -> f.problem("namespace", problem + ", was '" + Excerpt.of(value) + "'"));
      }
    }
    f.require("manifests");
    List<ManifestSource> sources = new ArrayList<>();
    List<Fields.Item> items = f.list("manifests");
    if (f.has("manifests") && items.isEmpty()) {
      f.problem("manifests", "must name at least one file or folder");
    }
    for (Fields.Item item : items) {
      if (reading.unresolved().contains(item.node())) {
        continue; // already reported
      }
      if (item.node() instanceof ScalarNode scalar
          && !scalar.getTag().equals(Tag.NULL)
          && !scalar.getValue().isBlank()) {
        try {
          Path resolved = resolve(scalar.getValue());
          sources.add(new ManifestSource(resolved, item.path(), reading.source().at(scalar)));
        } catch (InvalidPathException e) {
          reading.problem(scalar, item.path() + ": not a valid path: " + Excerpt.of(e.getReason()));
        }
      } else {
        reading.problem(item.node(), item.path() + ": must be a file or folder path");
      }
    }
    return new ParsedPipeline.Stage(
        stage, sources, namespace, f.bool("allowOtherNamespaces", false));
  }

  private Path resolve(String entry) {
    return PipelinePaths.resolve(file, entry);
  }

  private Optional<StagingSpec> stagingSpec(Fields f, ParsedPipeline.Stage stage) {
    List<SmokeCheckSpec> smoke = new SmokeParser(reading).parse(f);
    return Optional.of(
        new StagingSpec(
            f.string("context"),
            stage.namespace(),
            paths(stage),
            stage.allowOtherNamespaces(),
            rollout(f),
            smoke));
  }

  private static List<Path> paths(ParsedPipeline.Stage stage) {
    return stage.sources().stream().map(ManifestSource::path).toList();
  }

  private static RolloutSpec rollout(Fields stage) {
    return stage
        .mapping("rollout", ROLLOUT)
        .map(
            r ->
                new RolloutSpec(
                    r.duration("timeout", RolloutSpec.DEFAULT_TIMEOUT),
                    r.duration("podProblemGrace", RolloutSpec.DEFAULT_POD_PROBLEM_GRACE)))
        .orElse(RolloutSpec.defaults());
  }

  static Set<String> union(Set<String> base, String... more) {
    Set<String> all = new java.util.HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }
}
