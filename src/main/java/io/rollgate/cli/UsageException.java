package io.rollgate.cli;

/** A request the command cannot carry out as given (exit 2); nothing was written anywhere. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
