package io.rollgate.cli;

import io.rollgate.pipeline.InvalidPipelineException;

/** Maps the exceptions that reach the command line to the exit codes of SPEC.md. */
final class ExitCodes {
  private ExitCodes() {}

  static int of(Throwable ex) {
    if (ex instanceof InvalidPipelineException) {
      return ExitCode.BAD_INPUT;
    }
    return ExitCode.INTERNAL_ERROR;
  }
}
