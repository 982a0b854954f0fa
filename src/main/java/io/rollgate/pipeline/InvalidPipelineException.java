package io.rollgate.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/** Bad input (exit 2): every problem found, each with its file, line and column. */
public final class InvalidPipelineException extends RuntimeException {
  private final List<Problem> problems;

  public InvalidPipelineException(List<Problem> problems) {
    this(problems, null);
  }

  /** Problems found past the parser (a setting that cannot work), with what found them. */
  public InvalidPipelineException(List<Problem> problems, Throwable cause) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), cause);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid pipeline needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
