package io.rollgate.pipeline;

import java.nio.file.Path;

/** Where something stands in a user's file; line and column count from 1. */
public record SourceLocation(Path file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
