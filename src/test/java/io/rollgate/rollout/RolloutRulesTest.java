package io.rollgate.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RolloutRulesTest {

  @Nested
  class Deployments {
    @Test
    void waitsUntilTheControllerHasObservedTheNewGeneration() {
      var progress = RolloutRules.deployment(deployment(2, 1, 4, 4, 4, 4, List.of()));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
      assertThat(progress.line())
          .isEqualTo("checkout: waiting for the controller to observe the new spec");
    }

    @Test
    void isInProgressWhileNotAllReplicasAreUpdated() {
      var progress = RolloutRules.deployment(deployment(1, 1, 4, 4, 3, 2, List.of()));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
      assertThat(progress.line()).isEqualTo("checkout: 3/4 updated, 2 available");
    }

    @Test
    void isInProgressWhileOldReplicasArePendingTermination() {
      var progress = RolloutRules.deployment(deployment(1, 1, 4, 5, 4, 4, List.of()));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
      assertThat(progress.line()).endsWith("1 old pending termination");
    }

    @Test
    void isInProgressWhileUpdatedReplicasAreNotAvailable() {
      var progress = RolloutRules.deployment(deployment(1, 1, 4, 4, 4, 3, List.of()));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }

    @Test
    void isCompleteWhenAllReplicasAreUpdatedAndAvailable() {
      var progress = RolloutRules.deployment(deployment(3, 3, 4, 4, 4, 4, List.of()));

      assertThat(progress.isComplete()).isTrue();
      assertThat(progress.line()).isEqualTo("checkout: rolled out, 4/4 available");
    }

    @Test
    void failsWhenTheProgressDeadlineIsExceeded() {
      var deadline =
          new WorkloadCondition(
              "Progressing",
              "False",
              "ProgressDeadlineExceeded",
              "ReplicaSet \"checkout-5d8\" has timed out progressing.");

      var progress = RolloutRules.deployment(deployment(1, 1, 4, 4, 2, 2, List.of(deadline)));

      assertThat(progress.isFailed()).isTrue();
      assertThat(progress.reason()).isEqualTo("ProgressDeadlineExceeded");
      assertThat(progress.line())
          .contains("checkout", "exceeded its progress deadline", "has timed out progressing");
    }

    @Test
    void aStaleDeadlineConditionFromAnOlderGenerationIsNotAFailure() {
      var deadline = new WorkloadCondition("Progressing", "False", "ProgressDeadlineExceeded", "");

      var progress = RolloutRules.deployment(deployment(2, 1, 4, 4, 2, 2, List.of(deadline)));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }

    @Test
    void progressingConditionWithOtherReasonsIsNotAFailure() {
      var progressing = new WorkloadCondition("Progressing", "True", "ReplicaSetUpdated", "");

      var progress = RolloutRules.deployment(deployment(1, 1, 4, 4, 2, 2, List.of(progressing)));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }
  }

  @Nested
  class StatefulSets {
    @Test
    void waitsWhileTheStatusHasNeverBeenObserved() {
      var progress = RolloutRules.statefulSet(sts(1, 0, Optional.of(0), 3, 3, 3, "r1", "r1"));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }

    @Test
    void waitsForPodsToBeReady() {
      var progress = RolloutRules.statefulSet(sts(1, 1, Optional.of(0), 3, 2, 3, "r2", "r2"));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
      assertThat(progress.line()).isEqualTo("ledger: 3/3 updated, 2 ready");
    }

    @Test
    void withRollingUpdateSetItStillWaitsForTheRevisionsToMatch() {
      // kubectl would say "partitioned roll out complete" here, before the pods moved to r2
      var progress = RolloutRules.statefulSet(sts(2, 2, Optional.of(0), 3, 3, 1, "r1", "r2"));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
      assertThat(progress.line()).contains("waiting for revision r2");
    }

    @Test
    void isCompleteWhenCurrentRevisionCaughtUpWithUpdateRevision() {
      var progress = RolloutRules.statefulSet(sts(2, 2, Optional.empty(), 3, 3, 3, "r2", "r2"));

      assertThat(progress.isComplete()).isTrue();
      assertThat(progress.line()).isEqualTo("ledger: rolled out, 3 pods at revision r2");
    }

    @Test
    void withAPartitionItWaitsForThePodsAboveIt() {
      var progress = RolloutRules.statefulSet(sts(2, 2, Optional.of(2), 4, 4, 1, "r1", "r2"));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
      assertThat(progress.line()).isEqualTo("ledger: 1/2 updated above partition 2, 4 ready");
    }

    @Test
    void withAPartitionItIsCompleteOnceThePodsAboveItAreUpdatedThoughRevisionsDiffer() {
      var progress = RolloutRules.statefulSet(sts(2, 2, Optional.of(2), 4, 4, 2, "r1", "r2"));

      assertThat(progress.isComplete()).isTrue();
    }

    @Test
    void failsForTheOnDeleteStrategyAsKubectlDoes() {
      var onDelete =
          new StatefulSetStatusView(
              "ledger", 1, 1, "OnDelete", Optional.empty(), 3, 3, 3, 3, "r1", "r1");

      var progress = RolloutRules.statefulSet(onDelete);

      assertThat(progress.isFailed()).isTrue();
      assertThat(progress.reason()).isEqualTo("UnsupportedUpdateStrategy");
    }
  }

  @Nested
  class DaemonSets {
    @Test
    void waitsForTheNewGenerationToBeObserved() {
      var progress =
          RolloutRules.daemonSet(new DaemonSetStatusView("agent", 3, 2, "RollingUpdate", 3, 3, 3));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }

    @Test
    void waitsWhileNotEveryNodeRunsAnUpdatedPod() {
      var progress =
          RolloutRules.daemonSet(new DaemonSetStatusView("agent", 2, 2, "RollingUpdate", 3, 2, 3));

      assertThat(progress.line()).isEqualTo("agent: 2/3 updated, 3 available");
      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }

    @Test
    void waitsWhileUpdatedPodsAreNotAvailable() {
      var progress =
          RolloutRules.daemonSet(new DaemonSetStatusView("agent", 2, 2, "RollingUpdate", 3, 3, 2));

      assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    }

    @Test
    void isCompleteWhenEveryNodeRunsAnAvailableUpdatedPod() {
      var progress =
          RolloutRules.daemonSet(new DaemonSetStatusView("agent", 2, 2, "RollingUpdate", 3, 3, 3));

      assertThat(progress.isComplete()).isTrue();
    }

    @Test
    void failsForTheOnDeleteStrategy() {
      var progress =
          RolloutRules.daemonSet(new DaemonSetStatusView("agent", 2, 2, "OnDelete", 3, 3, 3));

      assertThat(progress.reason()).isEqualTo("UnsupportedUpdateStrategy");
    }
  }

  private static DeploymentStatusView deployment(
      long generation,
      long observed,
      int desired,
      int replicas,
      int updated,
      int available,
      List<WorkloadCondition> conditions) {
    return new DeploymentStatusView(
        "checkout",
        generation,
        observed,
        desired,
        replicas,
        updated,
        available,
        available,
        conditions);
  }

  private static StatefulSetStatusView sts(
      long generation,
      long observed,
      Optional<Integer> partition,
      int desired,
      int ready,
      int updated,
      String current,
      String update) {
    return new StatefulSetStatusView(
        "ledger",
        generation,
        observed,
        "RollingUpdate",
        partition,
        desired,
        ready,
        updated,
        ready - updated,
        current,
        update);
  }
}
