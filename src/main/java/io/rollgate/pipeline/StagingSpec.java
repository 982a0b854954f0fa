package io.rollgate.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The staging stage: apply, wait for the rollout, run smoke checks. {@code allowOtherNamespaces}
 * lets manifests name namespaces other than the stage's.
 */
public record StagingSpec(
    Optional<String> context,
    String namespace,
    List<Path> manifests,
    boolean allowOtherNamespaces,
    RolloutSpec rollout,
    List<SmokeCheckSpec> smoke) {
  public StagingSpec {
    manifests = List.copyOf(manifests);
    smoke = List.copyOf(smoke);
  }
}
