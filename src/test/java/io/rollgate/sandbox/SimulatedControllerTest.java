package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rollgate.kube.RolloutFailedException;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.kube.WorkloadRef;
import io.rollgate.testing.Workloads;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs on {@link SandboxApiServer}, not the plain mock: its watches close off the server's event
 * loop, so an informer or waiter that stops mid-event cannot freeze the API for 30 s (NOTES.md).
 */
class SimulatedControllerTest {
  private static final String NS = "demo";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final SandboxApiServer sandbox = SandboxApiServer.start();
  private final KubernetesClient client = sandbox.client();

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private SimulatedController controller;
  private RolloutWaiter waiter;

  @BeforeEach
  void startController() {
    controller = SimulatedController.start(client, Duration.ofMillis(20));
    waiter = new RolloutWaiter(client, Clock.systemUTC(), Duration.ofSeconds(30), lines::add);
  }

  @AfterEach
  void stopControllerThenServer() {
    waiter.close();
    controller.close();
    sandbox.close();
  }

  /**
   * Runs a read-modify-write of a workload, again on a 409: the simulated controller writes the
   * same object's status meanwhile, so the write can meet a newer resourceVersion (client-go's
   * RetryOnConflict, in effect).
   */
  private static void retryingConflicts(Runnable write) {
    await()
        .atMost(5, TimeUnit.SECONDS)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              write.run();
              return true;
            });
  }

  /** Awaitility polling every 10 ms from the start, not after its default 100 ms delay. */
  private static ConditionFactory await() {
    return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
  }

  @Test
  void bringsAFourReplicaDeploymentToCompleteStatusPodByPod() throws Exception {
    // Given a new deployment of 4 replicas
    client.resource(deployment("checkout", 4, "ghcr.io/acme/checkout:1.4.2")).create();

    // When the waiter waits on it
    waiter.await(List.of(WorkloadRef.deployment(NS, "checkout")), TIMEOUT);

    // Then its status is complete and it saw the pods arrive one by one
    Deployment d = client.apps().deployments().inNamespace(NS).withName("checkout").get();
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(4);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(4);
    assertThat(d.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Progressing");
              assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
            });
    assertThat(lines)
        .contains("checkout: rolled out, 4/4 available")
        .hasSizeGreaterThanOrEqualTo(3)
        .doesNotHaveDuplicates();
    List<Pod> pods = client.pods().inNamespace(NS).withLabel("app", "checkout").list().getItems();
    assertThat(pods)
        .hasSize(4)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getLabels()).containsKey("pod-template-hash");
              assertThat(p.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getKind()).isEqualTo("ReplicaSet"));
              assertThat(p.getStatus().getPhase()).isEqualTo("Running");
              assertThat(p.getStatus().getConditions())
                  .anySatisfy(
                      c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
              assertThat(p.getStatus().getContainerStatuses())
                  .singleElement()
                  .satisfies(
                      c -> assertThat(c.getImage()).isEqualTo("ghcr.io/acme/checkout:1.4.2"));
            });
  }

  @Test
  void rollsANewTemplateOutAndRemovesTheOldPods() throws Exception {
    // Given a deployment that has rolled out
    client.resource(deployment("checkout", 3, "ghcr.io/acme/checkout:1")).create();
    waiter.await(List.of(WorkloadRef.deployment(NS, "checkout")), TIMEOUT);

    // When its image changes (a generation bump)
    retryingConflicts(
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("checkout")
                .edit(
                    d ->
                        new DeploymentBuilder(d)
                            .editSpec()
                            .editTemplate()
                            .editSpec()
                            .editFirstContainer()
                            .withImage("ghcr.io/acme/checkout:2")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build()));
    waiter.await(List.of(WorkloadRef.deployment(NS, "checkout")), TIMEOUT);

    // Then only new pods remain
    Deployment d = client.apps().deployments().inNamespace(NS).withName("checkout").get();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2);
    List<Pod> pods = client.pods().inNamespace(NS).withLabel("app", "checkout").list().getItems();
    assertThat(pods)
        .hasSize(3)
        .allSatisfy(
            p ->
                assertThat(p.getSpec().getContainers().get(0).getImage())
                    .isEqualTo("ghcr.io/acme/checkout:2"));
  }

  @Test
  void aBrokenImageLeavesThePodInImagePullBackOff() {
    // Given a deployment whose image cannot be pulled, and no grace for pod problems
    client.resource(deployment("checkout", 2, "ghcr.io/acme/checkout:broken")).create();
    RolloutFailedException failure;
    try (RolloutWaiter impatient =
        new RolloutWaiter(client, Clock.systemUTC(), Duration.ZERO, lines::add)) {

      // When waiting on it
      failure =
          catchThrowableOfType(
              RolloutFailedException.class,
              () -> impatient.await(List.of(WorkloadRef.deployment(NS, "checkout")), TIMEOUT));
    }

    // Then the failure names the pod problem
    assertThat(failure.reason()).isEqualTo("ImagePullBackOff");
    assertThat(failure.getMessage())
        .contains("container app", "Back-off pulling image \"ghcr.io/acme/checkout:broken\"");
  }

  @Test
  void aFixedImageReplacesTheStuckPodAndCompletes() throws Exception {
    // Given a rollout stuck on an image that cannot be pulled
    client.resource(deployment("checkout", 2, "ghcr.io/acme/checkout:broken")).create();
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                client.pods().inNamespace(NS).withLabel("app", "checkout").list().getItems().size()
                    == 1);

    // When the image is fixed
    retryingConflicts(
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("checkout")
                .edit(
                    d ->
                        new DeploymentBuilder(d)
                            .editSpec()
                            .editTemplate()
                            .editSpec()
                            .editFirstContainer()
                            .withImage("ghcr.io/acme/checkout:2")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build()));
    waiter.await(List.of(WorkloadRef.deployment(NS, "checkout")), TIMEOUT);

    // Then the stuck pod is gone and both replicas run the fixed image
    assertThat(client.pods().inNamespace(NS).withLabel("app", "checkout").list().getItems())
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
  }

  @Test
  void bringsAStatefulSetToItsUpdateRevision() throws Exception {
    client.resource(statefulSet("ledger", 3)).create();

    waiter.await(List.of(WorkloadRef.statefulSet(NS, "ledger")), TIMEOUT);

    StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("ledger").get();
    assertThat(sts.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(sts.getStatus().getCurrentRevision())
        .isEqualTo(sts.getStatus().getUpdateRevision())
        .startsWith("ledger-");
    assertThat(client.pods().inNamespace(NS).withLabel("app", "ledger").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("ledger-0", "ledger-1", "ledger-2");
  }

  @Test
  void updatesOnlyThePodsAboveAStatefulSetPartition() throws Exception {
    // Given a statefulset of 3 that has rolled out
    client.resource(statefulSet("ledger", 3)).create();
    waiter.await(List.of(WorkloadRef.statefulSet(NS, "ledger")), TIMEOUT);
    String oldRevision =
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName("ledger")
            .get()
            .getStatus()
            .getCurrentRevision();

    // When a new image arrives with partition 1
    retryingConflicts(
        () ->
            client
                .apps()
                .statefulSets()
                .inNamespace(NS)
                .withName("ledger")
                .edit(
                    s ->
                        new StatefulSetBuilder(s)
                            .editSpec()
                            .withNewUpdateStrategy()
                            .withType("RollingUpdate")
                            .withNewRollingUpdate()
                            .withPartition(1)
                            .endRollingUpdate()
                            .endUpdateStrategy()
                            .editTemplate()
                            .editSpec()
                            .editFirstContainer()
                            .withImage("ghcr.io/acme/ledger:2")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build()));
    waiter.await(List.of(WorkloadRef.statefulSet(NS, "ledger")), TIMEOUT);

    // Then pods 1 and 2 run the new revision, pod 0 the old one
    StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("ledger").get();
    assertThat(sts.getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(sts.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
    assertThat(sts.getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
    assertThat(client.pods().inNamespace(NS).withName("ledger-0").get().getMetadata().getLabels())
        .containsEntry("controller-revision-hash", oldRevision);
    assertThat(
            client
                .pods()
                .inNamespace(NS)
                .withName("ledger-2")
                .get()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("ghcr.io/acme/ledger:2");
  }

  @Test
  void runsADaemonSetPodOnEachOfThreeNodes() throws Exception {
    client.resource(Workloads.daemonSet(NS, "agent", "ghcr.io/acme/agent:1")).create();

    waiter.await(List.of(WorkloadRef.daemonSet(NS, "agent")), TIMEOUT);

    assertThat(client.pods().inNamespace(NS).withLabel("app", "agent").list().getItems())
        .extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrder("sandbox-node-1", "sandbox-node-2", "sandbox-node-3");
  }

  @Test
  void removesThePodsOfADeletedDeployment() throws Exception {
    client.resource(deployment("checkout", 2, "ghcr.io/acme/checkout:1")).create();
    waiter.await(List.of(WorkloadRef.deployment(NS, "checkout")), TIMEOUT);

    client.apps().deployments().inNamespace(NS).withName("checkout").delete();

    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(NS)
                    .withLabel("app", "checkout")
                    .list()
                    .getItems()
                    .isEmpty());
    // the controller deletes the pods first, then their replica set
    await()
        .atMost(5, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(client.apps().replicaSets().inNamespace(NS).list().getItems())
                    .isEmpty());
  }

  private static Deployment deployment(String name, int replicas, String image) {
    return Workloads.deployment(NS, name, replicas, image);
  }

  private static StatefulSet statefulSet(String name, int replicas) {
    return Workloads.statefulSet(NS, name, replicas, "ghcr.io/acme/" + name + ":1");
  }
}
