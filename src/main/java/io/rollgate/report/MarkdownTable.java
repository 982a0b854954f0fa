package io.rollgate.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table whose cells are escaped so that no value can change its shape:
 * pipes, backslashes, backticks, HTML tags and line breaks in a cell stay text.
 */
final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  MarkdownTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + header.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row, each ending with a newline. */
  String render() {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    sb.append('|');
    header.forEach(h -> sb.append("---|"));
    sb.append('\n');
    rows.forEach(r -> line(sb, r));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    cells.forEach(c -> sb.append(' ').append(cell(c)).append(" |"));
    sb.append('\n');
  }

  /**
   * One table cell: inline text with every character that could end or reshape the cell escaped.
   */
  static String cell(String text) {
    return inline(text).replace("|", "\\|");
  }

  /**
   * Inline text (a heading, a list item): backslashes, backticks, the emphasis, strike-through and
   * math markers ({@code * _ ~ $}) and {@code <} (which could open an HTML tag) escaped, line
   * breaks as {@code <br>}.
   */
  static String inline(String text) {
    String escaped =
        text.strip()
            .replace("\\", "\\\\")
            .replace("`", "\\`")
            .replace("*", "\\*")
            .replace("_", "\\_")
            .replace("~", "\\~")
            .replace("$", "\\$")
            .replace("<", "&lt;");
    return escaped.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "<br>");
  }
}
