package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rollgate.kube.KubeCalls;
import io.rollgate.kube.PipelineLeases;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run} decides from reads alone, and what it reads again once it holds the Lease. */
class RunDecidesUnderLeaseTest {
  private static final String NS = "checkout";
  private static final String NEW_IMAGE = "ghcr.io/acme/checkout:1.4.3";

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

  @Test
  void aRunWithNothingToDoWritesNothingTheLeaseIncluded() {
    int before = sandbox.api.requests().size();

    int code = sandbox.rollgate("run", pipeline.toString(), "--stage", "production");

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString()).contains("already runs this revision");
    List<String> writes =
        sandbox.api.requests().subList(before, sandbox.api.requests().size()).stream()
            .filter(r -> !r.method().equals("GET"))
            .map(SandboxRequest::line)
            .toList();
    assertThat(writes).isEmpty(); // no PATCH, PUT, POST or DELETE: no Lease, no dry run
  }

  @Test
  void aRunThatWaitedForTheLeasePlansFromWhatRunsOnceItHoldsIt() throws Exception {
    // another run holds the Lease, and promotes 1.4.3 while this one waits for it
    new PipelineLeases(
            sandbox.client(),
            new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}),
            sandbox.clock,
            d -> {},
            "other-run@build-9",
            false)
        .acquire(NS, "rollgate-checkout", Duration.ZERO);
    AtomicBoolean promoted = new AtomicBoolean();
    Services services =
        sandbox
            .services("ci-run")
            .withSleeper(
                d -> {
                  if (promoted.compareAndSet(false, true)) {
                    sandbox
                        .client()
                        .apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("checkout")
                        .edit(
                            (Deployment x) -> {
                              x.getSpec()
                                  .getTemplate()
                                  .getSpec()
                                  .getContainers()
                                  .get(0)
                                  .setImage(NEW_IMAGE);
                              return x;
                            });
                  }
                  sandbox.clock.sleep(d);
                });
    StringWriter out = new StringWriter();

    int code =
        RollgateCommand.newCommandLine(
                new PrintWriter(out, true), new PrintWriter(out, true), services)
            .execute(
                "run", pipeline.toString(), "--set", "IMAGE=" + NEW_IMAGE, "--wait-lock", "1m");

    assertThat(promoted).isTrue();
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("already runs this revision");
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
    assertThat(sandbox.state(NS, "checkout").get().state().phase().isTerminal()).isTrue();
  }
}
