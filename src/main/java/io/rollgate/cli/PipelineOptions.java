package io.rollgate.cli;

import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.PipelineLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The pipeline file and its {@code --set} variables: a picocli mixin for every command that reads
 * one.
 */
public final class PipelineOptions {
  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline file.")
  Path pipeline;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set a variable; wins over spec.vars and the environment. Repeatable.")
  Map<String, String> set = new LinkedHashMap<>();

  private LoadedPipeline loaded;

  Path file() {
    return pipeline;
  }

  /** Parses and checks the whole pipeline; every problem is thrown at once (exit 2). */
  LoadedPipeline load(Map<String, String> environment, Optional<String> namespace) {
    loaded = new PipelineLoader(environment).load(pipeline, set, namespace);
    return loaded;
  }

  /** The pipeline, once {@link #load} read it. */
  Optional<LoadedPipeline> loaded() {
    return Optional.ofNullable(loaded);
  }
}
