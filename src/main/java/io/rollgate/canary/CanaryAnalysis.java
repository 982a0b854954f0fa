package io.rollgate.canary;

import io.rollgate.analysis.AnalysisContext;
import io.rollgate.analysis.AnalysisCounts;
import io.rollgate.analysis.AnalysisRun;
import io.rollgate.analysis.AnalysisTick;
import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.QueryRenderer;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowAnalysis;
import io.rollgate.analysis.WindowResult;
import io.rollgate.pipeline.MetricSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;

/**
 * The canary's measurements, through the same analysis core {@code rollgate analyze} uses: the
 * intervals that fell due (one, or the many of hours in which nothing ran) with one query_range per
 * query, judged by the limits with the counts carried over from the saved state.
 */
public final class CanaryAnalysis {
  private final MetricSource source;
  private final Executor executor;

  public CanaryAnalysis(MetricSource source, Executor executor) {
    this.source = source;
    this.executor = executor;
  }

  /** The measured intervals and the counts after them. */
  public record Result(WindowResult window, AnalysisCounts counts) {}

  /**
   * Measures every interval after {@code after} up to {@code through}.
   *
   * @throws MetricQueryException Prometheus was unreachable (UNAVAILABLE) or rejected a query
   *     (BAD_QUERY): nothing was measured
   */
  public Result measure(CanaryPlan plan, CanaryState state, Instant after, Instant through)
      throws MetricQueryException, QueryRenderer.RenderException, InterruptedException {
    AnalysisRun run = AnalysisRun.forCanary(plan.analysis(), state.counts());
    WindowResult window =
        new WindowAnalysis(plan.analysis(), QueryRenderer.templates(), executor)
            .run(source, context(plan), after, through, plan.analysis().interval(), run);
    return new Result(numberedSinceStart(window, state, plan), run.counts());
  }

  /** Intervals numbered from the canary's first measurement (#1), not from this window's. */
  private static WindowResult numberedSinceStart(
      WindowResult w, CanaryState state, CanaryPlan plan) {
    long done =
        state
            .analysisStartedAt()
            .map(
                start ->
                    java.time.Duration.between(start, w.from()).toMillis()
                        / plan.analysis().interval().toMillis())
            .orElse(0L);
    List<WindowResult.Interval> renumbered = new ArrayList<>();
    for (WindowResult.Interval i : w.intervals()) {
      renumbered.add(
          new WindowResult.Interval(
              (int) (i.number() + done), i.at(), i.measurements(), i.decision()));
    }
    return new WindowResult(w.from(), w.to(), w.step(), w.fetched(), renumbered, w.verdict());
  }

  /**
   * An attempt that reached no Prometheus counts as one error per metric at {@code at}: the
   * consecutive error limit then rolls a canary back whose analysis stays blind too long.
   */
  public Result countUnreachable(CanaryPlan plan, CanaryState state, Instant at, String why) {
    AnalysisRun run = AnalysisRun.forCanary(plan.analysis(), state.counts());
    List<Measurement> errors = new ArrayList<>();
    for (MetricSpec m : plan.analysis().metrics()) {
      errors.add(
          new Measurement(
              m.name(),
              at,
              Outcome.ERROR,
              m.query(),
              Optional.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              "",
              List.of(),
              m.name() + ": " + why,
              Optional.of(MetricQueryException.Kind.UNAVAILABLE)));
    }
    Verdict v = run.record(errors);
    WindowResult window =
        new WindowResult(
            at,
            at,
            plan.analysis().interval(),
            List.of(),
            List.of(new WindowResult.Interval(1, at, errors, Optional.of(v))),
            v);
    return new Result(window, run.counts());
  }

  /**
   * Asks every query once at {@code now}, before any traffic moves: a query Prometheus rejects
   * (400/422) or a Prometheus out of reach stops the canary before it starts.
   *
   * @throws MetricQueryException BAD_QUERY or UNAVAILABLE, naming the metric
   */
  public void probe(CanaryPlan plan, Instant now)
      throws MetricQueryException, InterruptedException {
    List<Measurement> tick =
        new AnalysisTick(
                plan.analysis().metrics(),
                QueryRenderer.templates(),
                source,
                executor,
                Clock.fixed(now, ZoneOffset.UTC))
            .measure(context(plan));
    for (Measurement m : tick) {
      Optional<MetricQueryException.Kind> kind = m.errorKind();
      if (kind.isPresent()
          && (kind.get() == MetricQueryException.Kind.BAD_QUERY
              || kind.get() == MetricQueryException.Kind.UNAVAILABLE)) {
        throw new MetricQueryException(
            kind.get(), "before the canary starts, metric " + m.metric() + ": " + m.sentence());
      }
    }
  }

  static AnalysisContext context(CanaryPlan plan) {
    return AnalysisContext.of(
        plan.pipeline(), plan.namespace(), plan.targetRef().name(), plan.vars());
  }
}
