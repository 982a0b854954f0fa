package io.rollgate.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * The flags every command that talks to a cluster about one pipeline shares: the cluster, the
 * namespace, and the output (a picocli mixin made of the {@link ClusterOptions}, {@link
 * NamespaceOptions} and {@link OutputOptions} mixins). A command with other needs takes the parts
 * it needs, with the same meaning: {@code validate}, {@code analyze} and {@code demo} talk to no
 * cluster of the user's (output and namespace), {@code resume} takes several namespaces.
 */
public final class CommonOptions {
  @Mixin ClusterOptions cluster = new ClusterOptions();
  @Mixin NamespaceOptions namespace = new NamespaceOptions();
  @Mixin OutputOptions output = new OutputOptions();

  /**
   * Made of parts given, for a command that builds its own (resume per pipeline, demo per release).
   */
  static CommonOptions of(
      ClusterOptions cluster, NamespaceOptions namespace, OutputOptions output) {
    CommonOptions common = new CommonOptions();
    common.cluster = cluster;
    common.namespace = namespace;
    common.output = output;
    return common;
  }

  public Optional<Path> kubeconfig() {
    return cluster.kubeconfig();
  }

  public Optional<String> context() {
    return cluster.context();
  }

  public Optional<String> namespace() {
    return namespace.namespace();
  }

  public OutputOptions output() {
    return output;
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
