package io.rollgate.cli;

import io.rollgate.canary.CanaryOutcome;

/** The one place a canary's outcome becomes an exit code and a word for reports (SPEC). */
final class Outcomes {
  private Outcomes() {}

  static int exitCode(CanaryOutcome o) {
    if (o instanceof CanaryOutcome.Promoted
        || o instanceof CanaryOutcome.InFlight
        || o instanceof CanaryOutcome.NothingToDo) {
      return ExitCode.OK;
    }
    if (o instanceof CanaryOutcome.RolledBack) {
      return ExitCode.ROLLED_BACK;
    }
    if (o instanceof CanaryOutcome.WaitingForPerson) {
      return ExitCode.WAITING;
    }
    if (o instanceof CanaryOutcome.Locked) {
      return ExitCode.LOCKED;
    }
    return ExitCode.UNREACHABLE;
  }

  /** promoted, rolled-back, waiting-for-person, in-flight, nothing-to-do, locked, unreachable. */
  static String label(CanaryOutcome o) {
    String simple = o.getClass().getSimpleName();
    return switch (simple) {
      case "Promoted" -> "promoted";
      case "RolledBack" -> "rolled-back";
      case "WaitingForPerson" -> "waiting-for-person";
      case "InFlight" -> "in-flight";
      case "NothingToDo" -> "nothing-to-do";
      case "Locked" -> "locked";
      default -> "unreachable";
    };
  }

  /** The line a person reads last. */
  static String line(CanaryOutcome o) {
    String m = o.message();
    if (o instanceof CanaryOutcome.InFlight f) {
      return "in flight and healthy; next action due at "
          + f.next()
          + ": `rollgate resume` (or a scheduled job) continues it ("
          + m
          + ")";
    }
    return label(o).replace('-', ' ') + ": " + m;
  }

  /**
   * Urgency for {@code resume} over many rollouts (SPEC): 7, then 4, then a rollout it could not
   * act on at all (2 bad input such as an unreadable state, 3, 1), then 5, then 6, then 0. A
   * problem with one rollout never hides that another is unreachable or was rolled back.
   */
  static int urgency(int exitCode) {
    return switch (exitCode) {
      case ExitCode.UNREACHABLE -> 7;
      case ExitCode.ROLLED_BACK -> 6;
      case ExitCode.BAD_INPUT -> 5;
      case ExitCode.WAITING -> 3;
      case ExitCode.LOCKED -> 2;
      case ExitCode.OK -> 0;
      default -> 4; // 3 and 1
    };
  }
}
