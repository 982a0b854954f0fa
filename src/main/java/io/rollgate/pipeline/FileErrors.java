package io.rollgate.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;

/** Why a file or folder could not be read, in words (never an exception's class name). */
final class FileErrors {
  private FileErrors() {}

  static String describe(Throwable error) {
    Throwable e = error instanceof UncheckedIOException u ? u.getCause() : error;
    String file =
        e instanceof java.nio.file.FileSystemException f && f.getFile() != null
            ? ": " + Excerpt.of(f.getFile())
            : "";
    if (e instanceof NoSuchFileException) {
      return "no such file or folder" + file;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied" + file;
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder" + file;
    }
    if (e instanceof FileSystemLoopException) {
      return "a folder that contains itself (a symbolic link loop)" + file;
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text (a binary file?)";
    }
    if (e instanceof IOException) {
      return Optional.ofNullable(e.getMessage()).map(Excerpt::of).orElse("an input/output error");
    }
    return "an input/output error";
  }
}
