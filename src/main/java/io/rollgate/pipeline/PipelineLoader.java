package io.rollgate.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a pipeline file and everything it names, offline: schema, variables, both stages'
 * manifests, query templates. Nothing is half-checked: every problem found is reported at once.
 */
public final class PipelineLoader {
  private final Map<String, String> environment;

  /**
   * {@code environment} is the last place {@code ${NAME}} is looked up (after --set and spec.vars).
   */
  public PipelineLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Parses and checks everything (pipeline, both stages' manifests, templates).
   *
   * @param setVars values given with {@code --set}; they win over {@code spec.vars} and the
   *     environment
   * @param namespaceOverride the {@code --namespace} flag: replaces both stages' namespace
   * @throws InvalidPipelineException with every problem, sorted by file, line and column
   */
  public LoadedPipeline load(
      Path pipelineFile, Map<String, String> setVars, Optional<String> namespaceOverride) {
    Problems problems = new Problems();
    String text = read(pipelineFile, problems);
    SourceText source = new SourceText(pipelineFile, text);
    VariableUses uses = new VariableUses();
    Reading reading = new Reading(source, problems, uses);
    List<Node> documents = Documents.compose(source, text, problems);
    problems.throwIfAny();
    if (documents.size() != 1) {
      problems.add(
          new SourceLocation(pipelineFile, 1, 1),
          documents.isEmpty()
              ? "the pipeline file is empty"
              : "a pipeline file holds one document, found " + documents.size());
      problems.throwIfAny();
    }
    Node document = documents.get(0);
    DeclaredVars declared = DeclaredVars.read(document, reading);
    Variables variables = new Variables(setVars, declared.values(), environment);
    Node substituted =
        YamlTree.substitute(
            document, variables, reading, declared.node().map(Set::of).orElse(Set.of()));
    if (!YamlShape.checkPipeline(substituted, reading)) {
      problems.throwIfAny();
    }
    Map<String, String> vars = new LinkedHashMap<>(declared.values());
    vars.putAll(setVars);
    ParsedPipeline parsed =
        new PipelineParser(pipelineFile, reading, vars, namespaceOverride).parse(substituted);
    ManifestReader manifests = new ManifestReader(pipelineFile, variables, problems, uses);
    List<Manifest> staging = parsed.staging().map(manifests::read).orElse(List.of());
    List<Manifest> production = parsed.production().map(manifests::read).orElse(List.of());
    parsed.target().ifPresent(t -> checkTarget(t, production, parsed.production(), problems));
    checkSetNames(pipelineFile, setVars.keySet(), uses, problems);
    problems.throwIfAny();
    PipelineSpec spec =
        parsed
            .spec()
            .orElseThrow(() -> new IllegalStateException("a pipeline with no problem has a spec"));
    return new LoadedPipeline(spec, staging, production, keyLocations(substituted, source));
  }

  /** Where each mapping key stands, by its path ({@code spec.staging.smoke[0].url}). */
  private static Map<String, SourceLocation> keyLocations(Node document, SourceText source) {
    Map<String, SourceLocation> at = new LinkedHashMap<>();
    keyLocations(document, "", source, at, 0);
    return at;
  }

  private static void keyLocations(
      Node node, String path, SourceText source, Map<String, SourceLocation> at, int depth) {
    if (depth > YamlTree.MAX_DEPTH) {
      return;
    }
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          String child = YamlTree.join(path, key.getValue());
          at.putIfAbsent(child, source.at(key));
          keyLocations(tuple.getValueNode(), child, source, at, depth + 1);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        String child = path + "[" + i + "]";
        at.putIfAbsent(child, source.at(items.get(i)));
        keyLocations(items.get(i), child, source, at, depth + 1);
      }
    }
  }

  private static void checkTarget(
      ParsedPipeline.Target target,
      List<Manifest> production,
      Optional<ParsedPipeline.Stage> stage,
      Problems problems) {
    if (target.kind().isEmpty() || target.name().isEmpty() || stage.isEmpty()) {
      return;
    }
    boolean found =
        production.stream()
            .anyMatch(m -> m.kind().equals(target.kind()) && m.name().equals(target.name()));
    if (!found) {
      problems.add(
          target.at(),
          "spec.production.canary.target: "
              + target.kind()
              + "/"
              + target.name()
              + " is not among the production manifests");
    }
  }

  /**
   * A {@code --set} name must be a variable name that something uses: a misspelt one would
   * otherwise deploy the default from spec.vars without a word.
   */
  private static void checkSetNames(
      Path pipelineFile, Set<String> names, VariableUses uses, Problems problems) {
    SourceLocation at = new SourceLocation(pipelineFile, 1, 1);
    for (String name : names) {
      if (name.isEmpty()) {
        problems.add(at, "--set '=...': a variable needs a name (--set NAME=VALUE)");
      } else if (!Variables.isName(name)) {
        problems.add(
            at,
            "--set '"
                + Excerpt.of(name)
                + "': not a variable name (letters, digits and '_', not starting with a digit)");
      } else if (!uses.contains(name)) {
        String hint =
            Suggestions.closest(name, uses.names())
                .map(s -> "; did you mean '" + s + "' (used at " + uses.firstUse(s).get() + ")?")
                .orElse(
                    uses.names().isEmpty()
                        ? "; this pipeline uses no variables"
                        : "; the variables used are "
                            + String.join(", ", new TreeSet<>(uses.names())));
        problems.add(
            at,
            "--set "
                + name
                + ": nothing uses this variable (no ${"
                + name
                + "} in the pipeline or its manifests, no {{"
                + name
                + "}} in a query)"
                + hint);
      }
    }
  }

  private static String read(Path file, Problems problems) {
    try {
      if (Files.isDirectory(file)) {
        problems.add(
            new SourceLocation(file, 1, 1), "is a folder; give the pipeline file (a .yaml file)");
      } else {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      problems.add(new SourceLocation(file, 1, 1), "no such pipeline file");
    } catch (IOException e) {
      problems.add(
          new SourceLocation(file, 1, 1),
          "cannot read the pipeline file: " + FileErrors.describe(e));
    }
    problems.throwIfAny();
    return "";
  }
}
