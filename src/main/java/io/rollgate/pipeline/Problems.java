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

  private final Set<Problem> problems = new LinkedHashSet<>();

  /** Adds a problem; a very long message is cut and control characters are escaped. */
  void add(SourceLocation location, String message) {
    problems.add(new Problem(location, Excerpt.message(message)));
  }

  /** Throws {@link InvalidPipelineException} with every problem, sorted, if there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(ORDER);
      throw new InvalidPipelineException(sorted);
    }
  }
}
