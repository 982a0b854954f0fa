package io.rollgate.report;

import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decision tables: one row per decision with its one-sentence reason. A run of identical "continue"
 * decisions is folded into one row, so the decisions that matter stand out.
 */
final class MarkdownDecisions {
  private MarkdownDecisions() {}

  /** The decisions of a window analysis, by interval. */
  static String ofWindow(WindowResult result) {
    List<Row> rows = new ArrayList<>();
    for (WindowResult.Interval i : result.intervals()) {
      if (i.decision().isEmpty()) {
        continue;
      }
      Verdict v = i.decision().get();
      String kind = MarkdownSummary.decision(v);
      Row previous = rows.isEmpty() ? null : rows.get(rows.size() - 1);
      if (v.kind() == Verdict.Kind.CONTINUE
          && previous != null
          && previous.kind.equals(kind)
          && previous.reason.equals(v.reason())) {
        rows.set(rows.size() - 1, previous.through(i.number(), i.at()));
      } else {
        rows.add(new Row(i.number(), i.number(), i.at(), i.at(), kind, v.reason()));
      }
    }
    MarkdownTable table = new MarkdownTable("interval", "time", "decision", "reason");
    for (Row r : rows) {
      boolean one = r.first == r.last;
      table.row(
          one ? "#" + r.first : "#" + r.first + " – #" + r.last,
          one ? r.from.toString() : r.from + " – " + r.to,
          r.kind,
          r.reason);
    }
    return table.isEmpty() ? "No decision was taken.\n" : table.render();
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

  private record Row(int first, int last, Instant from, Instant to, String kind, String reason) {
    Row through(int number, Instant at) {
      return new Row(first, number, from, at, kind, reason);
    }
  }
}
