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
 * The analysis run over a past window, as the canary would have run it: range queries per metric
 * query and track (concurrently), then a tick every {@code step} from {@code from + step} to {@code
 * to}, each judged by the same rules and limits as a live tick, on the slice of the matrices at
 * that time.
 *
 * <p>Two ways to run it. {@link #run} asks ONE range query per query over the whole window and
 * returns every interval: the canary's short windows. {@link #stream} asks them chunk by chunk
 * ({@value #CHUNK_INTERVALS} intervals each), hands each interval on as it is judged and keeps
 * none, so memory stays flat whatever the window's length: {@code rollgate analyze}.
 */
public final class WindowAnalysis {
  /**
   * Intervals per chunk of a streamed analysis: with the step before it, 10,000 points, one request
   * of the Prometheus client (which splits longer ranges, below Prometheus' limit of 11,000 points
   * per series).
   */
  public static final int CHUNK_INTERVALS = 9_999;

  /** What a streamed analysis hands on, in order. */
  public interface Listener {
    /** The range queries of one chunk, before its intervals are judged. */
    default void fetched(List<RangeFetch> chunk) {}

    /** One judged interval. */
    void interval(WindowResult.Interval interval);
  }

  /** How far a streamed analysis goes. */
  public enum Extent {
    /**
     * Up to the interval that settles the verdict: a settled verdict no later measurement changes,
     * so the rest of the window is neither fetched nor judged.
     */
    UNTIL_SETTLED,
    /** Every interval of the window, also after the verdict settled. */
    WHOLE_WINDOW
  }

  private final AnalysisSpec spec;
  private final QueryRenderer renderer;
  private final Executor executor;
  private final int chunkIntervals;

  public WindowAnalysis(AnalysisSpec spec, QueryRenderer renderer, Executor executor) {
    this(spec, renderer, executor, CHUNK_INTERVALS);
  }

  /** For tests: chunks of {@code chunkIntervals} intervals in {@link #stream}. */
  WindowAnalysis(AnalysisSpec spec, QueryRenderer renderer, Executor executor, int chunkIntervals) {
    if (chunkIntervals < 1) {
      throw new IllegalArgumentException(
          "a chunk needs at least 1 interval, was " + chunkIntervals);
    }
    this.spec = spec;
    this.renderer = renderer;
    this.executor = executor;
    this.chunkIntervals = chunkIntervals;
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
    List<RangeFetch> fetched = new ArrayList<>();
    List<WindowResult.Interval> intervals = new ArrayList<>();
    Verdict verdict =
        judge(
            source,
            context,
            from,
            to,
            step,
            run,
            Long.MAX_VALUE,
            Extent.WHOLE_WINDOW,
            new Listener() {
              @Override
              public void fetched(List<RangeFetch> chunk) {
                fetched.addAll(chunk);
              }

              @Override
              public void interval(WindowResult.Interval interval) {
                intervals.add(interval);
              }
            });
    return new WindowResult(from, to, step, fetched, intervals, verdict);
  }

  /**
   * The analysis over a window of any length, in memory bounded by one chunk: the range queries are
   * asked for {@value #CHUNK_INTERVALS} intervals at a time, each chunk's intervals judged and
   * handed to {@code listener} in order, then dropped. Each chunk after the first also asks the
   * step before its first interval, so an interval at a chunk's start sees the same points (t -
   * step, t] as in one query over the whole window: the verdicts and intervals are those of {@link
   * #run}.
   *
   * @param extent whether to stop at the interval that settles the verdict
   * @return the final verdict ({@link AnalysisRun#finish()})
   * @throws MetricQueryException as {@link #run}, for the first chunk that meets it: the intervals
   *     of the chunks before it were handed on already
   */
  public Verdict stream(
      MetricSource source,
      AnalysisContext context,
      Instant from,
      Instant to,
      Duration step,
      Extent extent,
      Listener listener)
      throws MetricQueryException, QueryRenderer.RenderException, InterruptedException {
    return judge(
        source, context, from, to, step, AnalysisRun.of(spec), chunkIntervals, extent, listener);
  }

  /** How many intervals a window holds: one every {@code step} from {@code from + step}. */
  public static long intervals(Instant from, Instant to, Duration step) {
    if (step.isZero() || step.isNegative() || from.plus(step).isAfter(to)) {
      return 0;
    }
    return Duration.between(from, to).dividedBy(step);
  }

  private Verdict judge(
      MetricSource source,
      AnalysisContext context,
      Instant from,
      Instant to,
      Duration step,
      AnalysisRun run,
      long chunkIntervals,
      Extent extent,
      Listener listener)
      throws MetricQueryException, QueryRenderer.RenderException, InterruptedException {
    if (step.isZero() || step.isNegative() || from.plus(step).isAfter(to)) {
      throw new IllegalArgumentException(
          "the window needs a positive step and from + step <= to: " + from + " .. " + to);
    }
    QueryRenderer cached = memoized(renderer);
    List<Planned> plan = plan(context, cached);
    long total = intervals(from, to, step);
    int number = 1;
    for (long done = 0; done < total; ) {
      long size = Math.min(chunkIntervals, total - done);
      Instant first = from.plus(step.multipliedBy(done + 1));
      Instant last = from.plus(step.multipliedBy(done + size));
      // a later chunk also asks the step before it, which the previous chunk's last interval saw;
      // the last chunk asks up to the window's end, as one query over the whole window does
      Instant start = done == 0 ? first : first.minus(step);
      Instant end = done + size == total ? to : last;
      List<RangeFetch> fetched = fetch(source, plan, start, end, step);
      listener.fetched(fetched);
      Map<String, RangeFetch> byQuery = new LinkedHashMap<>();
      fetched.forEach(f -> byQuery.putIfAbsent(f.query(), f));
      RangeSlices slices = new RangeSlices(byQuery, step);
      for (Instant t = first; !t.isAfter(last); t = t.plus(step), number++) {
        AnalysisTick tick =
            new AnalysisTick(
                spec.metrics(), cached, slices, Runnable::run, Clock.fixed(t, ZoneOffset.UTC));
        List<Measurement> measurements = tick.measure(context);
        boolean wasFinal = run.isSettled();
        Verdict before = run.verdict();
        Verdict verdict = run.record(measurements);
        // a run counting past an inconclusive stop tells each later tick only when it changes
        wasFinal |= before.isFinal() && verdict.equals(before);
        listener.interval(
            new WindowResult.Interval(
                number, t, measurements, wasFinal ? Optional.empty() : Optional.of(verdict)));
        if (extent == Extent.UNTIL_SETTLED && run.isSettled()) {
          return run.finish();
        }
      }
      done += size;
    }
    return run.finish();
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
