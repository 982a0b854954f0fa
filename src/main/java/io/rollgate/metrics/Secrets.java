package io.rollgate.metrics;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The credential values one client holds, so that any text it puts into a message (a server's error
 * body, a warning, a cause's message) can be scrubbed of them first.
 */
final class Secrets {
  static final String MASK = "<redacted>";

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  static Secrets of(Collection<String> values) {
    return new Secrets(
        values.stream()
            .filter(Objects::nonNull)
            .filter(v -> !v.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  /** {@code text} with every known secret value replaced by {@link #MASK}. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String v : values) {
      out = out.replace(v, MASK);
    }
    return out;
  }

  /**
   * {@code cause} itself when no message in its chain holds a secret; otherwise a stand-in chain
   * with scrubbed messages, the original class names and stack traces.
   */
  Throwable scrub(Throwable cause) {
    if (!leaks(cause)) {
      return cause;
    }
    Throwable inner =
        cause.getCause() == null || cause.getCause() == cause ? null : scrub(cause.getCause());
    ScrubbedException copy =
        new ScrubbedException(cause.getClass().getName(), scrub(cause.getMessage()), inner);
    copy.setStackTrace(cause.getStackTrace());
    return copy;
  }

  private boolean leaks(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (!scrub(c.getMessage()).equals(c.getMessage() == null ? "" : c.getMessage())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Secrets[" + values.size() + " values]";
  }

  /** Stands in for an exception whose message held a secret; prints the original type. */
  static final class ScrubbedException extends Exception {
    private final String originalType;

    ScrubbedException(String originalType, String message, Throwable cause) {
      super(message, cause);
      this.originalType = originalType;
    }

    String originalType() {
      return originalType;
    }

    @Override
    public String toString() {
      return originalType + " (scrubbed): " + getMessage();
    }
  }
}
