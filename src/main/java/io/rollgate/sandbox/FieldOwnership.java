package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which field manager owns which fields of each object, kept beside the store (the sandbox does not
 * write {@code managedFields}). Enough to produce the API server's apply conflicts: a manager
 * applying a different value to a field another manager owns. Callers hold the dispatcher's lock.
 */
final class FieldOwnership {
  private final Map<String, Map<String, Set<String>>> byObject = new HashMap<>();

  /** A field another manager owns that an apply would change. */
  record Conflict(String manager, String field) {}

  List<Conflict> conflicts(
      String object, String manager, Map<String, JsonNode> applied, Map<String, JsonNode> current) {
    List<Conflict> conflicts = new ArrayList<>();
    Map<String, Set<String>> owners = byObject.getOrDefault(object, Map.of());
    applied.forEach(
        (field, value) -> {
          JsonNode now = current.get(field);
          if (now == null || now.equals(value)) {
            return;
          }
          owners.forEach(
              (owner, fields) -> {
                if (!owner.equals(manager) && fields.contains(field)) {
                  conflicts.add(new Conflict(owner, field));
                }
              });
        });
    return conflicts;
  }

  /** An apply: the manager now owns exactly the fields it applied; others lose those it changed. */
  void applied(String object, String manager, Set<String> fields, Set<String> changed) {
    Map<String, Set<String>> owners = byObject.computeIfAbsent(object, k -> new LinkedHashMap<>());
    owners.put(manager, new LinkedHashSet<>(fields));
    release(owners, manager, changed);
  }

  /** A plain write under an explicit field manager: it takes the fields it changed. */
  void updated(String object, String manager, Set<String> changed) {
    if (changed.isEmpty()) {
      return;
    }
    Map<String, Set<String>> owners = byObject.computeIfAbsent(object, k -> new LinkedHashMap<>());
    owners.computeIfAbsent(manager, k -> new LinkedHashSet<>()).addAll(changed);
    release(owners, manager, changed);
  }

  void forget(String object) {
    byObject.remove(object);
  }

  Map<String, Set<String>> owners(String object) {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    byObject.getOrDefault(object, Map.of()).forEach((m, f) -> copy.put(m, Set.copyOf(f)));
    return copy;
  }

  private static void release(Map<String, Set<String>> owners, String keeper, Set<String> fields) {
    owners.forEach(
        (owner, owned) -> {
          if (!owner.equals(keeper)) {
            owned.removeAll(fields);
          }
        });
    owners.values().removeIf(Set::isEmpty);
  }
}
