package io.rollgate.report;

import io.rollgate.failure.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub Actions job summary: when {@code GITHUB_STEP_SUMMARY} names a file, Markdown is
 * appended to it (several steps of a job share the file); elsewhere nothing happens.
 */
public final class GithubStepSummary {
  public static final String VARIABLE = "GITHUB_STEP_SUMMARY";

  private GithubStepSummary() {}

  /**
   * Appends {@code markdown} (and a blank line, so the next step starts a new block).
   *
   * @return the file written to, or empty when the variable is not set
   * @throws UncheckedIOException the file cannot be written; the message names the file
   */
  public static Optional<Path> append(Map<String, String> environment, String markdown) {
    String name = environment.getOrDefault(VARIABLE, "").strip();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Path file;
    try {
      file = Path.of(name);
    } catch (InvalidPathException e) {
      throw new UncheckedIOException(
          "cannot append the step summary: " + VARIABLE + " is not a path",
          new IOException(e.getMessage(), e));
    }
    String text = markdown.endsWith("\n") ? markdown + "\n" : markdown + "\n\n";
    try {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot append the step summary to " + file + ": " + Failures.reason(e), e);
    }
  }
}
