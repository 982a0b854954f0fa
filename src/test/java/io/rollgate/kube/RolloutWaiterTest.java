package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.rollgate.time.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutWaiterTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final MockCluster cluster = new MockCluster();
  private final ManualTime time = new ManualTime(Instant.parse("2026-11-22T04:00:00Z"));
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper recordingSleeper = sleeps::add;
  private final RolloutWaiter waiter =
      new RolloutWaiter(cluster.client, time, GRACE, lines::add, time, recordingSleeper);

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  /**
   * Awaitility with a 10 ms poll and no initial delay: the defaults (100 ms each) add up to seconds
   * over this class's twenty waits, for conditions that mostly hold within milliseconds.
   */
  private static ConditionFactory await() {
    return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
  }

  @Test
  void finishesTheMomentTheDeploymentStatusIsComplete() {
    // Given a deployment whose rollout is half way
    cluster.deployment("checkout", 4);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 4, 2, 2));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> lines.contains("checkout: 2/4 updated, 2 available"));
    assertThat(wait).isNotDone();

    // When the controller reports every replica updated and available
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 4, 4, 4));

    // Then the watch event ends the wait: no time passes, nothing sleeps or re-lists
    await().atMost(5, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
    assertThat(sleeps).isEmpty();
    assertThat(time.instant()).isEqualTo(Instant.parse("2026-11-22T04:00:00Z"));
    assertThat(lines)
        .containsSubsequence(
            "checkout: 2/4 updated, 2 available", "checkout: rolled out, 4/4 available");
    assertThat(lines).doesNotHaveDuplicates();
  }

  @Test
  void failsWithTheReasonWhenTheProgressDeadlineIsExceeded() {
    // Given a deployment that is still rolling out
    cluster.deployment("checkout", 4);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 4, 1, 0));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> !lines.isEmpty());

    // When the controller gives up on it
    cluster.deploymentStatus(
        "checkout",
        s -> {
          s.setConditions(
              List.of(
                  new DeploymentConditionBuilder()
                      .withType("Progressing")
                      .withStatus("False")
                      .withReason("ProgressDeadlineExceeded")
                      .withMessage("ReplicaSet \"checkout-5d8\" has timed out progressing.")
                      .build()));
          return s;
        });

    // Then the wait fails at once, naming the reason
    RolloutFailedException failure = failureOf(wait);
    assertThat(failure.reason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(failure.workload()).isEqualTo(WorkloadRef.deployment(MockCluster.NS, "checkout"));
    assertThat(failure.getMessage())
        .contains("checkout", "progress deadline", "has timed out progressing");
  }

  @Test
  void failsOnAnImagePullBackOffPodOnceItOutlastsTheGracePeriod() {
    // Given a rollout with a pod that cannot pull its image
    cluster.deployment("checkout", 2);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 3, 1, 2));
    cluster.waitingPod(
        "checkout",
        "checkout-7f9c-x2x",
        "app",
        "ImagePullBackOff",
        "Back-off pulling image \"ghcr.io/acme/checkout:broken\"");
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    // the timeout and the end of the pod's grace period are both scheduled
    await().atMost(5, TimeUnit.SECONDS).until(() -> time.scheduled() == 2);

    // When less than the grace period passes, nothing fails yet (the problem is announced once)
    time.advance(Duration.ofSeconds(29));
    assertThat(wait).isNotDone();
    assertThat(lines)
        .containsOnlyOnce(
            "checkout: pod checkout-7f9c-x2x, container app: ImagePullBackOff: Back-off pulling"
                + " image \"ghcr.io/acme/checkout:broken\" (fails the rollout if it lasts 30s)");
    // and once it has passed
    time.advance(Duration.ofSeconds(1));

    // Then the wait fails naming pod, container and reason, long before the timeout
    RolloutFailedException failure = failureOf(wait);
    assertThat(failure.reason()).isEqualTo("ImagePullBackOff");
    assertThat(failure.getMessage())
        .contains(
            "checkout-7f9c-x2x",
            "container app",
            "ImagePullBackOff",
            "ghcr.io/acme/checkout:broken",
            "30s");
  }

  @Test
  void aPodThatRecoversWithinTheGracePeriodIsNotAFailure() {
    // Given a pod that briefly fails to pull
    cluster.deployment("checkout", 1);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 1, 0, 0));
    cluster.waitingPod("checkout", "checkout-7f9c-x2x", "app", "ErrImagePull", "registry timeout");
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> time.scheduled() == 2);

    // When it is replaced before the grace ends and the rollout completes
    time.advance(Duration.ofSeconds(10));
    cluster.client.pods().inNamespace(MockCluster.NS).withName("checkout-7f9c-x2x").delete();
    await().atMost(5, TimeUnit.SECONDS).until(() -> time.scheduled() == 1);
    time.advance(Duration.ofSeconds(60));
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 1, 1, 1));

    // Then the wait succeeds
    await().atMost(5, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
  }

  @Test
  void partitionedStatefulSetIsCompleteOnceThePodsAboveThePartitionAreUpdated() {
    // Given a statefulset of 4 with partition 2, all ready, one pod on the new revision
    cluster.statefulSet("ledger", 4, 2);
    cluster.statefulSetStatus("ledger", sts(1, 4, 1, "ledger-1", "ledger-2"));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.statefulSet(MockCluster.NS, "ledger")));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> lines.contains("ledger: 1/2 updated above partition 2, 4 ready"));
    assertThat(wait).isNotDone();

    // When the second pod above the partition is updated (the revisions still differ)
    cluster.statefulSetStatus("ledger", sts(1, 4, 2, "ledger-1", "ledger-2"));

    // Then the rollout is complete
    await().atMost(2, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
  }

  @Test
  void daemonSetIsCompleteWhenEveryNodeRunsAnAvailableUpdatedPod() {
    // Given a daemonset on 3 nodes, 2 updated
    cluster.daemonSet("agent");
    cluster.daemonSetStatus("agent", ds(1, 3, 2, 2));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.daemonSet(MockCluster.NS, "agent")));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> lines.contains("agent: 2/3 updated, 2 available"));
    assertThat(wait).isNotDone();

    // When the third node's pod is updated and available
    cluster.daemonSetStatus("agent", ds(1, 3, 3, 3));

    // Then the wait finishes
    await().atMost(2, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
  }

  @Test
  void waitsOnAllWorkloadsAtOnce() {
    // Given two workloads still rolling out
    cluster.deployment("checkout", 2);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 1, 1));
    cluster.daemonSet("agent");
    cluster.daemonSetStatus("agent", ds(1, 3, 1, 1));
    CompletableFuture<Void> wait =
        awaitAsync(
            List.of(
                WorkloadRef.deployment(MockCluster.NS, "checkout"),
                WorkloadRef.daemonSet(MockCluster.NS, "agent")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> lines.size() == 2);

    // When only one completes, the wait goes on; when the other does too, it ends
    cluster.daemonSetStatus("agent", ds(1, 3, 3, 3));
    await()
        .atMost(2, TimeUnit.SECONDS)
        .until(() -> lines.contains("agent: rolled out, 3/3 available"));
    assertThat(wait).isNotDone();
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 2, 2));

    // Then
    await().atMost(2, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
  }

  @Test
  void failsWithTimeoutSayingWhatIsStillMissing() {
    // Given a rollout that makes no progress
    cluster.deployment("checkout", 4);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 4, 3, 2));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> !lines.isEmpty());

    // When the timeout passes
    time.advance(TIMEOUT);

    // Then
    RolloutFailedException failure = failureOf(wait);
    assertThat(failure.reason()).isEqualTo("Timeout");
    assertThat(failure.getMessage()).contains("5m", "checkout: 3/4 updated, 2 available");
  }

  @Test
  void aWaitThatIsOverRetriesNoneOfTheRequestsItInterrupts() throws Exception {
    // Given a deployment that is already rolled out: the wait ends while its pods are being listed
    cluster.deployment("checkout", 2);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 2, 2));

    // When it is awaited, again and again
    for (int i = 0; i < 10; i++) {
      waiter.await(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")), TIMEOUT);
    }

    // Then the interrupted pod lists were not taken for an outage and retried
    assertThat(sleeps).isEmpty();
  }

  @Test
  void failsWithNotFoundWhenTheWorkloadDoesNotExist() {
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "ghost")));

    RolloutFailedException failure = failureOf(wait);

    assertThat(failure.reason()).isEqualTo("NotFound");
    assertThat(failure.getMessage()).contains("Deployment shop/ghost");
  }

  @Test
  void finishesWhenTheServerClosesTheWatchesMidWait() {
    // Given a wait under way
    cluster.deployment("checkout", 2);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 1, 1));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> cluster.dispatcher.watchesOpen() == 2);
    int before = cluster.dispatcher.watchesOpened();

    // When the server closes its watches, and the rollout then completes
    cluster.dispatcher.closeWatches();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> cluster.dispatcher.watchesOpened() >= before + 2);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 2, 2));

    // Then the wait still sees it
    await().atMost(5, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
  }

  @Test
  void listsAgainAndFinishesWhenTheServerExpiresTheWatches() {
    // Given a wait under way
    cluster.deployment("checkout", 2);
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 1, 1));
    CompletableFuture<Void> wait =
        awaitAsync(List.of(WorkloadRef.deployment(MockCluster.NS, "checkout")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> cluster.dispatcher.watchesOpen() == 2);
    int before = cluster.dispatcher.watchesOpened();

    // When the server answers "410 Gone" and the rollout completes right then
    cluster.dispatcher.expireWatches();
    cluster.deploymentStatus("checkout", s -> counts(s, 1, 2, 2, 2));

    // Then the waiter lists again, watches again, and finishes
    await().atMost(10, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompleted();
    assertThat(cluster.dispatcher.watchesOpened()).isGreaterThan(before);
  }

  private CompletableFuture<Void> awaitAsync(List<WorkloadRef> refs) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            waiter.await(refs, TIMEOUT);
          } catch (RolloutFailedException e) {
            throw new CompletionException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        });
  }

  private static RolloutFailedException failureOf(CompletableFuture<Void> wait) {
    await().atMost(5, TimeUnit.SECONDS).until(wait::isDone);
    assertThat(wait).isCompletedExceptionally();
    Throwable cause = wait.handle((ok, e) -> e).join();
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(RolloutFailedException.class);
    return (RolloutFailedException) cause;
  }

  private static DeploymentStatus counts(
      DeploymentStatus s, long observed, int replicas, int updated, int available) {
    s.setObservedGeneration(observed);
    s.setReplicas(replicas);
    s.setUpdatedReplicas(updated);
    s.setReadyReplicas(available);
    s.setAvailableReplicas(available);
    return s;
  }

  private static StatefulSetStatus sts(
      long observed, int ready, int updated, String current, String update) {
    return new StatefulSetStatusBuilder()
        .withObservedGeneration(observed)
        .withReplicas(ready)
        .withReadyReplicas(ready)
        .withUpdatedReplicas(updated)
        .withCurrentRevision(current)
        .withUpdateRevision(update)
        .build();
  }

  private static DaemonSetStatus ds(long observed, int desired, int updated, int available) {
    return new DaemonSetStatusBuilder()
        .withObservedGeneration(observed)
        .withDesiredNumberScheduled(desired)
        .withCurrentNumberScheduled(desired)
        .withUpdatedNumberScheduled(updated)
        .withNumberAvailable(available)
        .withNumberReady(available)
        .build();
  }
}
