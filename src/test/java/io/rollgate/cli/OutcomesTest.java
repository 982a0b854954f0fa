package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.canary.CanaryOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomesTest {
  @Test
  void everyOutcomeHasTheExitCodeTheSpecGivesIt() {
    assertThat(Outcomes.exitCode(new CanaryOutcome.Promoted("p"))).isEqualTo(0);
    assertThat(Outcomes.exitCode(new CanaryOutcome.InFlight(Instant.EPOCH, "f"))).isEqualTo(0);
    assertThat(Outcomes.exitCode(new CanaryOutcome.NothingToDo("n"))).isEqualTo(0);
    assertThat(Outcomes.exitCode(new CanaryOutcome.RolledBack("r"))).isEqualTo(4);
    assertThat(Outcomes.exitCode(new CanaryOutcome.WaitingForPerson("w"))).isEqualTo(5);
    assertThat(Outcomes.exitCode(new CanaryOutcome.Locked("h", "l"))).isEqualTo(6);
    assertThat(Outcomes.exitCode(new CanaryOutcome.Unreachable("u"))).isEqualTo(7);
  }

  @Test
  void resumeOverManyTakesTheMostUrgentSevenThenFourThenFiveThenZero() {
    // a rollout it could not act on (2, 3, 1) ranks below 7 and 4 and above waiting: it never
    // hides an outage or a rollback, and a scheduled job still fails on it
    int[] order = {
      ExitCode.UNREACHABLE,
      ExitCode.ROLLED_BACK,
      ExitCode.BAD_INPUT,
      ExitCode.INTERNAL_ERROR,
      ExitCode.WAITING,
      ExitCode.LOCKED,
      ExitCode.OK
    };
    for (int i = 1; i < order.length; i++) {
      assertThat(Outcomes.urgency(order[i - 1])).isGreaterThan(Outcomes.urgency(order[i]));
    }
  }
}
