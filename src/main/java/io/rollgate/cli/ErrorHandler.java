package io.rollgate.cli;

import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns an exception into text and an exit code: {@code error: message} in the
 * user's words (a pipeline's problems as {@code file:line:column: message}), the exception's class
 * and stack trace only with {@code --stacktrace}, the interrupt flag restored.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (cmd.getCommand() instanceof PipelineCommand command && command.loaded().isPresent()) {
      ex = PipelineErrors.located(ex, command.loaded().get());
    }
    int code = ExitCodes.of(ex);
    if (ex instanceof InvalidPipelineException invalid) {
      for (Problem p : invalid.problems()) {
        err.println(p);
      }
    } else {
      err.println("error: " + ErrorMessages.line(ex, code));
    }
    FailureReport.write(cmd, code, ErrorMessages.of(ex), ex, err);
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
