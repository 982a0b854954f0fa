package io.rollgate.cli;

import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns an exception into text and an exit code: {@code Type: message}, the
 * stack trace only with {@code --stacktrace}, the interrupt flag restored.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    int code = ExitCodes.of(ex);
    if (ex instanceof InvalidPipelineException invalid) {
      for (Problem p : invalid.problems()) {
        err.println(p);
      }
    } else {
      err.println(ex.getClass().getSimpleName() + ": " + ex.getMessage());
    }
    if (stacktraceRequested(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean stacktraceRequested(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }
}
