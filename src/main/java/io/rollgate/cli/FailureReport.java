package io.rollgate.cli;

import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.Problem;
import io.rollgate.report.JsonReportWriter;
import io.rollgate.report.MarkdownSummary;
import io.rollgate.report.RunReport;
import io.rollgate.report.Terminal;
import java.util.List;

/**
 * The report (and job summary) of an outcome a command did not reach itself: it failed before its
 * own report was under way (a pipeline that does not load, a flag value it refuses, a cluster or
 * file it cannot use). Written by the error handlers, once, only when the command has not written
 * its own; the exit code stays the command's.
 */
final class FailureReport {
  private FailureReport() {}

  /** The problems a failure is about, when it is bad input in a file. */
  static List<Problem> problems(Throwable e) {
    return e instanceof InvalidPipelineException invalid ? invalid.problems() : List.of();
  }

  static void write(
      picocli.CommandLine cmd, int code, String message, Throwable failure, Terminal err) {
    if (!(cmd.getCommand() instanceof PipelineCommand command)) {
      return;
    }
    OutputOptions output = command.output();
    boolean report = output.report().isPresent() && !output.reported();
    boolean summary = command.summarizes() && !output.summarized();
    if (!report && !summary) {
      return;
    }
    Services services = services(cmd);
    RunReport run =
        new RunReport(
            cmd.getCommandName(),
            command.loaded().map(l -> l.spec().name()).orElse(command.subject()),
            services.clock());
    problems(failure).forEach(run::problem);
    run.finish(code, "failed", message);
    if (report) {
      output.writeReport(() -> JsonReportWriter.toJson(run), err);
    }
    if (summary) {
      output.appendSummary(services.environment(), () -> MarkdownSummary.of(run), err);
    }
  }

  private static Services services(picocli.CommandLine cmd) {
    picocli.CommandLine root = cmd;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getCommand() instanceof RollgateCommand r ? r.services() : Services.system();
  }
}
