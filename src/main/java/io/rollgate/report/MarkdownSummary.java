package io.rollgate.report;

import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowDigest;
import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.DecisionRecord;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.MetricSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Markdown summary of a run or of an analysis (for {@code $GITHUB_STEP_SUMMARY}): pure text, no
 * I/O. Every value from outside lands escaped in a table cell or heading, so no message can break
 * the page.
 */
public final class MarkdownSummary {
  /** About how many intervals an analysis' charts show: a digest's sample needs no more. */
  public static final int CHART_POINTS = MarkdownChart.MAX_POINTS;

  private MarkdownSummary() {}

  /** A staging run or demo: outcome and exit code, every action, the notes. */
  public static String of(RunReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ")
        .append(report.exitCode() == 0 ? "✅" : "❌")
        .append(" rollgate ")
        .append(MarkdownTable.inline(report.command()))
        .append(" ")
        .append(MarkdownTable.inline(report.pipeline()))
        .append(": ")
        .append(MarkdownTable.inline(report.outcome()))
        .append(" (exit ")
        .append(report.exitCode())
        .append(")\n\n");
    if (!report.message().isBlank()) {
      sb.append(MarkdownTable.inline(report.message())).append("\n\n");
    }
    sb.append("Started ").append(report.started());
    report
        .finished()
        .ifPresent(f -> sb.append(", took ").append(took(Duration.between(report.started(), f))));
    sb.append(".\n\n");
    MarkdownTable actions = new MarkdownTable("action", "subject", "outcome", "took", "message");
    for (ActionRecord a : report.actions()) {
      actions.row(
          a.action(),
          a.subject(),
          a.outcome().name().toLowerCase(Locale.ROOT),
          took(a.took()),
          a.message());
    }
    sb.append(actions.isEmpty() ? "No actions were taken.\n" : actions.render());
    if (!report.decisions().isEmpty()) {
      sb.append("\n### Canary decisions\n\n")
          .append(
              MarkdownDecisions.ofRecord(io.rollgate.canary.DecisionRecord.of(report.decisions())));
    }
    List<WindowResult.Interval> measured = renumbered(report.measurements());
    if (!measured.isEmpty() && !report.metrics().isEmpty()) {
      sb.append("\n### Canary value per interval\n\n");
      List<WindowResult.Interval> sampled = MarkdownChart.sample(measured, Optional.empty());
      if (sampled.size() < measured.size()) {
        sb.append("Showing ")
            .append(sampled.size())
            .append(" of ")
            .append(measured.size())
            .append(" intervals, evenly spaced.\n\n");
      }
      report.metrics().forEach(m -> sb.append(MarkdownChart.render(m, sampled)).append('\n'));
    }
    List<String> notes = report.notes();
    if (!notes.isEmpty()) {
      sb.append("\n**Notes**\n\n");
      notes.forEach(n -> sb.append("- ").append(MarkdownTable.inline(n)).append('\n'));
    }
    return sb.toString();
  }

  /**
   * {@code rollgate analyze}: the verdict in words, the decisions and their reasons, the last
   * measurement of every metric, and one chart per metric.
   *
   * @param metrics the analysis' metrics, for the chart's thresholds
   */
  public static String of(String pipeline, WindowResult result, List<MetricSpec> metrics) {
    return of(pipeline, WindowDigest.of(result, MarkdownChart.MAX_POINTS), metrics);
  }

  /**
   * As {@link #of(String, WindowResult, List)}, from what a streamed analysis kept: its charts show
   * the digest's sample ({@link MarkdownChart#MAX_POINTS} points is enough).
   */
  public static String of(String pipeline, WindowDigest digest, List<MetricSpec> metrics) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ")
        .append(icon(digest.verdict()))
        .append(" ")
        .append(MarkdownTable.inline("rollgate analyze " + pipeline))
        .append(": ")
        .append(verdict(digest.verdict(), digest.decidedAt()))
        .append("\n\n");
    sb.append(MarkdownTable.inline(digest.verdict().reason())).append(".\n\n");
    sb.append("Window ")
        .append(digest.from())
        .append(" .. ")
        .append(digest.to())
        .append(", step ")
        .append(Durations.format(digest.step()))
        .append(", ")
        .append(digest.expected())
        .append(" intervals, ")
        .append(metrics.size())
        .append(" metrics.");
    if (digest.intervals() < digest.expected()) {
      sb.append(" Judged up to interval #")
          .append(digest.intervals())
          .append(", where the verdict settled; the rest of the window was not fetched.");
    }
    sb.append("\n\n");
    sb.append("### Decisions\n\n").append(MarkdownDecisions.ofWindow(digest)).append('\n');
    Optional<WindowResult.Interval> last = digest.decidedAt().or(digest::last);
    last.ifPresent(i -> sb.append(MarkdownMeasurements.of(i)).append('\n'));
    List<WindowResult.Interval> sampled = digest.sample();
    if (!sampled.isEmpty()) {
      sb.append("### Canary value per interval\n\n");
      if (sampled.size() < digest.intervals()) {
        sb.append("Showing ")
            .append(sampled.size())
            .append(" of ")
            .append(digest.intervals())
            .append(" intervals, evenly spaced.\n\n");
      }
      metrics.forEach(m -> sb.append(MarkdownChart.render(m, sampled)).append('\n'));
    }
    return sb.toString();
  }

  /** Every interval the canary measured, numbered 1.. in the order measured. */
  private static List<WindowResult.Interval> renumbered(List<WindowResult> windows) {
    List<WindowResult.Interval> all = new java.util.ArrayList<>();
    for (WindowResult w : windows) {
      for (WindowResult.Interval i : w.intervals()) {
        all.add(new WindowResult.Interval(all.size() + 1, i.at(), i.measurements(), i.decision()));
      }
    }
    return all;
  }

  /** The decisions of a rollout, one row each: time, step, weight, decision, reason. */
  public static String decisions(DecisionRecord record) {
    return MarkdownDecisions.ofRecord(record);
  }

  /** The verdict in words: would promote, would roll back at T, inconclusive at T... */
  static String verdict(WindowResult result) {
    return verdict(result.verdict(), result.decidedAt());
  }

  private static String verdict(Verdict verdict, Optional<WindowResult.Interval> decidedAt) {
    String at = decidedAt.map(i -> " at " + i.at() + " (interval #" + i.number() + ")").orElse("");
    return switch (verdict.kind()) {
      case PASS, CONTINUE -> "would promote";
      case ROLLBACK -> "would roll back" + at;
      case INCONCLUSIVE -> "inconclusive" + at + ", would wait for a person";
      case BAD_QUERY -> "would stop before any traffic moves" + at;
    };
  }

  private static String icon(Verdict v) {
    return switch (v.kind()) {
      case PASS, CONTINUE -> "✅";
      case ROLLBACK -> "❌";
      case INCONCLUSIVE -> "⏸️";
      case BAD_QUERY -> "⛔";
    };
  }

  static String decision(Verdict v) {
    return v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** {@code 350 ms}, {@code 2.4 s}, {@code 3m 5s}, {@code 1h 2m}. */
  static String took(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (d.toHours() == 0) {
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
    return d.toHours() + "h " + d.toMinutesPart() + "m";
  }
}
