package io.rollgate.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variable names a pipeline and its manifests refer to ({@code ${NAME}} in a value, {@code
 * {{NAME}}} in a query template), each with the first place it is used: a {@code --set} that
 * nothing uses is a mistake (a misspelt name deploys the default without a word).
 */
final class VariableUses {
  private final Map<String, SourceLocation> firstUse = new LinkedHashMap<>();

  void add(String name, SourceLocation at) {
    firstUse.putIfAbsent(name, at);
  }

  boolean contains(String name) {
    return firstUse.containsKey(name);
  }

  Optional<SourceLocation> firstUse(String name) {
    return Optional.ofNullable(firstUse.get(name));
  }

  Set<String> names() {
    return Collections.unmodifiableSet(firstUse.keySet());
  }
}
