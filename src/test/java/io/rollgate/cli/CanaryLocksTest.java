package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.rollgate.kube.KubeCalls;
import io.rollgate.kube.PipelineLeases;
import io.rollgate.retry.Backoff;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs at once, a lock waited for, a lock lost: through the command line. */
class CanaryLocksTest {
  private static final String NS = "checkout";

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path pipeline;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    pipeline = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {duration: 1h}\n");
    assertThat(sandbox.rollgate("run", pipeline.toString())).as(sandbox.printed()).isZero();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private void anotherRunHoldsTheLease() throws Exception {
    new PipelineLeases(
            sandbox.client(),
            new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}),
            sandbox.clock,
            d -> {},
            "other-run@build-9",
            false)
        .acquire(NS, "rollgate-checkout", Duration.ZERO);
  }

  @Test
  void aSecondRunWhileTheLockIsHeldExits6SayingWhoHoldsItAndChangesNothing() throws Exception {
    anotherRunHoldsTheLease();
    int writes = sandbox.rollgateWrites().size();

    int code =
        sandbox.rollgate("run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.LOCKED);
    assertThat(sandbox.out.toString()).contains("held by other-run@build-9");
    assertThat(sandbox.rollgateWrites()).hasSize(writes);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
  }

  @Test
  void waitLockOutwaitsAHolderThatStoppedRenewing() throws Exception {
    anotherRunHoldsTheLease();

    int code =
        sandbox.rollgate(
            "run",
            pipeline.toString(),
            "--set",
            "IMAGE=ghcr.io/acme/checkout:1.4.3",
            "--wait-lock",
            "1m",
            "--detach");

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.deployment(NS, "checkout-canary")).isPresent();
  }

  @Test
  void aRunWhoseLeaseIsTakenOverStopsWritingAtOnce() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    CountDownLatch takenOver = new CountDownLatch(1);
    Services services =
        sandbox
            .services("slow-run")
            .withSleeper(
                d -> {
                  waiting.countDown();
                  takenOver.await();
                  sandbox.clock.sleep(d);
                });
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                RollgateCommand.newCommandLine(
                        new PrintWriter(out, true), new PrintWriter(out, true), services)
                    .execute(
                        "run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3"));
    assertThat(waiting.await(60, TimeUnit.SECONDS)).as(out.toString()).isTrue();

    // another run takes the Lease over (as if this one had stalled past its 15 s)
    sandbox
        .client()
        .leases()
        .inNamespace(NS)
        .withName("rollgate-checkout")
        .edit(
            (Lease l) -> {
              l.getSpec().setHolderIdentity("thief@elsewhere");
              l.getSpec()
                  .setRenewTime(ZonedDateTime.ofInstant(sandbox.clock.instant(), ZoneOffset.UTC));
              return l;
            });
    List<String> atLoss = sandbox.rollgateWrites();
    takenOver.countDown();

    assertThat(run.get(60, TimeUnit.SECONDS)).as(out.toString()).isEqualTo(ExitCode.LOCKED);
    assertThat(out.toString()).contains("now held by thief@elsewhere");
    assertThat(sandbox.rollgateWrites()).isEqualTo(atLoss);
    assertThat(
            sandbox
                .client()
                .leases()
                .inNamespace(NS)
                .withName("rollgate-checkout")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("thief@elsewhere");
  }
}
