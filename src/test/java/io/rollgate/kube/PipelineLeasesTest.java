package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.LeaseHeldException;
import io.rollgate.canary.LeaseLostException;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineLeasesTest {
  private static final String NS = "checkout";
  private static final String NAME = "rollgate-checkout";

  private final SandboxApiServer api = SandboxApiServer.start();
  private final KubernetesClient client = api.client();
  private final TestClock clock = new TestClock(Instant.parse("2026-12-01T03:00:00Z"));
  private final KubeCalls calls = new KubeCalls(Backoff.fixed(3, Duration.ZERO), d -> {});

  @AfterEach
  void stop() {
    api.close();
  }

  private PipelineLeases leases(String who) {
    return new PipelineLeases(client, calls, clock, clock::advance, who, false);
  }

  private Lease stored() {
    return client.leases().inNamespace(NS).withName(NAME).get();
  }

  @Test
  void theFirstRunTakesTheLeaseAndASecondOneIsToldWhoHoldsIt() throws Exception {
    io.rollgate.canary.Lease a = leases("run-a").acquire(NS, NAME, Duration.ZERO);

    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("run-a");
    assertThat(stored().getSpec().getLeaseDurationSeconds()).isEqualTo(15);
    assertThatThrownBy(() -> leases("run-b").acquire(NS, NAME, Duration.ZERO))
        .isInstanceOf(LeaseHeldException.class)
        .hasMessageContaining("held by run-a")
        .satisfies(e -> assertThat(((LeaseHeldException) e).holder()).isEqualTo("run-a"));
    a.ensureHeld();
  }

  @Test
  void aLeaseCreatedByAnotherRunBetweenOurReadAndOurCreateIsHeldByIt() throws Exception {
    leases("run-a").acquire(NS, NAME, Duration.ZERO);
    // run-b's read comes before run-a's create: it finds no Lease
    api.failNext(
        "GET", "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases/" + NAME, 404, 1);

    assertThatThrownBy(() -> leases("run-b").acquire(NS, NAME, Duration.ZERO))
        .isInstanceOf(LeaseHeldException.class)
        .hasMessageContaining("held by run-a");
    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("run-a");
    assertThat(api.requestLog())
        .anyMatch(
            l -> l.startsWith("POST /apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases"))
        .noneMatch(l -> l.startsWith("PUT") && l.contains("/leases/" + NAME));
  }

  @Test
  void aKilledRunsLeaseFreesItselfAfterItsOwnDuration() throws Exception {
    leases("killed-run").acquire(NS, NAME, Duration.ZERO); // never renewed, never released

    clock.advance(Duration.ofSeconds(14));
    assertThatThrownBy(() -> leases("next").acquire(NS, NAME, Duration.ZERO))
        .isInstanceOf(LeaseHeldException.class);
    clock.advance(Duration.ofSeconds(2));
    io.rollgate.canary.Lease next = leases("next").acquire(NS, NAME, Duration.ZERO);

    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("next");
    next.ensureHeld();
  }

  @Test
  void waitLockWaitsUntilTheHolderLetsGo() throws Exception {
    leases("slow-run").acquire(NS, NAME, Duration.ZERO);

    // the clock moves only through the sleeper: 16 s of waiting outlast the 15 s Lease
    io.rollgate.canary.Lease got = leases("patient").acquire(NS, NAME, Duration.ofMinutes(1));

    assertThat(got.holder()).isEqualTo("patient");
    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("patient");
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() throws Exception {
    io.rollgate.canary.Lease a = leases("run-a").acquire(NS, NAME, Duration.ZERO);
    a.close();

    io.rollgate.canary.Lease b = leases("run-b").acquire(NS, NAME, Duration.ZERO);

    assertThat(b.holder()).isEqualTo("run-b");
  }

  @Test
  void aRunWhoseLeaseWasTakenOverKnowsItBeforeWritingAndNeverWritesAgain() throws Exception {
    io.rollgate.canary.Lease a = leases("run-a").acquire(NS, NAME, Duration.ZERO);
    clock.advance(Duration.ofSeconds(20)); // run-a stalled past its Lease
    leases("run-b").acquire(NS, NAME, Duration.ZERO);
    long writes = api.writeRequestCount();

    assertThatThrownBy(a::ensureHeld)
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("now held by run-b");
    assertThatThrownBy(a::renewIfDue).isInstanceOf(LeaseLostException.class);
    a.close();

    assertThat(api.writeRequestCount()).isEqualTo(writes);
    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("run-b");
  }

  @Test
  void renewingMovesTheRenewTimeSoOthersWaitLonger() throws Exception {
    io.rollgate.canary.Lease a = leases("run-a").acquire(NS, NAME, Duration.ZERO);
    clock.advance(Duration.ofSeconds(10));
    a.renewIfDue();
    clock.advance(Duration.ofSeconds(10));

    assertThatThrownBy(() -> leases("run-b").acquire(NS, NAME, Duration.ZERO))
        .isInstanceOf(LeaseHeldException.class);
    assertThat(leases("x").holder(NS, NAME)).map(PipelineLeases.Holder::identity).contains("run-a");
  }

  @Test
  void aHolderThatCannotRenewBeforeItsOwnExpiryStopsTrustingItsLease() throws Exception {
    io.rollgate.canary.Lease a = leases("run-a").acquire(NS, NAME, Duration.ZERO);
    clock.advance(Duration.ofSeconds(13)); // within 3 s of its 15 s
    a.ensureHeld(); // renews on the way
    clock.advance(Duration.ofSeconds(13));
    api.failNext("PATCH", "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases", 503, 10);

    assertThatThrownBy(a::ensureHeld)
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("not renewed within 15s");
  }

  @Test
  void ofTwoTakeoversFromTheSameReadOnlyOneLands() {
    leases("old").holder(NS, NAME);
    io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock first =
        new io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock(
            NS, NAME, "a");
    io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock second =
        new io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock(
            NS, NAME, "b");
    var record =
        new io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord(
            "old",
            Duration.ofSeconds(15),
            java.time.ZonedDateTime.now(),
            java.time.ZonedDateTime.now(),
            0);
    first.create(client, record);
    first.get(client);
    second.get(client);

    first.update(client, withHolder(record, "a"));

    assertThatThrownBy(() -> second.update(client, withHolder(record, "b")))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .satisfies(
            e ->
                assertThat(((io.fabric8.kubernetes.client.KubernetesClientException) e).getCode())
                    .isEqualTo(409));
  }

  private static io.fabric8.kubernetes.client.extended.leaderelection.resourcelock
          .LeaderElectionRecord
      withHolder(
          io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord r,
          String holder) {
    return new io.fabric8.kubernetes.client.extended.leaderelection.resourcelock
        .LeaderElectionRecord(
        holder, r.getLeaseDuration(), r.getAcquireTime(), r.getRenewTime(), 1);
  }
}
