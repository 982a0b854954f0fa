package io.rollgate.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * What the query templates may refer to: {@code {{namespace}}}, {@code {{target}}} (stable
 * workload), {@code {{canary}}} (canary workload), {@code {{pipeline}}}, {@code {{track}}}, and the
 * pipeline's vars (which cannot override the built-in names).
 */
public record AnalysisContext(
    String pipeline, String namespace, String target, String canary, Map<String, String> vars) {
  public AnalysisContext {
    vars = Map.copyOf(vars);
  }

  /** The canary workload is conventionally {@code <target>-canary}. */
  public static AnalysisContext of(
      String pipeline, String namespace, String target, Map<String, String> vars) {
    return new AnalysisContext(pipeline, namespace, target, target + "-canary", vars);
  }

  public Map<String, String> variables(Track track) {
    Map<String, String> all = new HashMap<>(vars);
    all.put("namespace", namespace);
    all.put("target", target);
    all.put("canary", canary);
    all.put("pipeline", pipeline);
    all.put("track", track.label());
    return Map.copyOf(all);
  }
}
