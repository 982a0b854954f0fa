package io.rollgate.smoke;

import java.util.List;

/**
 * A smoke check that did not pass within its attempts (staging failed, exit 3). The message names
 * the check and describes the last attempt: its status, a body excerpt and why it failed.
 */
public final class SmokeCheckFailedException extends Exception {
  private final transient SmokeResult result;

  public SmokeCheckFailedException(SmokeResult result, Throwable cause) {
    super(describe(result), cause);
    this.result = result;
  }

  public SmokeCheckFailedException(SmokeResult result) {
    this(result, null);
  }

  private static String describe(SmokeResult result) {
    SmokeAttempt last = result.last();
    int count = result.attempts().size();
    StringBuilder text =
        new StringBuilder("smoke check '")
            .append(result.checkName())
            .append("' failed after ")
            .append(count)
            .append(count == 1 ? " attempt" : " attempts")
            .append(" against ")
            .append(result.target())
            .append(": ");
    if (last.status().isPresent()) {
      text.append("last answer ").append(last.status().getAsInt());
      if (!last.bodyExcerpt().isEmpty()) {
        text.append(" \"").append(last.bodyExcerpt()).append('"');
      }
      text.append(" (").append(last.why()).append(')');
    } else {
      text.append("no answer (").append(last.why()).append(')');
    }
    return text.toString();
  }

  public String checkName() {
    return result.checkName();
  }

  public SmokeResult result() {
    return result;
  }

  public SmokeAttempt lastAttempt() {
    return result.last();
  }

  public List<SmokeAttempt> attempts() {
    return result.attempts();
  }
}
