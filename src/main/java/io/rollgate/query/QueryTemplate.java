package io.rollgate.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL query with {@code {{name}}} placeholders. Each placeholder knows where it stands: inside
 * a string literal, inside the string of a regex matcher ({@code =~}, {@code !~}), in a comment, or
 * bare. Values are escaped for that place, so no value can change the shape of the query; a bare
 * placeholder takes only a number, a duration or an identifier that is not a PromQL keyword.
 */
public final class QueryTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final List<String> DURATION_UNITS = List.of("ms", "s", "m", "h", "d", "w", "y");

  /** Words that would turn a bare identifier into an operator or modifier. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "atan2",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "start",
          "end",
          "inf",
          "nan");

  private final String text;
  private final List<Slot> slots;

  private QueryTemplate(String text, List<Slot> slots) {
    this.text = text;
    this.slots = slots;
  }

  /** Where a placeholder stands. */
  public enum Place {
    BARE,
    STRING,
    REGEX_STRING,
    COMMENT
  }

  private record Slot(String name, int start, int end, Place place, char quote) {}

  /**
   * Finds the placeholders and where each stands.
   *
   * @throws TemplateException a {@code {{} that is no placeholder, or a placeholder right after a
   *     backslash inside a string (the backslash would escape the value's first character)
   */
  public static QueryTemplate parse(String text) throws TemplateException {
    List<Slot> slots = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    char quote = 0; // the open string's delimiter, 0 outside strings
    boolean regex = false;
    boolean comment = false;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("{{", i)) {
        m.region(i, text.length());
        if (!m.lookingAt()) {
          throw new TemplateException(
              "'{{' without a matching '}}' or with a bad variable name", i);
        }
        Place place =
            comment
                ? Place.COMMENT
                : quote == 0 ? Place.BARE : regex ? Place.REGEX_STRING : Place.STRING;
        slots.add(new Slot(m.group(1), i, m.end(), place, quote));
        i = m.end();
        continue;
      }
      char c = text.charAt(i);
      if (comment) {
        comment = c != '\n';
      } else if (quote == 0) {
        if (c == '"' || c == '\'' || c == '`') {
          quote = c;
          regex = precededByRegexOperator(text, i);
        } else if (c == '#') {
          comment = true;
        }
      } else if (c == '\\' && quote != '`') {
        if (text.startsWith("{{", i + 1)) {
          throw new TemplateException(
              "a placeholder right after a backslash: the backslash would escape the value's first character",
              i);
        }
        i++; // the escaped character cannot end the string
      } else if (c == quote) {
        quote = 0;
      }
      i++;
    }
    return new QueryTemplate(text, List.copyOf(slots));
  }

  /** The variable names the template uses, in order of first use. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    slots.forEach(s -> names.add(s.name()));
    return Collections.unmodifiableSet(names);
  }

  public String text() {
    return text;
  }

  /**
   * The query with every placeholder replaced by its escaped value.
   *
   * @throws TemplateException an unknown variable, or a value that cannot stand where its
   *     placeholder does (a bare placeholder given text, a backtick inside a raw string)
   */
  public String render(Map<String, String> values) throws TemplateException {
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    for (Slot slot : slots) {
      out.append(text, at, slot.start());
      String value = values.get(slot.name());
      if (value == null) {
        throw new TemplateException(
            "unknown template variable '{{"
                + slot.name()
                + "}}'; known: "
                + new TreeSet<>(values.keySet()),
            slot.start());
      }
      out.append(escape(value, slot));
      at = slot.end();
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  private static String escape(String value, Slot slot) throws TemplateException {
    return switch (slot.place()) {
      case BARE -> {
        if (!isBareValue(value) || KEYWORDS.contains(value.toLowerCase(java.util.Locale.ROOT))) {
          throw new TemplateException(
              "'{{"
                  + slot.name()
                  + "}}' stands outside a string literal, where only a number, a duration or an"
                  + " identifier (not a PromQL keyword) may go; put it inside quotes",
              slot.start());
        }
        yield value;
      }
      case STRING -> quoteForString(value, slot);
      case REGEX_STRING -> quoteForString(PromQlEscaping.regexLiteral(value), slot);
      case COMMENT -> value.replace('\n', ' ').replace('\r', ' ');
    };
  }

  /**
   * A number, a duration ({@code 1h30m}) or an identifier. Written without a repeated regex group:
   * java.util.regex recurses once per repetition of a group, and a long value overflowed the stack.
   */
  static boolean isBareValue(String value) {
    return NUMBER.matcher(value).matches()
        || IDENTIFIER.matcher(value).matches()
        || isDuration(value);
  }

  /** One or more {@code <digits><unit>} parts: {@code 5m}, {@code 1h30m}, {@code 500ms}. */
  private static boolean isDuration(String value) {
    int i = 0;
    while (i < value.length()) {
      int digits = i;
      while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
        i++;
      }
      if (i == digits) {
        return false;
      }
      int at = i;
      String unit =
          DURATION_UNITS.stream().filter(u -> value.startsWith(u, at)).findFirst().orElse("");
      if (unit.isEmpty()) {
        return false;
      }
      i += unit.length();
    }
    return !value.isEmpty();
  }

  private static String quoteForString(String value, Slot slot) throws TemplateException {
    if (slot.quote() == '`') {
      if (value.indexOf('`') >= 0) {
        throw new TemplateException(
            "the value of '{{"
                + slot.name()
                + "}}' holds a backtick and cannot go inside a `raw string`",
            slot.start());
      }
      return value;
    }
    return PromQlEscaping.stringBody(value, slot.quote());
  }

  private static boolean precededByRegexOperator(String text, int quoteAt) {
    int i = quoteAt - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    return i >= 1
        && text.charAt(i) == '~'
        && (text.charAt(i - 1) == '=' || text.charAt(i - 1) == '!');
  }
}
