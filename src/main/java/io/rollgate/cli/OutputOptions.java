package io.rollgate.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a command's record goes and how its lines look (a picocli mixin). */
public final class OutputOptions {
  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write a JSON report of every action and decision to FILE.")
  Path report;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  CommonOptions.LogFormat logFormat;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "More detail on the terminal: debug lines (retries, watch restarts); analyze prints"
              + " every measurement's sentence.")
  boolean verbose;

  public Optional<Path> report() {
    return Optional.ofNullable(report);
  }

  public CommonOptions.LogFormat logFormat() {
    return logFormat;
  }

  public boolean verbose() {
    return verbose;
  }
}
