package io.rollgate.pipeline;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One file being read: where its text is, where its problems go, and which scalars hold a variable
 * that could not be resolved (already reported, so no check complains about them again).
 */
record Reading(SourceText source, Problems problems, Set<Node> unresolved) {
  Reading(SourceText source, Problems problems) {
    this(source, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  void problem(Node node, String message) {
    problems.add(source.at(node), message);
  }
}
