package io.rollgate.cli;

import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.pipeline.ProductionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

  /** Where the rollout's state lives. */
  record Located(String pipeline, String namespace, Optional<String> context) {}

  Located locate(Services services, CommonOptions common) throws UsageException {
    Path file = Path.of(pipeline);
    if (Files.isRegularFile(file) || pipeline.endsWith(".yaml") || pipeline.endsWith(".yml")) {
      LoadedPipeline loaded =
          new PipelineLoader(services.environment()).load(file, set, common.namespace());
      ProductionSpec production =
          loaded
              .spec()
              .production()
              .orElseThrow(
                  () ->
                      new UsageException(
                          pipeline
                              + ": the pipeline has no spec.production section, so no canary"));
      return new Located(
          loaded.spec().name(), production.namespace(), common.context().or(production::context));
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
}
