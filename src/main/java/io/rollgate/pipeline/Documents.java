package io.rollgate.pipeline;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The documents of a pipeline or manifest file, as nodes with their marks: read as JSON when the
 * text starts as JSON does ({@code {} or {@code [}), as kubectl decides; as YAML otherwise, or when
 * a file not named {@code *.json} turns out not to be JSON (YAML's flow style also starts so).
 */
final class Documents {
  private Documents() {}

  /** Every non-empty document; a syntax error ends the list and becomes a problem. */
  static List<Node> compose(SourceText source, String text, Problems problems) {
    if (JsonText.looksLikeJson(text)) {
      try {
        return JsonText.composeAll(text).stream().filter(d -> !YamlTree.isEmpty(d)).toList();
      } catch (JsonText.BadJson e) {
        if (source.file().getFileName().toString().endsWith(".json")) {
          problems.add(e.at(source), "bad JSON: " + e.getMessage());
          return List.of();
        }
      }
    }
    return YamlTree.composeAll(source, text, problems);
  }
}
