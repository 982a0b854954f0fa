package io.rollgate.pipeline;

import java.nio.file.Path;

/** Paths in a pipeline file are relative to the file's folder. */
final class PipelinePaths {
  private PipelinePaths() {}

  static Path resolve(Path pipelineFile, String entry) {
    Path path = Path.of(entry);
    return (path.isAbsolute() ? path : pipelineFile.resolveSibling(path)).normalize();
  }
}
