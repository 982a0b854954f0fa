package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {
  @Test
  void pipesBackticksBackslashesAndLineBreaksCannotBreakACell() {
    // Given a message with every character that could end a cell or open code or HTML
    String message = "exit 1 | see `kubectl logs`\r\nC:\\tmp\\ <script>";

    // When it is put in a table
    String table = new MarkdownTable("action", "message").row("smoke", message).render();

    // Then the row is still one line of exactly two cells, the text escaped
    assertThat(table)
        .isEqualTo(
            "| action | message |\n"
                + "|---|---|\n"
                + "| smoke | exit 1 \\| see \\`kubectl logs\\`<br>C:\\\\tmp\\\\ &lt;script> |\n");
  }

  @Test
  void promQlOperatorsDoNotTurnIntoEmphasisOrStrikeThrough() {
    // Given a query with a __name__ matcher, two regex matchers and a multiplication
    String query = "sum(rate({__name__=~\"a.*\",code=~\"5..\"}[1m])) * 100 $x";

    // Then every marker character is escaped
    assertThat(MarkdownTable.cell(query))
        .isEqualTo("sum(rate({\\_\\_name\\_\\_=\\~\"a.\\*\",code=\\~\"5..\"}[1m])) \\* 100 \\$x");
  }

  @Test
  void aTrailingBackslashDoesNotEscapeTheCellSeparator() {
    // Given a value ending in a backslash
    String cell = MarkdownTable.cell("dir\\");

    // Then the backslash is doubled, so the following pipe still ends the cell
    assertThat(cell).isEqualTo("dir\\\\");
  }

  @Test
  void aRowOfTheWrongWidthIsRejected() {
    MarkdownTable table = new MarkdownTable("a", "b");

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells in a table of 2 columns");
  }
}
