package io.rollgate.cli;

import io.rollgate.pipeline.KubeNames;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.pipeline.ProductionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which pipeline's rollout a command acts on: a pipeline file (its production namespace and context
 * are used) or a pipeline's name with {@code -n NAMESPACE}. Either way the plan comes from the
 * saved state, never from the manifests.
 */
final class TargetOptions {
  @Parameters(
      index = "0",
      paramLabel = "PIPELINE",
      description = "A pipeline file, or a pipeline's name (then give -n NAMESPACE).")
  String pipeline;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A variable the pipeline file needs to load. Repeatable.")
  Map<String, String> set = new LinkedHashMap<>();

  /**
   * Where the rollout's state lives, and the pipeline file's Prometheus settings when it was given
   * and loaded (the saved plan keeps no credentials).
   */
  record Located(
      String pipeline,
      String namespace,
      Optional<String> context,
      Optional<io.rollgate.pipeline.PrometheusSpec> prometheus) {
    Located(String pipeline, String namespace, Optional<String> context) {
      this(pipeline, namespace, context, Optional.empty());
    }
  }

  /**
   * metadata.name, spec.production.namespace and .context read straight from the file, when none of
   * them needs a variable.
   */
  @SuppressWarnings("unchecked")
  private static Optional<Located> plainly(Path file, CommonOptions common) {
    try {
      Object doc =
          new org.yaml.snakeyaml.Yaml(
                  new org.yaml.snakeyaml.constructor.SafeConstructor(
                      new org.yaml.snakeyaml.LoaderOptions()))
              .load(Files.readString(file));
      if (!(doc instanceof Map<?, ?> root)
          || !(root.get("metadata") instanceof Map<?, ?> meta)
          || !(root.get("spec") instanceof Map<?, ?> spec)
          || !(spec.get("production") instanceof Map<?, ?> production)) {
        return Optional.empty();
      }
      String name = String.valueOf(meta.get("name"));
      String namespace = common.namespace().orElse(String.valueOf(production.get("namespace")));
      Optional<String> context =
          common
              .context()
              .or(() -> Optional.ofNullable(production.get("context")).map(String::valueOf));
      boolean plain =
          !name.contains("${")
              && !namespace.contains("${")
              && context.filter(c -> c.contains("${")).isEmpty()
              && production.get("namespace") != null
              && meta.get("name") != null;
      return plain && KubeNames.namespaceProblem(namespace).isEmpty()
          ? Optional.of(new Located(name, namespace, context))
          : Optional.empty();
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private LoadedPipeline loaded;

  /** The pipeline file, when one was given and {@link #locate} could load it. */
  Optional<LoadedPipeline> loaded() {
    return Optional.ofNullable(loaded);
  }

  Located locate(Services services, CommonOptions common) throws UsageException {
    if (common.namespace().isPresent()) {
      requireNamespace(common.namespace().get());
    }
    Path file = Path.of(pipeline);
    if (Files.isRegularFile(file) || pipeline.endsWith(".yaml") || pipeline.endsWith(".yml")) {
      LoadedPipeline loaded;
      try {
        loaded = new PipelineLoader(services.environment()).load(file, set, common.namespace());
      } catch (io.rollgate.pipeline.InvalidPipelineException e) {
        // an on-call abort must not need CI's variables (IMAGE...): name, namespace and context
        // alone are enough, when the file gives them plainly
        return plainly(file, common).orElseThrow(() -> e);
      }
      this.loaded = loaded;
      ProductionSpec production =
          loaded
              .spec()
              .production()
              .orElseThrow(
                  () ->
                      new io.rollgate.pipeline.InvalidPipelineException(
                          List.of(
                              new io.rollgate.pipeline.Problem(
                                  loaded.at("spec"),
                                  "spec: no 'production', so no canary to act on"))));
      return new Located(
          loaded.spec().name(),
          production.namespace(),
          common.context().or(production::context),
          Optional.of(production.canary().analysis().prometheus()));
    }
    if (!pipeline.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new UsageException(
          "'"
              + pipeline
              + "' is neither a pipeline file nor a pipeline name (lower-case letters, digits and '-')");
    }
    String namespace =
        common
            .namespace()
            .orElseThrow(
                () ->
                    new UsageException(
                        "give the namespace of pipeline "
                            + pipeline
                            + "'s rollout with -n NAMESPACE, or pass the pipeline file"));
    return new Located(pipeline, namespace, common.context());
  }

  /** A namespace the API would refuse is bad input here, not an outage after the retry budget. */
  static void requireNamespace(String namespace) throws UsageException {
    java.util.Optional<String> problem = KubeNames.namespaceProblem(namespace);
    if (problem.isPresent()) {
      throw new UsageException(
          "-n '" + io.rollgate.pipeline.Excerpt.of(namespace) + "': " + problem.get());
    }
  }
}
