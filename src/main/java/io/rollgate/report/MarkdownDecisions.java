package io.rollgate.report;

import io.rollgate.analysis.WindowDigest;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionRecord;
import java.util.Locale;

/**
 * Decision tables: one row per decision with its one-sentence reason. A run of identical "continue"
 * decisions is folded into one row, so the decisions that matter stand out.
 */
final class MarkdownDecisions {
  private MarkdownDecisions() {}

  /**
   * The decisions of a window analysis, by interval: the digest's spans (each a run of one
   * "continue" or one final decision), with how many were left out past its bound.
   */
  static String ofWindow(WindowDigest digest) {
    MarkdownTable table = new MarkdownTable("interval", "time", "decision", "reason");
    for (WindowDigest.Span r : digest.spans()) {
      boolean one = r.first() == r.last();
      table.row(
          one ? "#" + r.first() : "#" + r.first() + " – #" + r.last(),
          one ? r.from().toString() : r.from() + " – " + r.to(),
          MarkdownSummary.decision(r.decision()),
          r.decision().reason());
    }
    if (table.isEmpty()) {
      return "No decision was taken.\n";
    }
    String more =
        digest.droppedSpans() == 0
            ? ""
            : "\n" + digest.droppedSpans() + " later changes of decision are not listed.\n";
    return table.render() + more;
  }

  /** The decisions of a rollout record: time, step, weight, decision, reason. */
  static String ofRecord(DecisionRecord record) {
    MarkdownTable table = new MarkdownTable("time", "step", "weight", "decision", "reason");
    for (Decision d : record.decisions()) {
      table.row(
          d.time().toString(),
          d.step().isPresent() ? String.valueOf(d.step().getAsInt()) : "",
          weight(d),
          d.kind().name().toLowerCase(Locale.ROOT),
          d.reason());
    }
    return table.isEmpty() ? "No decision was taken.\n" : table.render();
  }

  /** {@code 10%}, or {@code 10% (effective 20%)} when the router could only come near it. */
  static String weight(Decision d) {
    if (d.weight().isEmpty()) {
      return "";
    }
    String asked = d.weight().getAsInt() + "%";
    if (d.effectiveWeight().isEmpty()
        || Math.abs(d.effectiveWeight().getAsDouble() - d.weight().getAsInt()) < 0.05) {
      return asked;
    }
    return asked
        + " (effective "
        + io.rollgate.analysis.Numbers.format(d.effectiveWeight().getAsDouble())
        + "%)";
  }
}
