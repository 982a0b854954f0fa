package io.rollgate.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The production stage: apply the non-target objects, then drive the canary. */
public record ProductionSpec(
    Optional<String> context,
    String namespace,
    List<Path> manifests,
    boolean allowOtherNamespaces,
    RolloutSpec rollout,
    CanarySpec canary) {
  public ProductionSpec {
    manifests = List.copyOf(manifests);
  }
}
