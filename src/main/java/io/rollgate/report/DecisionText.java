package io.rollgate.report;

import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Numbers;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Terminal lines for measurements, intervals and the decision a window analysis would have taken.
 */
public final class DecisionText {
  private DecisionText() {}

  /**
   * {@code error-rate 0.083 FAILED}, {@code errors-vs-stable 0.004/0.002 ok}, {@code p99 -
   * inconclusive}.
   */
  public static String cell(Measurement m) {
    String value = value(m.canary());
    if (m.stableQuery().isPresent()) {
      value += "/" + value(m.stable());
    }
    return m.metric() + " " + value + " " + outcome(m.outcome());
  }

  /** One interval on one line: number, time, every metric, and the decision at that point. */
  public static String interval(WindowResult.Interval interval) {
    List<String> cells = new ArrayList<>();
    interval.measurements().forEach(m -> cells.add(cell(m)));
    String decision = interval.decision().map(DecisionText::decision).orElse("(decided)");
    return String.format(
        "#%-4d %s  %s  -> %s",
        interval.number(), interval.at(), String.join(" | ", cells), decision);
  }

  /** The sentences of an interval's measurements that did not succeed, indented, one per line. */
  public static List<String> details(WindowResult.Interval interval, boolean all) {
    List<String> lines = new ArrayList<>();
    for (Measurement m : interval.measurements()) {
      if (all || m.outcome() != Outcome.SUCCESSFUL) {
        lines.add("      " + m.sentence());
        m.warnings().forEach(w -> lines.add("      warning: " + w));
      }
    }
    return lines;
  }

  /** What the canary would have done, in one line. */
  public static String conclusion(WindowResult result) {
    return conclusion(result.verdict(), result.decidedAt());
  }

  /** As {@link #conclusion(WindowResult)}: the verdict and the interval that made it final. */
  public static String conclusion(Verdict v, Optional<WindowResult.Interval> decidedAt) {
    String where =
        decidedAt.map(i -> " at " + i.at() + " (interval #" + i.number() + ")").orElse("");
    return switch (v.kind()) {
      case PASS, CONTINUE -> "would promote: " + v.reason();
      case ROLLBACK -> "would roll back" + where + ": " + v.reason();
      case INCONCLUSIVE -> "would wait for a person" + where + ": " + v.reason();
      case BAD_QUERY -> "would stop before any traffic moves" + where + ": " + v.reason();
    };
  }

  private static String decision(Verdict v) {
    return v.kind() == Verdict.Kind.CONTINUE ? "continue" : v.kind().name();
  }

  private static String value(OptionalDouble v) {
    return v.isPresent() ? Numbers.format(v.getAsDouble()) : "-";
  }

  private static String outcome(Outcome o) {
    return switch (o) {
      case SUCCESSFUL -> "ok";
      case FAILED -> "FAILED";
      case INCONCLUSIVE -> "inconclusive";
      case ERROR -> "ERROR";
    };
  }
}
