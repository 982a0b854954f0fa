package io.rollgate.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rollgate.failure.Failures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fabric8's exceptions: what is worth retrying, what the server said, which fields conflict.
 */
final class ApiErrors {
  private static final Pattern MANAGER = Pattern.compile("conflicts? with \"([^\"]+)\"");

  private ApiErrors() {}

  /** 429, 5xx and network failures are worth another attempt; any other answer is final. */
  static boolean isTransient(Throwable t) {
    if (t instanceof KubernetesClientException e && e.getCode() > 0) {
      return e.getCode() == 429 || e.getCode() >= 500;
    }
    return networkFailure(t).isPresent();
  }

  static int code(Throwable t) {
    return t instanceof KubernetesClientException e ? Math.max(0, e.getCode()) : 0;
  }

  /** The server's own message when it answered, else what went wrong on the way. */
  static String message(Throwable t) {
    if (t instanceof KubernetesClientException e
        && e.getStatus() != null
        && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return networkFailure(t).map(Failures::describe).orElseGet(() -> Failures.describe(t));
  }

  /** For objects whose messages might echo secret values: the reason and the fields only. */
  static String redactedMessage(Throwable t) {
    if (t instanceof KubernetesClientException e && e.getStatus() != null) {
      Status status = e.getStatus();
      List<String> fields = new ArrayList<>();
      Optional.ofNullable(status.getDetails())
          .map(StatusDetails::getCauses)
          .orElse(List.of())
          .forEach(c -> fields.add(c.getField()));
      return Optional.ofNullable(status.getReason()).orElse("Failure")
          + (fields.isEmpty() ? "" : " on " + fields)
          + " (message withheld: the object is a Secret)";
    }
    return message(t);
  }

  static boolean isFieldConflict(Throwable t) {
    return code(t) == 409 && !conflicts(t).isEmpty();
  }

  /** The {@code FieldManagerConflict} causes of a 409 apply answer. */
  static List<FieldConflictException.Conflict> conflicts(Throwable t) {
    List<FieldConflictException.Conflict> conflicts = new ArrayList<>();
    if (!(t instanceof KubernetesClientException e)
        || e.getStatus() == null
        || e.getStatus().getDetails() == null) {
      return conflicts;
    }
    List<StatusCause> causes =
        Optional.ofNullable(e.getStatus().getDetails().getCauses()).orElse(List.of());
    for (StatusCause cause : causes) {
      if ("FieldManagerConflict".equals(cause.getReason())) {
        Matcher m = MANAGER.matcher(Optional.ofNullable(cause.getMessage()).orElse(""));
        conflicts.add(
            new FieldConflictException.Conflict(
                m.find() ? m.group(1) : "(unknown manager)",
                Optional.ofNullable(cause.getField()).orElse("(unknown field)")));
      }
    }
    return conflicts;
  }

  private static Optional<IOException> networkFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException io && !(io instanceof JsonProcessingException)) {
        return Optional.of(io);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Optional.empty();
  }
}
