package io.rollgate.analysis;

import io.rollgate.pipeline.MetricSpec;
import java.util.Optional;

/**
 * The queries one metric runs in one tick, rendered: canary always, stable to compare, the sample
 * count.
 */
public record RenderedQueries(String canary, Optional<String> stable, Optional<String> samples) {

  /**
   * Renders the metric's query for the canary (and for stable when it compares), and its minSamples
   * query for the canary.
   */
  public static RenderedQueries of(
      MetricSpec metric, QueryRenderer renderer, AnalysisContext context)
      throws QueryRenderer.RenderException {
    String canary = renderer.render(metric.query(), context.variables(Track.CANARY));
    Optional<String> stable = Optional.empty();
    if (metric.compare().isPresent()) {
      stable = Optional.of(renderer.render(metric.query(), context.variables(Track.STABLE)));
    }
    Optional<String> samples = Optional.empty();
    if (metric.minSamples().isPresent()) {
      samples =
          Optional.of(
              renderer.render(metric.minSamples().get().query(), context.variables(Track.CANARY)));
    }
    return new RenderedQueries(canary, stable, samples);
  }
}
