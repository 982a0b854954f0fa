package io.rollgate.pipeline;

import io.rollgate.query.QueryTemplate;
import io.rollgate.query.QueryVariables;
import io.rollgate.query.TemplateException;
import java.util.Map;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Renders a metric's query template once, offline, so a template that cannot render is bad input.
 */
final class TemplateCheck {
  private TemplateCheck() {}

  /** The template variables of the canary track ({@link QueryVariables}), to render offline. */
  static Map<String, String> values(
      String namespace, String target, String pipeline, Map<String, String> vars) {
    return QueryVariables.of(pipeline, namespace, target, vars, "canary");
  }

  static void check(ScalarNode query, String path, Reading reading, Map<String, String> values) {
    try {
      QueryTemplate.parse(query.getValue()).render(values);
    } catch (TemplateException e) {
      reading.problems().add(reading.source().at(query, e.offset()), path + ": " + e.getMessage());
    }
  }
}
