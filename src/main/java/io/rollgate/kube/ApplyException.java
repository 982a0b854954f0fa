package io.rollgate.kube;

/**
 * The API server refused to apply an object (validation, permissions, unknown kind...): the object,
 * the HTTP code ({@code 0} when there was no answer) and the server's message. Not retried.
 */
public class ApplyException extends Exception {
  private final String objectId;
  private final int code;
  private final String serverMessage;

  public ApplyException(String objectId, int code, String serverMessage, Throwable cause) {
    this(
        "applying "
            + objectId
            + " failed: "
            + (code > 0 ? "HTTP " + code + ": " : "")
            + serverMessage,
        objectId,
        code,
        serverMessage,
        cause);
  }

  protected ApplyException(
      String message, String objectId, int code, String serverMessage, Throwable cause) {
    super(message, cause);
    this.objectId = objectId;
    this.code = code;
    this.serverMessage = serverMessage;
  }

  /** {@code Kind/namespace/name} of the object that failed. */
  public String objectId() {
    return objectId;
  }

  /** The HTTP status of the last answer, {@code 0} when none came. */
  public int code() {
    return code;
  }

  public String serverMessage() {
    return serverMessage;
  }
}
