package io.rollgate.cli;

import io.rollgate.report.LogBackend;
import io.rollgate.report.Terminal;
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
  private Terminal terminal;

  RollgateCommand(Services services) {
    this.services = services;
  }

  Services services() {
    return services;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and returns the exit code; used by {@code Main} and by tests. */
  public static int execute(String... args) {
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
    root.terminal = new Terminal(out, err, false, services.clock(), "rollgate", "rollgate");
    cmd.setExecutionStrategy(root::execute);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          Terminal terminal = root.executing ? root.terminal : root.beforeParsing(c, List.of(args));
          String message = UsageErrors.of(ex);
          terminal.error(message);
          terminal.hint(UsageErrors.hint(ex));
          if (!root.executing) {
            // the command line did not parse: its --report, when it names one, still gets the
            // outcome (a report never vanishes), also when --report came after the bad word
            reportAsked(List.of(args))
                .filter(
                    f -> c.getCommand() instanceof PipelineCommand p && p.output().report == null)
                .ifPresent(f -> ((PipelineCommand) c.getCommand()).output().report = f);
          }
          FailureReport.write(c, ExitCode.BAD_INPUT, message, ex, terminal);
          return ExitCode.BAD_INPUT;
        });
    return cmd;
  }

  /** The lines of the command that runs: text or JSON, as its --log-format says. */
  Terminal terminal() {
    return terminal;
  }

  /**
   * Runs the command the flags name, its lines (log lines included) in its --log-format; whatever
   * ends it from here on is reported by the error handlers.
   */
  private int execute(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    CommandLine command = last.commandSpec().commandLine();
    boolean verbose = false;
    if (command.getCommand() instanceof PipelineCommand p) {
      OutputOptions output = p.output();
      verbose = output.verbose();
      terminal =
          new Terminal(
              command.getOut(),
              command.getErr(),
              output.logFormat() == CommonOptions.LogFormat.json,
              services.clock(),
              command.getCommandName(),
              "pipeline/" + p.subject());
    }
    executing = true;
    try (LogBackend.Routed logs = LogBackend.route(terminal, verbose)) {
      return new CommandLine.RunLast().execute(parseResult);
    }
  }

  /**
   * The lines of a command line picocli could not take: JSON when it asks for {@code --log-format
   * json}, as far as it can be read.
   */
  /** The file a command line's {@code --report} names, read from the words themselves. */
  private static java.util.Optional<java.nio.file.Path> reportAsked(List<String> args) {
    java.util.Optional<java.nio.file.Path> asked = java.util.Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      try {
        if (a.startsWith("--report=") && a.length() > "--report=".length()) {
          asked = java.util.Optional.of(java.nio.file.Path.of(a.substring("--report=".length())));
        } else if (a.equals("--report")
            && i + 1 < args.size()
            && !args.get(i + 1).startsWith("-")) {
          asked = java.util.Optional.of(java.nio.file.Path.of(args.get(i + 1)));
        }
      } catch (java.nio.file.InvalidPathException e) {
        // not a path this system can write: nothing to write the report to
      }
    }
    return asked;
  }

  private Terminal beforeParsing(CommandLine command, List<String> args) {
    boolean json = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      json |=
          a.equals("--log-format=json")
              || (a.equals("--log-format")
                  && i + 1 < args.size()
                  && args.get(i + 1).equals("json"));
    }
    return new Terminal(
        command.getOut(),
        command.getErr(),
        json,
        services.clock(),
        command.getCommandName(),
        "command/" + command.getCommandSpec().qualifiedName().replace(' ', '-'));
  }
}
