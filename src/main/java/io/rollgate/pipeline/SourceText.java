package io.rollgate.pipeline;

import java.nio.file.Path;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML or JSON file as the user wrote it: its path (as given, relative stays relative) and its
 * lines, to turn SnakeYAML marks and offsets inside scalars into 1-based lines and columns.
 */
final class SourceText {
  private final Path file;
  private final String text;
  private final String[] lines;

  SourceText(Path file, String text) {
    this.file = file;
    this.text = text;
    this.lines = text.split("\r?\n", -1);
  }

  Path file() {
    return file;
  }

  SourceLocation at(Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** Where the character at {@code codePoints} (counted in code points from 0) stands. */
  SourceLocation atCodePoint(int codePoints) {
    int offset =
        text.offsetByCodePoints(
            0, Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length()))));
    int line = 1;
    int lineStart = 0;
    for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return new SourceLocation(file, line, text.codePointCount(lineStart, offset) + 1);
  }

  SourceLocation at(Node node) {
    return at(node.getStartMark());
  }

  /**
   * Where character {@code offset} of a scalar's value stands in the file, when the scalar's source
   * text shows it unchanged (plain or quoted on one line, or a literal block); else the scalar's
   * start.
   */
  SourceLocation at(ScalarNode scalar, int offset) {
    Mark start = scalar.getStartMark();
    String value = scalar.getValue();
    if (offset < 0 || offset > value.length()) {
      return at(start);
    }
    ScalarStyle style = scalar.getScalarStyle();
    if (style == ScalarStyle.LITERAL) {
      return inLiteralBlock(start, value, offset);
    }
    int shift = style == ScalarStyle.PLAIN ? 0 : 1;
    if (style == ScalarStyle.FOLDED || value.indexOf('\n') >= 0) {
      return at(start);
    }
    String line = line(start.getLine());
    int from = start.getColumn() + shift;
    if (from + value.length() <= line.length() && line.startsWith(value, from)) {
      return new SourceLocation(file, start.getLine() + 1, from + offset + 1);
    }
    return at(start);
  }

  private SourceLocation inLiteralBlock(Mark start, String value, int offset) {
    int lineInValue = 0;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (value.charAt(i) == '\n') {
        lineInValue++;
        lineStart = i + 1;
      }
    }
    int lineEnd = value.indexOf('\n', lineStart);
    String valueLine = value.substring(lineStart, lineEnd < 0 ? value.length() : lineEnd);
    int sourceLine = start.getLine() + 1 + lineInValue;
    String source = line(sourceLine);
    int indent = source.length() - valueLine.length();
    if (valueLine.isEmpty()
        || indent < 0
        || !source.endsWith(valueLine)
        || !source.substring(0, indent).isBlank()) {
      return at(start);
    }
    return new SourceLocation(file, sourceLine + 1, indent + (offset - lineStart) + 1);
  }

  private String line(int index) {
    return index >= 0 && index < lines.length ? lines[index] : "";
  }
}
