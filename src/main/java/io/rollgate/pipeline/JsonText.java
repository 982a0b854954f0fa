package io.rollgate.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * JSON (RFC 8259) read into the same nodes YAML gives, with their lines and columns, so a JSON
 * manifest is checked and substituted like a YAML one. JSON is not quite YAML 1.1: tabs may indent
 * it and {@code \/} is an escape, so a pretty-printed or tab-indented JSON file needs a JSON
 * reader. Several top-level values in one file are several documents (as kubectl reads them).
 */
final class JsonText {
  /** Deepest nesting read (as for YAML). */
  static final int MAX_DEPTH = YamlTree.MAX_DEPTH;

  private static final int[] NO_SNIPPET = new int[0];

  private final String text;
  private int i;
  private int line;
  private int column;

  /** Bad JSON, at a place in the text. */
  static final class BadJson extends Exception {
    private final int line;
    private final int column;

    BadJson(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }

    SourceLocation at(SourceText source) {
      return new SourceLocation(source.file(), line + 1, column + 1);
    }
  }

  private JsonText(String text) {
    this.text = text;
  }

  /** Whether the text starts (after a byte order mark and whitespace) as JSON does. */
  static boolean looksLikeJson(String text) {
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '{' || c == '[') {
        return true;
      }
      if (c != '\uFEFF' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return false;
  }

  /** Every top-level value of the text, as nodes. */
  static List<Node> composeAll(String text) throws BadJson {
    return new JsonText(text).all();
  }

  private List<Node> all() throws BadJson {
    List<Node> documents = new ArrayList<>();
    if (text.startsWith("\uFEFF")) {
      i = 1;
    }
    skipWhitespace();
    while (i < text.length()) {
      documents.add(value(0));
      skipWhitespace();
    }
    return documents;
  }

  private Node value(int depth) throws BadJson {
    if (depth > MAX_DEPTH) {
      throw bad("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (i >= text.length()) {
      throw bad("expected a value, found the end of the file");
    }
    char c = text.charAt(i);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> {
        Mark start = mark();
        String value = string();
        yield new ScalarNode(Tag.STR, value, start, mark(), ScalarStyle.DOUBLE_QUOTED);
      }
      case 't' -> literal("true", Tag.BOOL);
      case 'f' -> literal("false", Tag.BOOL);
      case 'n' -> literal("null", Tag.NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw bad("expected a value, found " + found());
      }
    };
  }

  private Node object(int depth) throws BadJson {
    Mark start = mark();
    advance(); // {
    List<NodeTuple> tuples = new ArrayList<>();
    skipWhitespace();
    if (peek() == '}') {
      advance();
      return new MappingNode(Tag.MAP, true, tuples, start, mark(), FlowStyle.FLOW);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw bad("expected a field name in double quotes, found " + found());
      }
      Mark keyStart = mark();
      String key = string();
      ScalarNode keyNode =
          new ScalarNode(Tag.STR, key, keyStart, mark(), ScalarStyle.DOUBLE_QUOTED);
      skipWhitespace();
      if (peek() != ':') {
        throw bad("expected ':' after the field name, found " + found());
      }
      advance();
      skipWhitespace();
      tuples.add(new NodeTuple(keyNode, value(depth + 1)));
      skipWhitespace();
      char c = peek();
      advance();
      if (c == '}') {
        return new MappingNode(Tag.MAP, true, tuples, start, mark(), FlowStyle.FLOW);
      }
      if (c != ',') {
        back(c);
        throw bad("expected ',' or '}' after a field, found " + found());
      }
    }
  }

  private Node array(int depth) throws BadJson {
    Mark start = mark();
    advance(); // [
    List<Node> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      advance();
      return new SequenceNode(Tag.SEQ, true, items, start, mark(), FlowStyle.FLOW);
    }
    while (true) {
      skipWhitespace();
      items.add(value(depth + 1));
      skipWhitespace();
      char c = peek();
      advance();
      if (c == ']') {
        return new SequenceNode(Tag.SEQ, true, items, start, mark(), FlowStyle.FLOW);
      }
      if (c != ',') {
        back(c);
        throw bad("expected ',' or ']' after an item, found " + found());
      }
    }
  }

  private String string() throws BadJson {
    int startLine = line;
    int startColumn = column;
    advance(); // "
    StringBuilder out = new StringBuilder();
    while (true) {
      if (i >= text.length()) {
        throw new BadJson("a string that never ends", startLine, startColumn);
      }
      char c = text.charAt(i);
      if (c == '"') {
        advance();
        return out.toString();
      }
      if (c < 0x20) {
        throw bad(
            "a control character (U+%04X) inside a string: write it as an escape"
                .formatted((int) c));
      }
      if (c != '\\') {
        out.append(c);
        advance();
        continue;
      }
      char e = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      String simple =
          switch (e) {
            case '"' -> "\"";
            case '\\' -> "\\";
            case '/' -> "/";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            default -> null;
          };
      if (simple != null) {
        out.append(simple);
        advance();
        advance();
      } else if (e == 'u' && i + 6 <= text.length() && isHex(text, i + 2, i + 6)) {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        for (int k = 0; k < 6; k++) {
          advance();
        }
      } else {
        throw bad("a bad escape in a string (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)");
      }
    }
  }

  private static boolean isHex(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private Node number() throws BadJson {
    Mark start = mark();
    int from = i;
    boolean integer = true;
    if (peek() == '-') {
      advance();
    }
    if (peek() == '0') {
      advance();
    } else if (!digits()) {
      throw bad("expected a digit, found " + found());
    }
    if (peek() == '.') {
      integer = false;
      advance();
      if (!digits()) {
        throw bad("expected a digit after '.', found " + found());
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integer = false;
      advance();
      if (peek() == '+' || peek() == '-') {
        advance();
      }
      if (!digits()) {
        throw bad("expected a digit in the exponent, found " + found());
      }
    }
    return new ScalarNode(
        integer ? Tag.INT : Tag.FLOAT, text.substring(from, i), start, mark(), ScalarStyle.PLAIN);
  }

  private boolean digits() {
    int from = i;
    while (peek() >= '0' && peek() <= '9') {
      advance();
    }
    return i > from;
  }

  private Node literal(String word, Tag tag) throws BadJson {
    if (!text.startsWith(word, i)) {
      throw bad("expected a value, found " + found());
    }
    Mark start = mark();
    for (int k = 0; k < word.length(); k++) {
      advance();
    }
    return new ScalarNode(tag, word, start, mark(), ScalarStyle.PLAIN);
  }

  private void skipWhitespace() {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      advance();
    }
  }

  private char peek() {
    return i < text.length() ? text.charAt(i) : 0;
  }

  /** Moves past one character, counting lines and columns (in code points) as SourceText does. */
  private void advance() {
    if (i >= text.length()) {
      return;
    }
    char c = text.charAt(i++);
    if (c == '\n') {
      line++;
      column = 0;
    } else if (!(c == '\r' && peek() == '\n') && !Character.isLowSurrogate(c)) {
      column++;
    }
  }

  /** Steps back over a character just read that is not a line break (to report at it). */
  private void back(char c) {
    if (c != 0) {
      i--;
      column--;
    }
  }

  private Mark mark() {
    return new Mark("json", i, line, column, NO_SNIPPET, 0);
  }

  private String found() {
    if (i >= text.length()) {
      return "the end of the file";
    }
    return "'" + Excerpt.of(text.substring(i, text.offsetByCodePoints(i, 1))) + "'";
  }

  private BadJson bad(String message) {
    return new BadJson(message, line, column);
  }
}
