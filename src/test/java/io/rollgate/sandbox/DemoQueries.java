package io.rollgate.sandbox;

import io.rollgate.analysis.AnalysisContext;
import io.rollgate.analysis.QueryRenderer;
import io.rollgate.analysis.Track;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.query.QueryTemplate;
import io.rollgate.query.TemplateException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled demo pipeline's production analysis, loaded as {@code rollgate} loads it, its queries
 * rendered with {@link QueryTemplate} per track as the production analysis renders them.
 */
final class DemoQueries {
  static final Path DEMO = Path.of("pipelines", "demo.yaml");
  static final String NAMESPACE = "checkout";

  private final LoadedPipeline pipeline =
      new PipelineLoader(Map.of()).load(DEMO, Map.of(), Optional.empty());

  ProductionSpec production() {
    return pipeline.spec().production().orElseThrow();
  }

  AnalysisSpec analysis() {
    return production().canary().analysis();
  }

  MetricSpec metric(String name) {
    return analysis().metrics().stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metric " + name + " in " + DEMO));
  }

  AnalysisContext context() {
    return AnalysisContext.of(
        pipeline.spec().name(),
        production().namespace(),
        production().canary().target().name(),
        pipeline.spec().vars());
  }

  /** The metric's query as the analysis sends it for {@code track}. */
  String query(String metric, Track track) {
    try {
      return renderer().render(metric(metric).query(), context().variables(track));
    } catch (QueryRenderer.RenderException e) {
      throw new IllegalStateException(e);
    }
  }

  static QueryRenderer renderer() {
    return (template, variables) -> {
      try {
        return QueryTemplate.parse(template).render(variables);
      } catch (TemplateException e) {
        throw new QueryRenderer.RenderException(e.getMessage(), e);
      }
    };
  }
}
