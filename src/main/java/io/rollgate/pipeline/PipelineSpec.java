package io.rollgate.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A whole pipeline file, variables substituted, paths resolved against the file's folder. */
public record PipelineSpec(
    Path file,
    String name,
    Map<String, String> vars,
    Optional<StagingSpec> staging,
    Optional<ProductionSpec> production) {
  public PipelineSpec {
    vars = Map.copyOf(vars);
  }

  /** Variables may come from {@code --set} with secrets in them: print their names only. */
  @Override
  public String toString() {
    return "PipelineSpec[file="
        + file
        + ", name="
        + name
        + ", vars="
        + new java.util.TreeSet<>(vars.keySet())
        + ", staging="
        + staging.isPresent()
        + ", production="
        + production.isPresent()
        + "]";
  }

  /** Name of the state ConfigMap and Lease: {@code rollgate-<name>}. */
  public String stateObjectName() {
    return "rollgate-" + name;
  }
}
