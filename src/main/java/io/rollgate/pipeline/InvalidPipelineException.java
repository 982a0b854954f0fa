package io.rollgate.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/** Bad input (exit 2): every problem found, each with its file, line and column. */
public final class InvalidPipelineException extends RuntimeException {
  private final List<Problem> problems;

  public InvalidPipelineException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid pipeline needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
