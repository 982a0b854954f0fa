package io.rollgate.analysis;

import io.rollgate.query.QueryVariables;
import java.util.Map;

/**
 * Who the analysis is about: the pipeline, the production namespace, the stable workload and the
 * pipeline's vars. {@link #variables(Track)} gives the template variables ({@link QueryVariables}).
 */
public record AnalysisContext(
    String pipeline, String namespace, String target, Map<String, String> vars) {
  public AnalysisContext {
    vars = Map.copyOf(vars);
  }

  public static AnalysisContext of(
      String pipeline, String namespace, String target, Map<String, String> vars) {
    return new AnalysisContext(pipeline, namespace, target, vars);
  }

  /** The canary workload, conventionally {@code <target>-canary}. */
  public String canary() {
    return QueryVariables.canaryOf(target);
  }

  public Map<String, String> variables(Track track) {
    return QueryVariables.of(pipeline, namespace, target, vars, track.label());
  }
}
