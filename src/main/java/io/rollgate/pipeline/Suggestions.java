package io.rollgate.pipeline;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for a misspelt field or name: the closest known word by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /** The closest of {@code known} to {@code word}, if one is close enough to be a misspelling. */
  public static Optional<String> closest(String word, Collection<String> known) {
    String lower = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, word.length() / 3);
    return known.stream()
        // the distance is at least the difference in length: no need to compute it past the limit
        .filter(k -> Math.abs(k.length() - word.length()) <= limit)
        .filter(k -> distance(lower, k.toLowerCase(Locale.ROOT)) <= limit)
        .min(
            Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(Locale.ROOT)))
                .thenComparing(k -> k));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
