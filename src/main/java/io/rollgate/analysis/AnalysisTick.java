package io.rollgate.analysis;

import io.rollgate.failure.Failures;
import io.rollgate.pipeline.MetricSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One analysis tick: renders every metric's queries (canary; stable when the metric compares; the
 * {@code minSamples} query), runs them all at once on a bounded executor against a {@link
 * MetricSource}, all at the same evaluation time from the injected clock, and judges each metric. A
 * query rendered the same for both tracks runs once.
 */
public final class AnalysisTick {
  private final List<MetricSpec> metrics;
  private final QueryRenderer renderer;
  private final MetricSource source;
  private final Executor executor;
  private final Clock clock;

  public AnalysisTick(
      List<MetricSpec> metrics,
      QueryRenderer renderer,
      MetricSource source,
      Executor executor,
      Clock clock) {
    this.metrics = List.copyOf(metrics);
    this.renderer = renderer;
    this.source = source;
    this.executor = executor;
    this.clock = clock;
  }

  /** A fixed pool of daemon threads for ticks; the caller shuts it down. */
  public static ExecutorService boundedExecutor(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "rollgate-analysis-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public List<Measurement> measure(AnalysisContext context) throws InterruptedException {
    Instant at = clock.instant();
    Map<String, CompletableFuture<Answer>> running = new LinkedHashMap<>();
    List<Object> plans =
        new ArrayList<>(); // RenderedQueries, or the Measurement of a template that failed
    for (MetricSpec metric : metrics) {
      try {
        RenderedQueries q = RenderedQueries.of(metric, renderer, context);
        plans.add(q);
        start(running, q.canary(), at);
        q.stable().ifPresent(s -> start(running, s, at));
        q.samples().ifPresent(s -> start(running, s, at));
      } catch (QueryRenderer.RenderException e) {
        RenderedQueries raw =
            new RenderedQueries(metric.query(), Optional.empty(), Optional.empty());
        plans.add(
            MetricEvaluator.error(
                metric,
                at,
                raw,
                MetricQueryException.Kind.BAD_QUERY,
                "template does not render: " + e.getMessage()));
      }
    }
    await(running);
    List<Measurement> out = new ArrayList<>(metrics.size());
    for (int i = 0; i < metrics.size(); i++) {
      if (plans.get(i) instanceof Measurement m) {
        out.add(m);
      } else {
        out.add(judge(metrics.get(i), (RenderedQueries) plans.get(i), running, at));
      }
    }
    return List.copyOf(out);
  }

  private void start(Map<String, CompletableFuture<Answer>> running, String query, Instant at) {
    running.computeIfAbsent(query, q -> CompletableFuture.supplyAsync(() -> ask(q, at), executor));
  }

  private Answer ask(String query, Instant at) {
    try {
      return new Answer(Optional.of(source.query(query, at)), Optional.empty());
    } catch (MetricQueryException e) {
      return new Answer(Optional.empty(), Optional.of(e));
    } catch (RuntimeException e) {
      MetricQueryException wrapped =
          new MetricQueryException(
              MetricQueryException.Kind.QUERY_FAILED, "unexpected " + Failures.kind(e), e);
      return new Answer(Optional.empty(), Optional.of(wrapped));
    }
  }

  private static void await(Map<String, CompletableFuture<Answer>> running)
      throws InterruptedException {
    try {
      CompletableFuture.allOf(running.values().toArray(new CompletableFuture<?>[0])).get();
    } catch (InterruptedException e) {
      running.values().forEach(f -> f.cancel(true));
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("an analysis query task failed unexpectedly", e.getCause());
    }
  }

  private Measurement judge(
      MetricSpec metric,
      RenderedQueries q,
      Map<String, CompletableFuture<Answer>> running,
      Instant at) {
    List<String> warnings = new ArrayList<>();
    Reading canary = reading(running.get(q.canary()).join(), at, warnings);
    Optional<Reading> stable = q.stable().map(s -> reading(running.get(s).join(), at, warnings));
    Optional<Reading> samples = q.samples().map(s -> reading(running.get(s).join(), at, warnings));
    return MetricEvaluator.evaluate(
        metric, at, q, canary, stable, samples, warnings.stream().distinct().toList());
  }

  private Reading reading(Answer answer, Instant at, List<String> warnings) {
    if (answer.failure().isPresent()) {
      return Readings.of(answer.failure().get());
    }
    QueryResult result = answer.result().orElseThrow();
    warnings.addAll(result.warnings());
    return Readings.of(result);
  }

  private record Answer(Optional<QueryResult> result, Optional<MetricQueryException> failure) {}
}
