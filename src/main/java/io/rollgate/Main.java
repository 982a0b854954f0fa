package io.rollgate;

import io.rollgate.cli.RollgateCommand;

/** Entry point: the only place that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RollgateCommand.execute(args));
  }
}
