package io.rollgate.pipeline;

/**
 * A user's text as a message quotes it: short, and on one line. A value is cut at {@link #MAX}
 * characters ("…" after); a whole message is cut in the middle past {@link #MAX_MESSAGE}, keeping
 * its end (where the hint is). Control characters and line breaks are written as escapes, so one
 * problem stays one line of output and no value can forge another.
 */
public final class Excerpt {
  /** Most characters of a value a message quotes. */
  static final int MAX = 80;

  /** Most characters of a whole message. */
  static final int MAX_MESSAGE = 1000;

  private static final int MESSAGE_TAIL = 200;

  private Excerpt() {}

  /** At most {@link #MAX} characters of {@code value}, control characters escaped. */
  public static String of(String value) {
    return escaped(value, MAX) + (value.codePointCount(0, value.length()) > MAX ? "…" : "");
  }

  /** A message with control characters escaped, cut in the middle when it is very long. */
  static String message(String message) {
    String escaped = escaped(message, Integer.MAX_VALUE);
    if (escaped.length() <= MAX_MESSAGE) {
      return escaped;
    }
    int head = MAX_MESSAGE - MESSAGE_TAIL;
    return escaped.substring(0, head)
        + " …("
        + (escaped.length() - MAX_MESSAGE)
        + " characters left out)… "
        + escaped.substring(escaped.length() - MESSAGE_TAIL);
  }

  private static String escaped(String value, int max) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 8);
    int count = 0;
    for (int i = 0; i < value.length() && count < max; count++) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
    return out.toString();
  }
}
