package io.rollgate.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags every command that works on one pipeline's stages shares: the cluster, the namespace,
 * and the output (a picocli mixin made of the {@link ClusterOptions} and {@link OutputOptions}
 * mixins, so a command with other needs, like {@code resume}, takes those two alone).
 */
public final class CommonOptions {
  @Mixin ClusterOptions cluster = new ClusterOptions();
  @Mixin OutputOptions output = new OutputOptions();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace; overrides the pipeline file.")
  String namespace;

  public Optional<Path> kubeconfig() {
    return cluster.kubeconfig();
  }

  public Optional<String> context() {
    return cluster.context();
  }

  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  public Optional<Path> report() {
    return output.report();
  }

  public LogFormat logFormat() {
    return output.logFormat();
  }

  /** Terminal output style. */
  public enum LogFormat {
    text,
    json
  }
}
