package io.rollgate.canary;

import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.StepSpec;
import io.rollgate.pipeline.TrafficSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything a canary follows, fixed when it starts and saved beside its state, so {@code resume},
 * {@code status}, {@code promote} and {@code abort} need no pipeline file and a changed file cannot
 * change a canary already in flight.
 *
 * @param revision a short hash of the new pod template and the configuration it reads
 * @param vars the pipeline variables the analysis queries use (only those: others may be secrets)
 * @param target the rendered target manifest of the new revision, as the user's files give it
 * @param previousTemplate the stable workload's pod template before the canary started (for a
 *     failed promotion, and {@code undo})
 * @param configCopies ConfigMaps and Secrets the target reads that changed: the canary reads {@code
 *     <name>-canary} copies until promotion
 */
public record CanaryPlan(
    String pipeline,
    String namespace,
    String revision,
    CanarySpec.TargetRef targetRef,
    TrafficSpec traffic,
    List<StepSpec> steps,
    AnalysisSpec analysis,
    io.rollgate.pipeline.RolloutSpec rollout,
    Map<String, String> vars,
    Map<String, Object> target,
    Map<String, Object> previousTemplate,
    List<ConfigRef> configCopies) {
  public CanaryPlan {
    steps = List.copyOf(steps);
    vars = Map.copyOf(vars);
    target = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(target));
    previousTemplate =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(previousTemplate));
    configCopies = List.copyOf(configCopies);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a canary needs at least one step");
    }
  }

  /** The canary workload's name: {@code <target>-canary}. */
  public String canaryName() {
    return targetRef.name() + "-canary";
  }

  /** Name of the state ConfigMap and the Lease: {@code rollgate-<pipeline>}. */
  public String stateName() {
    return "rollgate-" + pipeline;
  }

  /** A ConfigMap or Secret the target reads, by kind and name. */
  public record ConfigRef(String kind, String name) {
    public String copyName() {
      return name + "-canary";
    }

    @Override
    public String toString() {
      return kind + "/" + name;
    }
  }

  /** Values print by their names only: a plan in a log line must not show a variable's value. */
  @Override
  public String toString() {
    return "CanaryPlan["
        + pipeline
        + " in "
        + namespace
        + ", revision "
        + revision
        + ", "
        + steps.size()
        + " steps, vars "
        + new java.util.TreeSet<>(vars.keySet())
        + "]";
  }
}
