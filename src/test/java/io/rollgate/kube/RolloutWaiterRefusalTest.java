package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.testing.Workloads;
import io.rollgate.time.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rollout watch the API server refuses (401, 403, 404 of the list) is a failure of its own, named
 * for the request and the right it needs; only 429, 5xx and network failures are an unreachable
 * cluster.
 */
class RolloutWaiterRefusalTest {
  private static final String NS = "shop";
  private static final WorkloadRef CHECKOUT = WorkloadRef.deployment(NS, "checkout");

  private final SandboxApiServer cluster = SandboxApiServer.start();
  private final ManualTime time = new ManualTime(Instant.parse("2026-11-22T04:00:00Z"));
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper recordingSleeper = sleeps::add;
  private final RolloutWaiter waiter =
      new RolloutWaiter(
          cluster.client(), time, Duration.ofSeconds(30), line -> {}, time, recordingSleeper);

  @BeforeEach
  void givenADeploymentStillRollingOut() {
    cluster
        .client()
        .resource(Workloads.deployment(NS, "checkout", 2, "ghcr.io/acme/checkout:2"))
        .create();
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("checkout")
        .editStatus(
            d -> {
              DeploymentStatus s = new DeploymentStatus();
              s.setObservedGeneration(d.getMetadata().getGeneration());
              s.setReplicas(2);
              s.setUpdatedReplicas(1);
              s.setAvailableReplicas(1);
              d.setStatus(s);
              return d;
            });
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void aForbiddenPodListFailsNamingTheVerbTheResourceAndTheRightNeeded() {
    // Given the credentials may not list pods in the namespace
    cluster.failNext("GET", "/api/v1/namespaces/shop/pods", 403, 100);

    // When the rollout is awaited
    RolloutFailedException failure = failureOf(CHECKOUT);

    // Then it is refused, not unreachable, and no attempt was repeated
    assertThat(failure.reason()).isEqualTo("Forbidden");
    assertThat(failure.workload()).isEqualTo(CHECKOUT);
    assertThat(failure.getMessage())
        .contains(
            "the cluster refused to list pods in namespace shop (HTTP 403): the credentials need"
                + " 'list' and 'watch' on pods there")
        .doesNotContain("unreachable", "retry budget");
    assertThat(sleeps).as("a refusal is not retried").isEmpty();
  }

  @Test
  void aForbiddenWorkloadGetNamesGetOnDeployments() {
    cluster.failNext("GET", "/apis/apps/v1/namespaces/shop/deployments/checkout", 403, 100);

    RolloutFailedException failure = failureOf(CHECKOUT);

    assertThat(failure.reason()).isEqualTo("Forbidden");
    assertThat(failure.getMessage())
        .contains(
            "the cluster refused to get deployments in namespace shop (HTTP 403): the credentials"
                + " need 'get' and 'watch' on deployments there");
  }

  @Test
  void aForbiddenWorkloadWatchNamesWatchOnDeployments() {
    // the get is a path of its own; list and watch of deployments share the collection's path
    cluster.failNext("GET", "/apis/apps/v1/namespaces/shop/deployments?", 403, 100);

    RolloutFailedException failure = failureOf(CHECKOUT);

    assertThat(failure.reason()).isEqualTo("Forbidden");
    assertThat(failure.getMessage())
        .contains(
            "the cluster refused to watch deployments in namespace shop (HTTP 403): the"
                + " credentials need 'get' and 'watch' on deployments there");
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({"401, Unauthorized", "404, NotFound"})
  void otherRefusalsOfThePodListHaveTheirOwnReason(int status, String reason) {
    cluster.failNext("GET", "/api/v1/namespaces/shop/pods", status, 100);

    RolloutFailedException failure = failureOf(CHECKOUT);

    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.getMessage())
        .contains("list pods in namespace shop (HTTP " + status + ")")
        .contains("'list' and 'watch' on pods")
        .doesNotContain("retry budget");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void serverErrorsPastTheRetryBudgetAreStillAnUnreachableCluster() {
    cluster.failNext("GET", "/api/v1/namespaces/shop/pods", 503, 100);

    RolloutFailedException failure = failureOf(CHECKOUT);

    assertThat(failure.reason()).isEqualTo(RolloutFailedException.CLUSTER_UNREACHABLE);
    assertThat(failure.getMessage()).contains("list pods in namespace shop", "HTTP 503");
    assertThat(sleeps).hasSize(RolloutWaiter.WATCH_BACKOFF.maxAttempts() - 1);
  }

  private RolloutFailedException failureOf(WorkloadRef ref) {
    return catchThrowableOfType(
        RolloutFailedException.class, () -> waiter.await(List.of(ref), Duration.ofMinutes(5)));
  }
}
