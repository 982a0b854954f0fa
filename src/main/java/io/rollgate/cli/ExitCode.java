package io.rollgate.cli;

/** Exit codes, as SPEC.md and the README give them. */
public final class ExitCode {
  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int BAD_INPUT = 2;
  public static final int STAGING_FAILED = 3;
  public static final int ROLLED_BACK = 4;
  public static final int WAITING = 5;
  public static final int LOCKED = 6;
  public static final int UNREACHABLE = 7;

  private ExitCode() {}
}
