package io.rollgate.pipeline;

import io.rollgate.query.QueryTemplate;
import io.rollgate.query.QueryVariables;
import io.rollgate.query.TemplateException;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Renders a metric's query template once, offline, so a template that cannot render is bad input.
 */
final class TemplateCheck {
  /** Names a template may use that are not variables (they win over a var of the same name). */
  private static final Set<String> BUILT_IN = QueryVariables.of("", "", "", Map.of(), "").keySet();

  private TemplateCheck() {}

  /** The template variables of the canary track ({@link QueryVariables}), to render offline. */
  static Map<String, String> values(
      String namespace, String target, String pipeline, Map<String, String> vars) {
    return QueryVariables.of(pipeline, namespace, target, vars, "canary");
  }

  /** Renders the template once; records the variables it uses (not the built-in names). */
  static void check(ScalarNode query, String path, Reading reading, Map<String, String> values) {
    try {
      QueryTemplate template = QueryTemplate.parse(query.getValue());
      template.variables().stream()
          .filter(name -> !BUILT_IN.contains(name))
          .forEach(name -> reading.uses().add(name, reading.source().at(query)));
      template.render(values);
    } catch (TemplateException e) {
      reading.problems().add(reading.source().at(query, e.offset()), path + ": " + e.getMessage());
    }
  }
}
