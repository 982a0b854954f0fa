package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.kube.RolloutFailedException;
import io.rollgate.kube.WorkloadRef;
import io.rollgate.stage.StagingFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {
  @ParameterizedTest(name = "{0} -> exit {1}")
  @CsvSource({
    "ClusterUnreachable, 7",
    "Forbidden, 3",
    "Unauthorized, 3",
    "NotFound, 3",
    "Rejected, 3",
    "RequestFailed, 3",
    "ProgressDeadlineExceeded, 3"
  })
  void onlyAnUnreachableClusterDuringTheRolloutWaitExitsSeven(String reason, int exitCode) {
    // Given a staging run whose rollout wait failed for this reason
    RolloutFailedException rollout =
        new RolloutFailedException(
            WorkloadRef.deployment("shop", "checkout"), reason, "Deployment shop/checkout: ...");
    StagingFailedException staging =
        new StagingFailedException("rollout", "staging: " + rollout.getMessage(), rollout);

    // Then
    assertThat(ExitCodes.of(staging)).isEqualTo(exitCode);
  }
}
