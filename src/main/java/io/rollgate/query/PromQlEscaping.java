package io.rollgate.query;

/** Escaping for values that land inside PromQL string literals and regex matchers (RE2). */
public final class PromQlEscaping {
  private static final String REGEX_META = "\\.+*?()|[]{}^$-";

  private PromQlEscaping() {}

  /**
   * The body of a string literal delimited by {@code quote} (" or ') that reads back as {@code
   * value}.
   */
  public static String stringBody(String value, char quote) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * A regular expression (RE2) that matches exactly {@code value}, also inside a character class
   * ({@code -} is escaped too). Prometheus anchors matchers, so this matches the whole value.
   */
  public static String regexLiteral(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (REGEX_META.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
