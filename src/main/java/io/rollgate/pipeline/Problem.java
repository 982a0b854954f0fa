package io.rollgate.pipeline;

/** One thing wrong with the user's input, printed as {@code file:line:column: message}. */
public record Problem(SourceLocation location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
