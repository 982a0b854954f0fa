package io.rollgate.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Flags every command that talks to a cluster or writes a report shares (a picocli mixin). */
public final class CommonOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context; overrides the pipeline file.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace; overrides the pipeline file.")
  String namespace;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write a JSON report of every action to FILE.")
  Path report;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  // read before parsing, by RollgateCommand.execute: logging is configured before the first logger
  @Option(
      names = {"-v", "--verbose"},
      description = "More detail on the terminal.")
  boolean verbose;

  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfig);
  }

  public Optional<String> context() {
    return Optional.ofNullable(context);
  }

  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  public Optional<Path> report() {
    return Optional.ofNullable(report);
  }

  public LogFormat logFormat() {
    return logFormat;
  }

  /** Terminal output style. */
  public enum LogFormat {
    text,
    json
  }
}
