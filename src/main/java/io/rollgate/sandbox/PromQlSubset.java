package io.rollgate.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The part of PromQL the sandbox's in-process metric source evaluates: numbers; {@code rate} and
 * {@code increase} of a selector with label matchers ({@code = != =~ !~}) over a range; the
 * aggregations {@code sum min max avg count} with {@code by} or {@code without}; {@code
 * histogram_quantile}; {@code + - * /} and parentheses. Anything else is a {@link
 * UnsupportedQueryException} saying what was not understood.
 */
final class PromQlSubset {
  static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "count");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d|w|y)");

  /** A parsed expression. */
  sealed interface Expr {}

  record NumberLiteral(double value) implements Expr {}

  /** {@code rate(selector[window])} or {@code increase(selector[window])}. */
  record RangeFunction(String function, Selector selector, Duration window) implements Expr {}

  /** {@code op by|without (labels) (expr)}. */
  record Aggregation(String op, boolean without, List<String> labels, Expr expr) implements Expr {}

  record Quantile(double phi, Expr expr) implements Expr {}

  record Binary(char op, Expr left, Expr right) implements Expr {}

  record Selector(String metric, List<LabelMatcher> matchers) {}

  /** {@code label op "value"}; regexes match the whole value, as Prometheus anchors them. */
  record LabelMatcher(String label, String op, String value, Pattern regex) {
    boolean matches(String actual) {
      return switch (op) {
        case "=" -> actual.equals(value);
        case "!=" -> !actual.equals(value);
        case "=~" -> regex.matcher(actual).matches();
        default -> !regex.matcher(actual).matches();
      };
    }
  }

  /** A query outside this subset, or not PromQL at all. */
  static final class UnsupportedQueryException extends Exception {
    UnsupportedQueryException(String message) {
      super(message);
    }
  }

  private final List<Token> tokens;
  private int at;

  private PromQlSubset(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Expr parse(String query) throws UnsupportedQueryException {
    PromQlSubset parser = new PromQlSubset(PromQlTokens.of(query));
    Expr expr = parser.sum();
    if (parser.peek().kind() != Token.Kind.END) {
      throw parser.unexpected("the end of the query");
    }
    return expr;
  }

  record Token(Kind kind, String text, int offset) {
    enum Kind {
      IDENTIFIER,
      NUMBER,
      STRING,
      PUNCTUATION,
      RANGE,
      END
    }
  }

  private Expr sum() throws UnsupportedQueryException {
    Expr left = product();
    while (isPunctuation("+") || isPunctuation("-")) {
      char op = next().text().charAt(0);
      left = new Binary(op, left, product());
    }
    return left;
  }

  private Expr product() throws UnsupportedQueryException {
    Expr left = primary();
    while (isPunctuation("*") || isPunctuation("/")) {
      char op = next().text().charAt(0);
      left = new Binary(op, left, primary());
    }
    return left;
  }

  private Expr primary() throws UnsupportedQueryException {
    Token token = peek();
    if (token.kind() == Token.Kind.NUMBER) {
      next();
      return new NumberLiteral(Double.parseDouble(token.text()));
    }
    if (isPunctuation("(")) {
      next();
      Expr inner = sum();
      expect(")");
      return inner;
    }
    if (token.kind() != Token.Kind.IDENTIFIER) {
      throw unexpected("a number, '(' or a function");
    }
    String name = next().text();
    if (AGGREGATIONS.contains(name)) {
      return aggregation(name);
    }
    return switch (name) {
      case "rate", "increase" -> rangeFunction(name);
      case "histogram_quantile" -> quantile();
      default ->
          throw new UnsupportedQueryException(
              isPunctuation("(")
                  ? "function '" + name + "'"
                  : "'" + name + "' without rate() or increase() (instant selectors)");
    };
  }

  private Expr aggregation(String op) throws UnsupportedQueryException {
    Grouping grouping = grouping();
    expect("(");
    Expr inner = sum();
    expect(")");
    if (grouping == null) {
      grouping = grouping();
    }
    return grouping == null
        ? new Aggregation(op, false, List.of(), inner)
        : new Aggregation(op, grouping.without(), grouping.labels(), inner);
  }

  private record Grouping(boolean without, List<String> labels) {}

  /** {@code by (a, b)} or {@code without (a)}, or null when none stands here. */
  private Grouping grouping() throws UnsupportedQueryException {
    if (!isIdentifier("by") && !isIdentifier("without")) {
      return null;
    }
    boolean without = next().text().equals("without");
    expect("(");
    List<String> labels = new ArrayList<>();
    while (!isPunctuation(")")) {
      labels.add(identifier("a label name"));
      if (!isPunctuation(")")) {
        expect(",");
      }
    }
    next();
    return new Grouping(without, List.copyOf(labels));
  }

  private Expr rangeFunction(String function) throws UnsupportedQueryException {
    expect("(");
    Selector selector = selector();
    Token range = next();
    if (range.kind() != Token.Kind.RANGE) {
      throw new UnsupportedQueryException(
          function + "() needs a range such as [1m] after its selector");
    }
    Duration window = duration(range.text());
    expect(")");
    return new RangeFunction(function, selector, window);
  }

  private Expr quantile() throws UnsupportedQueryException {
    expect("(");
    Token phi = next();
    if (phi.kind() != Token.Kind.NUMBER) {
      throw new UnsupportedQueryException("histogram_quantile() needs a number as its quantile");
    }
    expect(",");
    Expr inner = sum();
    expect(")");
    return new Quantile(Double.parseDouble(phi.text()), inner);
  }

  private Selector selector() throws UnsupportedQueryException {
    String metric = identifier("a metric name");
    List<LabelMatcher> matchers = new ArrayList<>();
    if (isPunctuation("{")) {
      next();
      while (!isPunctuation("}")) {
        matchers.add(matcher());
        if (!isPunctuation("}")) {
          expect(",");
        }
      }
      next();
    }
    return new Selector(metric, List.copyOf(matchers));
  }

  private LabelMatcher matcher() throws UnsupportedQueryException {
    String label = identifier("a label name");
    Token op = next();
    if (op.kind() != Token.Kind.PUNCTUATION || !Set.of("=", "!=", "=~", "!~").contains(op.text())) {
      throw new UnsupportedQueryException(
          "expected =, !=, =~ or !~ after label '" + label + "' at offset " + op.offset());
    }
    Token value = next();
    if (value.kind() != Token.Kind.STRING) {
      throw new UnsupportedQueryException(
          "expected a string after " + label + op.text() + " at offset " + value.offset());
    }
    Pattern regex = null;
    if (op.text().endsWith("~")) {
      try {
        regex = Pattern.compile(value.text());
      } catch (PatternSyntaxException e) {
        throw new UnsupportedQueryException(
            "regex '" + value.text() + "' of label '" + label + "': " + e.getDescription());
      }
    }
    return new LabelMatcher(label, op.text(), value.text(), regex);
  }

  static Duration duration(String text) throws UnsupportedQueryException {
    Matcher m = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
              });
      end = m.end();
      m.region(end, text.length());
    }
    if (end == 0 || end != text.length() || total.isZero()) {
      throw new UnsupportedQueryException("range [" + text + "] is not a duration such as 5s");
    }
    return total;
  }

  private String identifier(String what) throws UnsupportedQueryException {
    if (peek().kind() != Token.Kind.IDENTIFIER) {
      throw unexpected(what);
    }
    return next().text();
  }

  private void expect(String punctuation) throws UnsupportedQueryException {
    if (!isPunctuation(punctuation)) {
      throw unexpected("'" + punctuation + "'");
    }
    next();
  }

  private boolean isPunctuation(String text) {
    return peek().kind() == Token.Kind.PUNCTUATION && peek().text().equals(text);
  }

  private boolean isIdentifier(String text) {
    return peek().kind() == Token.Kind.IDENTIFIER && peek().text().equals(text);
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token token = tokens.get(at);
    if (token.kind() != Token.Kind.END) {
      at++;
    }
    return token;
  }

  private UnsupportedQueryException unexpected(String expected) {
    Token token = peek();
    String found = token.kind() == Token.Kind.END ? "the end" : "'" + token.text() + "'";
    return new UnsupportedQueryException(
        "expected " + expected + " at offset " + token.offset() + ", found " + found);
  }
}
