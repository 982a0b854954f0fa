package io.rollgate.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -n NS}: the namespace that overrides the pipeline file's (a picocli mixin). */
public final class NamespaceOptions {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace; overrides the pipeline file's (both stages).")
  String namespace;

  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }
}
