package io.rollgate.cli;

import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.Problem;
import io.rollgate.report.Terminal;
import io.rollgate.stage.StagingFailedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns an exception into text and an exit code: {@code error: message} in the
 * user's words (a pipeline's problems as {@code file:line:column: message}), the exception's class
 * and stack trace only with {@code --stacktrace}, the interrupt flag restored; and the report of
 * the outcome when the command did not write it.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (cmd.getCommand() instanceof PipelineCommand command && command.loaded().isPresent()) {
      ex = PipelineErrors.located(ex, command.loaded().get());
    }
    int code = ExitCodes.of(ex);
    Terminal terminal = root(cmd).terminal();
    if (ex instanceof InvalidPipelineException invalid) {
      for (Problem p : invalid.problems()) {
        terminal.problem(p);
      }
    } else {
      terminal.error(
          ex instanceof StagingFailedException ? "staging" : terminal.command(),
          ErrorMessages.line(ex, code));
    }
    FailureReport.write(cmd, code, ErrorMessages.of(ex), ex, terminal);
    if (stacktraceRequested(parseResult)) {
      terminal.stacktrace(ex);
    }
    return code;
  }

  private static RollgateCommand root(CommandLine cmd) {
    CommandLine c = cmd;
    while (c.getParent() != null) {
      c = c.getParent();
    }
    return c.getCommand();
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
