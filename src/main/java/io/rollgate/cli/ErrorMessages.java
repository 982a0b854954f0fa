package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rollgate.failure.Failures;

/**
 * What an exception that reaches the command line says to a person, as kubectl says it: the what
 * and the where in words, never the exception's class (that, and the trace, only with {@code
 * --stacktrace}).
 */
final class ErrorMessages {
  private ErrorMessages() {}

  /** The words for {@code ex}, without the {@code error: } in front. */
  static String of(Throwable ex) {
    if (ex instanceof KubernetesClientException k) {
      return cluster(k);
    }
    return Failures.describe(ex);
  }

  /** The line a person reads last, for an exception that ended a command with {@code code}. */
  static String line(Throwable ex, int code) {
    String what = of(ex);
    return code == ExitCode.INTERNAL_ERROR
        ? what + " (an internal error: please report it with the output of --stacktrace)"
        : what;
  }

  /** A fabric8 failure that no adapter put into words: what the server said, or why none did. */
  private static String cluster(KubernetesClientException k) {
    if (k.getCode() > 0) {
      String said =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : Failures.describe(k);
      return "the cluster answered HTTP " + k.getCode() + ": " + said;
    }
    return "the cluster API could not be reached: "
        + (k.getCause() != null ? Failures.describe(k.getCause()) : Failures.describe(k));
  }
}
