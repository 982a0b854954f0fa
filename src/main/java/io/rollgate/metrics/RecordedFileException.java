package io.rollgate.metrics;

import java.nio.file.Path;

/**
 * A recording that cannot be read or written: missing, unreadable, or not in the recording format.
 */
public final class RecordedFileException extends Exception {
  private final Path file;

  public RecordedFileException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
