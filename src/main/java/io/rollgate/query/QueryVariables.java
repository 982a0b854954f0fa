package io.rollgate.query;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables a metric's query template may use (SPEC.md): every pipeline {@code vars} entry,
 * then {@code namespace}, {@code target} (the stable workload), {@code canary} ({@code
 * <target>-canary}), {@code pipeline} and {@code track} ({@code canary} or {@code stable}). The
 * built-in names win over a var of the same name. One definition for the validator, which renders
 * every template once offline, and for the analysis, which renders them per track.
 */
public final class QueryVariables {
  private QueryVariables() {}

  public static Map<String, String> of(
      String pipeline, String namespace, String target, Map<String, String> vars, String track) {
    Map<String, String> all = new HashMap<>(vars);
    all.put("namespace", namespace);
    all.put("target", target);
    all.put("canary", canaryOf(target));
    all.put("pipeline", pipeline);
    all.put("track", track);
    return Map.copyOf(all);
  }

  /** The canary workload of a target: conventionally {@code <target>-canary}. */
  public static String canaryOf(String target) {
    return target + "-canary";
  }
}
