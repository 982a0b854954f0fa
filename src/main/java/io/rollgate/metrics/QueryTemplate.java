package io.rollgate.metrics;

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
 * a string literal, inside the string of a regex matcher ({@code =~}, {@code !~}), or bare. Values are
 * escaped for that place, so no value can change the shape of the query; a bare placeholder takes
 * only a number, a duration or an identifier.
 */
public final class QueryTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
  private static final Pattern BARE_VALUE =
      Pattern.compile(
          "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|([0-9]+(ms|s|m|h|d|w|y))+|[A-Za-z_:][A-Za-z0-9_:]*");

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
    REGEX_STRING
  }

  private record Slot(String name, int start, int end, Place place, char quote) {}

  public static QueryTemplate parse(String text) throws TemplateException {
    List<Slot> slots = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int scanned = 0;
    StringScanner scanner = new StringScanner(text);
    while (m.find()) {
      scanner.advanceTo(m.start());
      slots.add(new Slot(m.group(1), m.start(), m.end(), scanner.place(), scanner.quote()));
      scanned = m.end();
      scanner.skipTo(scanned);
    }
    int stray = text.indexOf("{{", scanned);
    if (stray >= 0) {
      throw new TemplateException("'{{' without a matching '}}' or with a bad variable name", stray);
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

  public String render(Map<String, String> values) throws TemplateException {
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    for (Slot slot : slots) {
      out.append(text, at, slot.start());
      String value = values.get(slot.name());
      if (value == null) {
        throw new TemplateException(
            "unknown template variable '{{" + slot.name() + "}}'; known: " + new TreeSet<>(values.keySet()),
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
        if (!BARE_VALUE.matcher(value).matches()) {
          throw new TemplateException(
              "'{{" + slot.name() + "}}' stands outside a string literal, where only a number, a duration or an"
                  + " identifier may go; put it inside quotes",
              slot.start());
        }
        yield value;
      }
      case STRING -> quoteForString(value, slot);
      case REGEX_STRING -> quoteForString(PromQlEscaping.regexLiteral(value), slot);
    };
  }

  private static String quoteForString(String value, Slot slot) throws TemplateException {
    if (slot.quote() == '`') {
      if (value.indexOf('`') >= 0) {
        throw new TemplateException(
            "the value of '{{" + slot.name() + "}}' holds a backtick and cannot go inside a `raw string`", slot.start());
      }
      return value;
    }
    return PromQlEscaping.stringBody(value, slot.quote());
  }

  /** Walks the template to know whether a position sits inside a string literal, and of which kind. */
  private static final class StringScanner {
    private final String text;
    private int pos;
    private char quote; // 0 when outside a string
    private boolean regex;

    StringScanner(String text) {
      this.text = text;
    }

    void advanceTo(int target) {
      while (pos < target) {
        char c = text.charAt(pos);
        if (quote == 0) {
          if (c == '"' || c == '\'' || c == '`') {
            quote = c;
            regex = precededByRegexOperator(pos);
          } else if (c == '#') { // a comment runs to the end of the line
            int eol = text.indexOf('\n', pos);
            pos = eol < 0 ? text.length() : eol;
            continue;
          }
        } else if (c == '\\' && quote != '`') {
          pos++; // skip the escaped character
        } else if (c == quote) {
          quote = 0;
        }
        pos++;
      }
    }

    void skipTo(int target) {
      pos = target; // a placeholder's own characters are replaced, never scanned
    }

    Place place() {
      if (quote == 0) {
        return Place.BARE;
      }
      return regex ? Place.REGEX_STRING : Place.STRING;
    }

    char quote() {
      return quote;
    }

    private boolean precededByRegexOperator(int quoteAt) {
      int i = quoteAt - 1;
      while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
        i--;
      }
      return i >= 1 && text.charAt(i) == '~' && (text.charAt(i - 1) == '=' || text.charAt(i - 1) == '!');
    }
  }
}
