package io.rollgate.sandbox;

import io.rollgate.sandbox.PromQlSubset.Token;
import io.rollgate.sandbox.PromQlSubset.Token.Kind;
import io.rollgate.sandbox.PromQlSubset.UnsupportedQueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a query into the tokens {@link PromQlSubset} reads: identifiers, numbers, string literals
 * (with Go's escapes unescaped), punctuation and the text of a {@code [range]}; skips blanks and
 * {@code #} comments.
 */
final class PromQlTokens {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Pattern NUMBER =
      Pattern.compile("[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?|[0-9]+\\.");
  private static final List<String> PUNCTUATION =
      List.of("!=", "=~", "!~", "=", "(", ")", "{", "}", ",", "+", "-", "*", "/");

  private PromQlTokens() {}

  static List<Token> of(String query) throws UnsupportedQueryException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < query.length() && query.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        i = string(query, i, tokens);
      } else if (c == '[') {
        int end = query.indexOf(']', i);
        if (end < 0) {
          throw new UnsupportedQueryException("'[' at offset " + i + " is never closed");
        }
        tokens.add(new Token(Kind.RANGE, query.substring(i + 1, end).strip(), i));
        i = end + 1;
      } else {
        i = word(query, i, tokens);
      }
    }
    tokens.add(new Token(Kind.END, "", query.length()));
    return tokens;
  }

  private static int word(String query, int i, List<Token> tokens)
      throws UnsupportedQueryException {
    Matcher id = IDENTIFIER.matcher(query).region(i, query.length());
    if (id.lookingAt()) {
      tokens.add(new Token(Kind.IDENTIFIER, id.group(), i));
      return id.end();
    }
    Matcher number = NUMBER.matcher(query).region(i, query.length());
    if (number.lookingAt()) {
      tokens.add(new Token(Kind.NUMBER, number.group(), i));
      return number.end();
    }
    for (String p : PUNCTUATION) {
      if (query.startsWith(p, i)) {
        tokens.add(new Token(Kind.PUNCTUATION, p, i));
        return i + p.length();
      }
    }
    throw new UnsupportedQueryException(
        "unexpected character '" + query.charAt(i) + "' at offset " + i);
  }

  private static int string(String query, int start, List<Token> tokens)
      throws UnsupportedQueryException {
    char quote = query.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < query.length() && query.charAt(i) != quote) {
      char c = query.charAt(i);
      if (c == '\\' && quote != '`') {
        if (i + 1 >= query.length()) {
          break;
        }
        i = escape(query, i + 1, value);
      } else {
        value.append(c);
        i++;
      }
    }
    if (i >= query.length()) {
      throw new UnsupportedQueryException("string at offset " + start + " is never closed");
    }
    tokens.add(new Token(Kind.STRING, value.toString(), start));
    return i + 1;
  }

  /** Appends the character escaped at {@code i} (just past the backslash); returns what follows. */
  private static int escape(String query, int i, StringBuilder value)
      throws UnsupportedQueryException {
    char e = query.charAt(i);
    switch (e) {
      case 'n' -> value.append('\n');
      case 't' -> value.append('\t');
      case 'r' -> value.append('\r');
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'v' -> value.append('\u000b');
      case '\\', '"', '\'' -> value.append(e);
      case 'x', 'u', 'U' -> {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + 1 + digits > query.length()) {
          throw new UnsupportedQueryException("a short \\" + e + " escape at offset " + i);
        }
        try {
          value.appendCodePoint(Integer.parseInt(query.substring(i + 1, i + 1 + digits), 16));
        } catch (IllegalArgumentException ex) {
          throw new UnsupportedQueryException("a bad \\" + e + " escape at offset " + i);
        }
        return i + 1 + digits;
      }
      default ->
          throw new UnsupportedQueryException("unknown escape \\" + e + " at offset " + (i - 1));
    }
    return i + 1;
  }
}
