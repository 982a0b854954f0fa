package io.rollgate.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * What the parser read from a pipeline file: the spec (empty when a required part is broken; the
 * problems say why) and, per stage, what the manifest reader needs.
 */
record ParsedPipeline(
    Optional<PipelineSpec> spec,
    Optional<Stage> staging,
    Optional<Stage> production,
    Optional<Target> target) {

  /** A stage's manifest entries and namespace rules. */
  record Stage(
      String name, List<ManifestSource> sources, String namespace, boolean allowOtherNamespaces) {}

  /** The canary target and where the file names it. */
  record Target(String kind, String name, SourceLocation at) {}
}
