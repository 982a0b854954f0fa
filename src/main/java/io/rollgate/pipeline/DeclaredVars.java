package io.rollgate.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@code spec.vars}, read before substitution (its values are taken literally: a var does not refer
 * to other variables).
 */
record DeclaredVars(Map<String, String> values, Optional<Node> node) {
  static DeclaredVars read(Node document, Reading reading) {
    Optional<Node> vars =
        YamlTree.child(document, "spec").flatMap(spec -> YamlTree.child(spec, "vars"));
    Map<String, String> values = new LinkedHashMap<>();
    if (vars.isPresent() && vars.get() instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key) || !Variables.isName(key.getValue())) {
          reading.problem(
              tuple.getKeyNode(),
              "spec.vars: names are letters, digits and '_', not starting with a digit");
        } else if (!(tuple.getValueNode() instanceof ScalarNode value)) {
          reading.problem(
              tuple.getValueNode(), "spec.vars." + key.getValue() + ": must be a single value");
        } else if (value.getValue().contains("${")) {
          // taken literally, '${OTHER}' would reach the manifests as those characters: a silent
          // wrong deploy (an image named '${CI_IMAGE}')
          reading.problem(
              value,
              "spec.vars."
                  + key.getValue()
                  + ": a var's value is taken literally and cannot refer to a variable ('"
                  + Excerpt.of(value.getValue())
                  + "'); give the value itself, or use the variable where "
                  + key.getValue()
                  + " is used");
        } else if (values.putIfAbsent(key.getValue(), value.getValue()) != null) {
          reading.problem(key, "spec.vars." + key.getValue() + ": duplicate field");
        }
      }
    } else if (vars.isPresent()
        && !(vars.get() instanceof ScalarNode s && s.getValue().isEmpty())) {
      reading.problem(vars.get(), "spec.vars: must be a mapping, was " + Fields.kindOf(vars.get()));
    }
    return new DeclaredVars(Map.copyOf(values), vars);
  }
}
