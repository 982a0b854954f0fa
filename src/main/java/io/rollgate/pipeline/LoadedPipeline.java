package io.rollgate.pipeline;

import java.util.List;

/** A checked pipeline and each stage's objects, variables substituted and namespaces filled in. */
public record LoadedPipeline(
    PipelineSpec spec, List<Manifest> stagingManifests, List<Manifest> productionManifests) {
  public LoadedPipeline {
    stagingManifests = List.copyOf(stagingManifests);
    productionManifests = List.copyOf(productionManifests);
  }
}
