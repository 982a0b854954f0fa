package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.sandbox.SandboxRequest;
import java.nio.file.Path;
import java.util.List;
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
}
