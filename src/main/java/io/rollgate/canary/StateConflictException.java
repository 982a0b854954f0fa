package io.rollgate.canary;

/** Another process wrote the state since it was read: nothing was written; read it again. */
public final class StateConflictException extends Exception {
  public StateConflictException(String message) {
    super(message);
  }
}
