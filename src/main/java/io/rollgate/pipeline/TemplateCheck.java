package io.rollgate.pipeline;

import io.rollgate.query.QueryTemplate;
import io.rollgate.query.TemplateException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Renders a metric's query template once, offline, so a template that cannot render is bad input.
 */
final class TemplateCheck {
  private TemplateCheck() {}

  /**
   * The template variables of SPEC.md: every {@code vars} entry, then {@code namespace}, {@code
   * target}, {@code canary}, {@code track} and {@code pipeline} (these win over a var of the same
   * name).
   */
  static Map<String, String> values(
      String namespace, String target, String pipeline, Map<String, String> vars) {
    Map<String, String> values = new HashMap<>(vars);
    values.put("namespace", namespace);
    values.put("target", target);
    values.put("canary", target + "-canary");
    values.put("track", "canary");
    values.put("pipeline", pipeline);
    return Map.copyOf(values);
  }

  static void check(ScalarNode query, String path, Reading reading, Map<String, String> values) {
    try {
      QueryTemplate.parse(query.getValue()).render(values);
    } catch (TemplateException e) {
      reading.problems().add(reading.source().at(query, e.offset()), path + ": " + e.getMessage());
    }
  }
}
