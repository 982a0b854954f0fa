package io.rollgate.analysis;

import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.MetricSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The analysis run over a past window, as the canary would have run it: ONE range query per metric
 * query and track over the whole window (concurrently), then a tick every {@code step} from {@code
 * from + step} to {@code to}, each judged by the same rules and limits as a live tick, on the slice
 * of the matrices at that time.
 */
public final class WindowAnalysis {
  private final AnalysisSpec spec;
  private final QueryRenderer renderer;
  private final Executor executor;

  public WindowAnalysis(AnalysisSpec spec, QueryRenderer renderer, Executor executor) {
    this.spec = spec;
    this.renderer = renderer;
    this.executor = executor;
  }

  /**
   * @throws MetricQueryException a query was rejected (BAD_QUERY) or Prometheus was unreachable
   *     (UNAVAILABLE): the window cannot be analysed. Other failures (QUERY_FAILED) become error
   *     measurements in every interval.
   * @throws QueryRenderer.RenderException a template does not render
   */
  public WindowResult run(
      MetricSource source, AnalysisContext context, Instant from, Instant to, Duration step)
      throws MetricQueryException, QueryRenderer.RenderException, InterruptedException {
    return run(source, context, from, to, step, AnalysisRun.of(spec));
  }

  /**
   * As {@link #run(MetricSource, AnalysisContext, Instant, Instant, Duration)}, counting on in
   * {@code run} (a canary's analysis resumed from its saved counts); {@code run} holds the counts
   * afterwards.
   */
  public WindowResult run(
      MetricSource source,
      AnalysisContext context,
      Instant from,
      Instant to,
      Duration step,
      AnalysisRun run)
      throws MetricQueryException, QueryRenderer.RenderException, InterruptedException {
    if (step.isZero() || step.isNegative() || from.plus(step).isAfter(to)) {
      throw new IllegalArgumentException(
          "the window needs a positive step and from + step <= to: " + from + " .. " + to);
    }
    Instant first = from.plus(step);
    QueryRenderer cached = memoized(renderer);
    List<RangeFetch> fetched = fetch(source, plan(context, cached), first, to, step);
    Map<String, RangeFetch> byQuery = new LinkedHashMap<>();
    fetched.forEach(f -> byQuery.putIfAbsent(f.query(), f));
    RangeSlices slices = new RangeSlices(byQuery, step);
    List<WindowResult.Interval> intervals = new ArrayList<>();
    int number = 1;
    for (Instant t = first; !t.isAfter(to); t = t.plus(step), number++) {
      AnalysisTick tick =
          new AnalysisTick(
              spec.metrics(), cached, slices, Runnable::run, Clock.fixed(t, ZoneOffset.UTC));
      List<Measurement> measurements = tick.measure(context);
      boolean wasFinal = run.isSettled();
      Verdict before = run.verdict();
      Verdict verdict = run.record(measurements);
      // a run counting past an inconclusive stop tells each later tick only when it changes
      wasFinal |= before.isFinal() && verdict.equals(before);
      intervals.add(
          new WindowResult.Interval(
              number, t, measurements, wasFinal ? Optional.empty() : Optional.of(verdict)));
    }
    return new WindowResult(from, to, step, fetched, intervals, run.finish());
  }

  private List<Planned> plan(AnalysisContext context, QueryRenderer renderer)
      throws QueryRenderer.RenderException {
    List<Planned> plan = new ArrayList<>();
    for (MetricSpec metric : spec.metrics()) {
      RenderedQueries q = RenderedQueries.of(metric, renderer, context);
      plan.add(planned(metric, RangeFetch.Role.VALUE, Track.CANARY, q.canary()));
      q.stable().ifPresent(s -> plan.add(planned(metric, RangeFetch.Role.VALUE, Track.STABLE, s)));
      q.samples()
          .ifPresent(s -> plan.add(planned(metric, RangeFetch.Role.SAMPLES, Track.CANARY, s)));
    }
    return plan;
  }

  private static Planned planned(
      MetricSpec metric, RangeFetch.Role role, Track track, String query) {
    return new Planned(metric.name(), role, track, query);
  }

  /** A range query to run, before it ran. */
  private record Planned(String metric, RangeFetch.Role role, Track track, String query) {}

  private List<RangeFetch> fetch(
      MetricSource source, List<Planned> plan, Instant first, Instant to, Duration step)
      throws MetricQueryException, InterruptedException {
    Map<String, CompletableFuture<RangeFetch>> running = new LinkedHashMap<>();
    for (Planned p : plan) {
      running.computeIfAbsent(
          p.query(),
          q -> CompletableFuture.supplyAsync(() -> fetchOne(source, p, first, to, step), executor));
    }
    try {
      CompletableFuture.allOf(running.values().toArray(new CompletableFuture<?>[0])).get();
    } catch (InterruptedException e) {
      running.values().forEach(f -> f.cancel(true));
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a range query task failed unexpectedly", e.getCause());
    }
    List<RangeFetch> out = new ArrayList<>();
    for (Planned p : plan) {
      RangeFetch got = running.get(p.query()).join();
      if (got.failure().isPresent()
          && got.failure().get().kind() != MetricQueryException.Kind.QUERY_FAILED) {
        Reading.Failed f = got.failure().get();
        throw new MetricQueryException(
            f.kind(), p.metric() + " (" + p.track().label() + "): " + f.message());
      }
      out.add(
          new RangeFetch(p.metric(), p.role(), p.track(), p.query(), got.result(), got.failure()));
    }
    return out;
  }

  private static RangeFetch fetchOne(
      MetricSource source, Planned p, Instant first, Instant to, Duration step) {
    try {
      QueryResult r = source.queryRange(p.query(), first, to, step);
      return new RangeFetch(
          p.metric(), p.role(), p.track(), p.query(), Optional.of(r), Optional.empty());
    } catch (MetricQueryException e) {
      Reading.Failed f = new Reading.Failed(e.kind(), e.getMessage());
      return new RangeFetch(
          p.metric(), p.role(), p.track(), p.query(), Optional.empty(), Optional.of(f));
    }
  }

  /**
   * Thousands of ticks render the same few queries: within one run (one context) render each
   * template once per track.
   */
  private static QueryRenderer memoized(QueryRenderer renderer) {
    Map<List<String>, String> cache = new ConcurrentHashMap<>();
    return (template, vars) -> {
      List<String> key = List.of(template, vars.getOrDefault("track", ""));
      String hit = cache.get(key);
      if (hit == null) {
        hit = renderer.render(template, vars);
        cache.put(key, hit);
      }
      return hit;
    };
  }
}
