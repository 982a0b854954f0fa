package io.rollgate.kube;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Server-side apply refused (409): fields Rollgate would change are owned by another field manager,
 * e.g. someone ran {@code kubectl scale} or {@code kubectl edit}. Rerunning with {@code
 * --force-conflicts} takes those fields over.
 */
public final class FieldConflictException extends ApplyException {
  private final List<Conflict> conflicts;

  /** One field another manager owns. */
  public record Conflict(String manager, String field) {}

  public FieldConflictException(
      String objectId, List<Conflict> conflicts, String serverMessage, Throwable cause) {
    super(describe(objectId, conflicts, serverMessage), objectId, 409, serverMessage, cause);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  /** The other field managers involved, in the order the server named them. */
  public Set<String> managers() {
    return conflicts.stream()
        .map(Conflict::manager)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static String describe(String objectId, List<Conflict> conflicts, String serverMessage) {
    String what =
        conflicts.isEmpty()
            ? serverMessage
            : conflicts.stream()
                .collect(
                    Collectors.groupingBy(
                        Conflict::manager,
                        java.util.LinkedHashMap::new,
                        Collectors.mapping(Conflict::field, Collectors.joining(", "))))
                .entrySet()
                .stream()
                .map(e -> "field manager \"" + e.getKey() + "\" owns " + e.getValue())
                .collect(Collectors.joining("; "));
    return "applying "
        + objectId
        + " conflicts with another field manager: "
        + what
        + ". Rerun with --force-conflicts to take these fields over.";
  }
}
