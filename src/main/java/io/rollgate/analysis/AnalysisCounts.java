package io.rollgate.analysis;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an analysis has counted so far, per metric: the part of an {@link AnalysisRun} a canary's
 * saved state carries from one process to the next (and that a new revision starts from zero).
 */
public record AnalysisCounts(Map<String, MetricCounts> byMetric) {
  public AnalysisCounts {
    byMetric = Map.copyOf(byMetric);
  }

  public static AnalysisCounts none() {
    return new AnalysisCounts(Map.of());
  }

  public MetricCounts of(String metric) {
    return byMetric.getOrDefault(metric, MetricCounts.ZERO);
  }

  /** The same counts with every metric's inconclusive count back at zero. */
  public AnalysisCounts withoutInconclusives() {
    Map<String, MetricCounts> copy = new TreeMap<>();
    byMetric.forEach((k, v) -> copy.put(k, v.withInconclusives(0)));
    return new AnalysisCounts(copy);
  }

  /** Sums over every metric, for one-line summaries. */
  public int totalFailures() {
    return byMetric.values().stream().mapToInt(MetricCounts::failures).sum();
  }

  public int totalInconclusives() {
    return byMetric.values().stream().mapToInt(MetricCounts::inconclusives).sum();
  }

  public int totalErrors() {
    return byMetric.values().stream().mapToInt(MetricCounts::errors).sum();
  }

  /** One metric's counts: failed, inconclusive, errors in all, and errors in a row now. */
  public record MetricCounts(int failures, int inconclusives, int errors, int errorsInARow) {
    public static final MetricCounts ZERO = new MetricCounts(0, 0, 0, 0);

    public MetricCounts {
      if (failures < 0 || inconclusives < 0 || errors < 0 || errorsInARow < 0) {
        throw new IllegalArgumentException("analysis counts cannot be negative");
      }
    }

    MetricCounts withInconclusives(int n) {
      return new MetricCounts(failures, n, errors, errorsInARow);
    }
  }
}
