package io.rollgate.pipeline;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over a text that is already in memory, every character in one array.
 *
 * <p>SnakeYAML's own {@link StreamReader} reads 1 KB at a time and copies its whole window on each
 * read; while the scanner looks ahead along one line (a comment, a plain or quoted scalar) the
 * window holds the whole line so far, so a line of n characters costs n²/1024 copies: a 10 MB
 * comment took 12 s, 20 MB 49 s. Here a look-ahead is an array read. Lines, columns and the
 * document index move exactly as SnakeYAML's do (the composer's marks, its code point limit).
 */
final class WholeTextReader extends StreamReader {
  private static final String NAME = "'reader'";

  private final int[] text;
  private int pointer;
  private int index;
  private int documentIndex;
  private int line;
  private int column;

  /**
   * @throws ReaderException at the first character YAML does not allow (control characters other
   *     than tab and line breaks), as SnakeYAML's own reader does
   */
  WholeTextReader(String text) {
    super(new StringReader(""));
    this.text = text.codePoints().toArray();
    for (int i = 0; i < this.text.length; i++) {
      if (!isPrintable(this.text[i])) {
        throw new ReaderException(NAME, i, this.text[i], "special characters are not allowed");
      }
    }
  }

  @Override
  public Mark getMark() {
    return new Mark(NAME, index, line, column, text, pointer);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(int length) {
    for (int i = 0; i < length && pointer < text.length; i++) {
      int c = text[pointer++];
      index++;
      documentIndex++;
      if (Constant.LINEBR.has(c) || (c == '\r' && pointer < text.length && text[pointer] != '\n')) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    return peek(0);
  }

  @Override
  public int peek(int at) {
    return pointer + at < text.length ? text[pointer + at] : 0;
  }

  @Override
  public String prefix(int length) {
    if (length <= 0 || pointer >= text.length) {
      return "";
    }
    return new String(text, pointer, Math.min(length, text.length - pointer));
  }

  @Override
  public String prefixForward(int length) {
    String prefix = prefix(length);
    pointer += length;
    index += length;
    documentIndex += length;
    column += length;
    return prefix;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getDocumentIndex() {
    return documentIndex;
  }

  @Override
  public void resetDocumentIndex() {
    documentIndex = 0;
  }

  @Override
  public int getIndex() {
    return index;
  }

  @Override
  public int getLine() {
    return line;
  }
}
