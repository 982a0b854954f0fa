package io.rollgate.pipeline;

import java.util.List;

/** The canary: which workload, how traffic is split, the steps, and the analysis. */
public record CanarySpec(
    TargetRef target, TrafficSpec traffic, List<StepSpec> steps, AnalysisSpec analysis) {
  public CanarySpec {
    steps = List.copyOf(steps);
  }

  /** The stable workload, e.g. Deployment/checkout. */
  public record TargetRef(String kind, String name) {}
}
