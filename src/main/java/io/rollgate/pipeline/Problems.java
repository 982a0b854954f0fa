package io.rollgate.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem found while loading, so they are all reported at once. */
final class Problems {
  private static final Comparator<Problem> ORDER =
      Comparator.comparing((Problem p) -> p.location().file().toString())
          .thenComparingInt(p -> p.location().line())
          .thenComparingInt(p -> p.location().column());

  /** Most problems reported at once. */
  static final int MAX_SHOWN = 100;

  private final Set<Problem> problems = new LinkedHashSet<>();

  /** Adds a problem; a very long message is cut and control characters are escaped. */
  void add(SourceLocation location, String message) {
    problems.add(new Problem(location, Excerpt.message(message)));
  }

  /**
   * Throws {@link InvalidPipelineException} with every problem, sorted, if there is any: at most
   * {@link #MAX_SHOWN}, then one line that counts the rest (a file with a mistake repeated a
   * million times gives a page, not megabytes).
   */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(ORDER);
      if (sorted.size() > MAX_SHOWN) {
        Problem next = sorted.get(MAX_SHOWN);
        int more = sorted.size() - MAX_SHOWN;
        sorted = new ArrayList<>(sorted.subList(0, MAX_SHOWN));
        sorted.add(
            new Problem(
                next.location(),
                "and " + more + " more problem" + (more == 1 ? "" : "s") + " from here on"));
      }
      throw new InvalidPipelineException(sorted);
    }
  }
}
