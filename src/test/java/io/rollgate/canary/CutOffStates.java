package io.rollgate.canary;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/** States of a run cut off in the middle of a transition, for tests of the run that follows. */
public final class CutOffStates {
  private CutOffStates() {}

  /** Cut off in its rollback: the state says ROLLING_BACK, the canary still runs. */
  public static CanaryState rollingBack(CanaryState s, Instant now) {
    return s.rollingBack(
        "cut off",
        false,
        now,
        new Decision(
            now,
            Decision.Kind.ROLLBACK,
            "cut off",
            OptionalInt.empty(),
            OptionalInt.empty(),
            List.of()));
  }

  /** Cut off in its promotion: the state says PROMOTING. */
  public static CanaryState promoting(CanaryState s, Instant now) {
    return s.promoting(
        now,
        new Decision(
            now,
            Decision.Kind.PROMOTE,
            "cut off",
            OptionalInt.empty(),
            OptionalInt.empty(),
            List.of()));
  }
}
