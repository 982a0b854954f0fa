package io.rollgate.pipeline;

import org.yaml.snakeyaml.nodes.Node;

/** One file being read: where its text is, and where its problems go. */
record Reading(SourceText source, Problems problems) {
  void problem(Node node, String message) {
    problems.add(source.at(node), message);
  }
}
