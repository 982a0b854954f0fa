package io.rollgate.query;

/**
 * A query template that does not parse or render; {@code offset} is the character position in the
 * template text (from 0) the problem is at, so callers can turn it into a line and column.
 */
public final class TemplateException extends Exception {
  private final int offset;

  public TemplateException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
