package io.rollgate.cli;

import io.rollgate.pipeline.LoadedPipeline;
import java.util.Optional;

/**
 * A subcommand about one or more pipelines: what the one error handler needs of it to say where a
 * failure is and to write the report of an outcome the command itself did not reach.
 */
interface PipelineCommand {
  /** Its {@code --report}, {@code --log-format} and {@code -v}. */
  OutputOptions output();

  /** The pipeline as the command line gives it (a file, a name, several), for its report. */
  String subject();

  /** Whether it appends a job summary under GitHub Actions. */
  default boolean summarizes() {
    return true;
  }

  /** The pipeline file it read, once it has: a setting that fails later is put at its line. */
  default Optional<LoadedPipeline> loaded() {
    return Optional.empty();
  }
}
