package io.rollgate.canary;

import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.pipeline.StepSpec;
import io.rollgate.pipeline.TrafficSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Plans for engine tests: the checkout pipeline's shape with the steps a test needs. */
final class CanaryPlans {
  static final Duration INTERVAL = Duration.ofSeconds(30);

  private CanaryPlans() {}

  static CanaryPlan plan(StepSpec... steps) {
    return plan(0, 0, steps);
  }

  static CanaryPlan plan(int failureLimit, int inconclusiveLimit, StepSpec... steps) {
    MetricSpec errorRate =
        new MetricSpec(
            "error-rate",
            "errors{track=\"{{track}}\"}",
            OptionalDouble.empty(),
            OptionalDouble.of(0.01),
            MetricSpec.NoDataPolicy.INCONCLUSIVE,
            Optional.empty(),
            Optional.empty());
    AnalysisSpec analysis =
        new AnalysisSpec(
            INTERVAL,
            failureLimit,
            inconclusiveLimit,
            4,
            new PrometheusSpec(
                "http://prometheus:9090",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                false,
                Duration.ofSeconds(10)),
            List.of(errorRate));
    return new CanaryPlan(
        "checkout",
        "shop",
        "rev-2",
        new CanarySpec.TargetRef("Deployment", "checkout"),
        new TrafficSpec.Replicas(),
        List.of(steps),
        analysis,
        new io.rollgate.pipeline.RolloutSpec(Duration.ofMinutes(5), Duration.ofSeconds(30)),
        Map.of(),
        Map.of("kind", "Deployment"),
        Map.of(),
        List.of());
  }

  static StepSpec weight(int w) {
    return new StepSpec.SetWeight(w);
  }

  static StepSpec analysis(Duration d) {
    return new StepSpec.Analysis(d);
  }

  static StepSpec pause(Duration d) {
    return new StepSpec.Pause(Optional.of(d));
  }

  static StepSpec manualPause() {
    return new StepSpec.Pause(Optional.empty());
  }
}
