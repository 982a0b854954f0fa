package io.rollgate.pipeline;

import java.time.Duration;
import java.util.List;

/** The canary analysis: measurement interval, limits, where Prometheus is, and the metrics. */
public record AnalysisSpec(
    Duration interval,
    int failureLimit,
    int inconclusiveLimit,
    int consecutiveErrorLimit,
    PrometheusSpec prometheus,
    List<MetricSpec> metrics) {
  public AnalysisSpec {
    metrics = List.copyOf(metrics);
  }
}
