package io.rollgate.report;

import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Numbers;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.WindowResult;
import java.util.OptionalDouble;

/**
 * The measurements of one interval: value, threshold and outcome per metric, then the rendered
 * queries they came from in a collapsed block (queries are rendered without secrets).
 */
final class MarkdownMeasurements {
  private MarkdownMeasurements() {}

  static String of(WindowResult.Interval interval) {
    MarkdownTable values =
        new MarkdownTable("metric", "canary", "stable", "threshold", "outcome", "why");
    MarkdownTable queries = new MarkdownTable("metric", "canary query", "stable query");
    for (Measurement m : interval.measurements()) {
      values.row(
          m.metric(),
          value(m.canary()),
          m.stableQuery().isPresent() ? value(m.stable()) : "",
          m.threshold(),
          outcome(m.outcome()),
          m.sentence());
      queries.row(m.metric(), m.canaryQuery(), m.stableQuery().orElse(""));
    }
    return "### Measurements at interval #"
        + interval.number()
        + " ("
        + interval.at()
        + ")\n\n"
        + values.render()
        + "\n<details><summary>Rendered queries</summary>\n\n"
        + queries.render()
        + "\n</details>\n";
  }

  static String outcome(Outcome o) {
    return switch (o) {
      case SUCCESSFUL -> "✅ successful";
      case FAILED -> "❌ failed";
      case INCONCLUSIVE -> "❔ inconclusive";
      case ERROR -> "⚠️ error";
    };
  }

  private static String value(OptionalDouble v) {
    return v.isPresent() ? Numbers.format(v.getAsDouble()) : "–";
  }
}
