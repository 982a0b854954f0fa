package io.rollgate.pipeline;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the pipeline file writes them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * and combinations from the largest unit down ({@code 1h30m}, {@code 2m30s}); at most {@link #MAX}.
 */
public final class Durations {
  /**
   * The longest duration read: 480h (20 days). Longer is a typo; and timers, HTTP clients and sums
   * of retries (up to 100 attempts) must stay far from overflowing a long of nanoseconds and an int
   * of milliseconds.
   */
  public static final Duration MAX = Duration.ofHours(480);

  private static final Pattern FORM =
      Pattern.compile("(?:([0-9]+)h)?(?:([0-9]+)m(?!s))?(?:([0-9]+)s)?(?:([0-9]+)ms)?");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException(
          "bad duration '" + Excerpt.of(text) + "', use e.g. 500ms, 30s, 5m, 1h or 1h30m");
    }
    Duration duration;
    try {
      duration =
          Duration.ofHours(part(m, 1))
              .plusMinutes(part(m, 2))
              .plusSeconds(part(m, 3))
              .plusMillis(part(m, 4));
    } catch (ArithmeticException | NumberFormatException e) {
      duration = MAX.plusMillis(1);
    }
    if (duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "duration '" + Excerpt.of(text) + "' is too long: at most " + format(MAX));
    }
    return duration;
  }

  /**
   * The shortest text {@link #parse} reads back as {@code duration}, e.g. {@code 1h30m}, {@code
   * 0s}.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + duration);
    }
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    append(out, duration.toHours(), "h");
    append(out, duration.toMinutesPart(), "m");
    append(out, duration.toSecondsPart(), "s");
    append(out, duration.toMillisPart(), "ms");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount > 0) {
      out.append(amount).append(unit);
    }
  }

  private static long part(Matcher m, int group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
