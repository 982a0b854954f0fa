package io.rollgate.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code rollgate} command; each subcommand is its own class. */
@Command(
    name = "rollgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Progressive delivery from the pipeline: staging, smoke checks, canary analysis, promotion or rollback.",
    subcommands = {
      ValidateCommand.class,
      RunCommand.class,
      StatusCommand.class,
      PromoteCommand.class,
      AbortCommand.class,
      ResumeCommand.class,
      AnalyzeCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  rollgate demo                                   # the whole flow on a built-in sandbox",
      "  rollgate validate pipelines/checkout.yaml",
      "  rollgate run pipelines/checkout.yaml --set IMAGE=acme/checkout:1.4.3   # staging, then the canary",
      "  rollgate status pipelines/checkout.yaml",
      "  rollgate promote pipelines/checkout.yaml        # pass a pause; --full promotes now",
      "  rollgate abort pipelines/checkout.yaml",
      "  rollgate resume --all -n checkout               # a scheduled job",
      "  rollgate analyze pipelines/checkout.yaml --from 2026-11-20T10:00:00Z --to 2026-11-20T11:00:00Z",
      "",
      "Exit codes:",
      "  0 done, 1 internal error, 2 bad input, 3 staging failed, 4 canary rolled back,",
      "  5 waiting for a person, 6 locked by another run, 7 infrastructure unreachable."
    })
public final class RollgateCommand implements Runnable {
  @Option(
      names = "--stacktrace",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean stacktrace;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Services services;
  private boolean executing;

  RollgateCommand(Services services) {
    this.services = services;
  }

  Services services() {
    return services;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and returns the exit code; used by {@code Main} and by tests. */
  public static int execute(String... args) {
    if (List.of(args).contains("--verbose") || List.of(args).contains("-v")) {
      // slf4j-simple reads its levels when the first logger is made, which is after parsing starts:
      // Rollgate's own debug lines (retries, watch restarts) show; libraries stay at warn
      System.setProperty("org.slf4j.simpleLogger.log.io.rollgate", "debug");
    }
    return newCommandLine(
            new PrintWriter(System.out, true), new PrintWriter(System.err, true), Services.system())
        .execute(args);
  }

  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    return newCommandLine(out, err, Services.system());
  }

  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Services services) {
    CommandLine cmd = new CommandLine(new RollgateCommand(services));
    cmd.setUsageHelpWidth(110); // examples are whole command lines: don't break them at 80
    cmd.setOut(out);
    cmd.setErr(err);
    RollgateCommand root = cmd.getCommand();
    cmd.setExecutionStrategy(
        parseResult -> {
          root.executing = true; // the flags parsed: whatever ends the command now is reported
          return new CommandLine.RunLast().execute(parseResult);
        });
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          String message = UsageErrors.of(ex);
          c.getErr().println("error: " + message);
          c.getErr().println(UsageErrors.hint(ex));
          if (root.executing) { // a value the command itself refused (analyze --to before --from)
            FailureReport.write(c, ExitCode.BAD_INPUT, message, ex, c.getErr());
          }
          c.getErr().flush();
          return ExitCode.BAD_INPUT;
        });
    return cmd;
  }
}
