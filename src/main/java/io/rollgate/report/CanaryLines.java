package io.rollgate.report;

import io.rollgate.analysis.Numbers;
import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.CanaryEvent;
import io.rollgate.canary.Decision;
import io.rollgate.pipeline.MetricSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Renders the canary's events: a line each on the terminal (or the JSON log) as it happens, and
 * every decision and measurement into the run's report, for the JSON report and the job summary.
 * The lines are the production stage's: the {@link Progress} given says so ({@code production: }
 * before each as text, {@code "stage": "production"} in JSON).
 */
public final class CanaryLines implements Consumer<CanaryEvent> {
  private final Progress progress;
  private final RunReport report;
  private final List<MetricSpec> metrics;

  public CanaryLines(Progress progress, RunReport report, List<MetricSpec> metrics) {
    this.progress = progress;
    this.report = report;
    this.metrics = List.copyOf(metrics);
  }

  @Override
  public void accept(CanaryEvent event) {
    if (event instanceof CanaryEvent.Decided d) {
      report.decision(d.decision());
      if (d.decision().kind() != Decision.Kind.CONTINUE) { // the interval's own line says it
        progress.line(decision(d.decision()));
      }
    } else if (event instanceof CanaryEvent.Measured m) {
      report.measured(m.result(), metrics);
      measured(m.result());
    } else if (event instanceof CanaryEvent.Waiting w) {
      progress.line("next action at " + w.until() + " (" + w.why() + ")");
    } else if (event instanceof CanaryEvent.Note n) {
      progress.line(n.text());
    }
    // WeightSet is told by the decision saved with it
  }

  private void measured(WindowResult w) {
    if (w.intervals().size() > 1) {
      progress.line(
          "measured "
              + w.intervals().size()
              + " intervals "
              + w.intervals().get(0).at()
              + " .. "
              + w.intervals().get(w.intervals().size() - 1).at()
              + " that passed while nothing ran (one query_range per query)");
    }
    WindowResult.Interval shown =
        w.decidedAt()
            .orElse(w.intervals().isEmpty() ? null : w.intervals().get(w.intervals().size() - 1));
    if (shown != null) {
      progress.line(DecisionText.interval(shown));
      DecisionText.details(shown, false).forEach(l -> progress.line(l.strip()));
    }
  }

  /** {@code step 2/5 at 10% (effective 20%): advance: weight 10% set ...}. */
  static String decision(Decision d) {
    StringBuilder sb = new StringBuilder();
    d.step().ifPresent(s -> sb.append("step ").append(s).append(' '));
    d.weight()
        .ifPresent(
            w -> {
              sb.append("at ").append(w).append('%');
              d.effectiveWeight()
                  .ifPresent(e -> sb.append(" (effective ").append(Numbers.format(e)).append("%)"));
              sb.append(' ');
            });
    sb.append(sb.length() == 0 ? "" : ": ");
    sb.append(d.kind().name().toLowerCase(Locale.ROOT)).append(": ").append(d.reason());
    return sb.toString().replace(" : ", ": ");
  }
}
