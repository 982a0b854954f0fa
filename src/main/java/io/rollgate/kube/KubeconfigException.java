package io.rollgate.kube;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The kubeconfig cannot be used: unreadable, malformed, or without the requested context. Bad input
 * (nothing was sent to any cluster). Never carries the file's contents; for that reason the
 * parser's exception is not kept as the cause, only its type in the message.
 */
public final class KubeconfigException extends Exception {
  private final Optional<Path> kubeconfig;
  private final Optional<String> context;

  public KubeconfigException(Optional<Path> kubeconfig, Optional<String> context, String problem) {
    this(
        "kubeconfig "
            + kubeconfig.map(Path::toString).orElse("(default)")
            + context.map(c -> ", context '" + c + "'").orElse("")
            + ": "
            + problem,
        kubeconfig,
        context);
  }

  /** With a whole message: when no one file is to blame (none was found). */
  public KubeconfigException(String message, Optional<Path> kubeconfig, Optional<String> context) {
    super(message);
    this.kubeconfig = kubeconfig;
    this.context = context;
  }

  public Optional<Path> kubeconfig() {
    return kubeconfig;
  }

  public Optional<String> context() {
    return context;
  }
}
