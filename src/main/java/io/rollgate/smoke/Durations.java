package io.rollgate.smoke;

import java.time.Duration;
import java.util.Locale;

/** Durations the way the pipeline file writes them: {@code 750ms}, {@code 2s}, {@code 1.5s}. */
final class Durations {
  private Durations() {}

  static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return String.format(Locale.ROOT, "%.3fs", millis / 1000.0).replaceAll("0+s$", "s");
  }
}
