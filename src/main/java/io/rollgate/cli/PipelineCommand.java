package io.rollgate.cli;

import io.rollgate.pipeline.LoadedPipeline;
import java.util.Optional;

/** A subcommand about a pipeline file: what the one error handler needs to know of it. */
interface PipelineCommand {
  /** The pipeline file it read, once it has: a setting that fails later is put at its line. */
  Optional<LoadedPipeline> loaded();
}
