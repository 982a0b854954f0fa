package io.rollgate.pipeline;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One file being read: where its text is, where its problems go, which scalars hold a variable that
 * could not be resolved (already reported, so no check complains about them again), and where the
 * variables it uses are recorded (shared by every file of one pipeline).
 */
record Reading(SourceText source, Problems problems, Set<Node> unresolved, VariableUses uses) {
  Reading(SourceText source, Problems problems, VariableUses uses) {
    this(source, problems, Collections.newSetFromMap(new IdentityHashMap<>()), uses);
  }

  void problem(Node node, String message) {
    problems.add(source.at(node), message);
  }
}
