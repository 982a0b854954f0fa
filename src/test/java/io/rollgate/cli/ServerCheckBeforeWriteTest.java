package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both stages ask the server about every object before their first write: its kind in discovery,
 * then a server-side dry run. A kind the server does not serve is exit 2 with nothing applied.
 */
class ServerCheckBeforeWriteTest {
  private static final String NS = "checkout";

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path service;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    service = temp.resolve("manifests/service.yaml");
    Files.writeString(service, Files.readString(service).replace("kind: Service", "kind: Servce"));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aMisspeltKindIsExit2InStagingWithNothingApplied() throws Exception {
    Path both = sandbox.pipeline("checkout", NS, "- setWeight: 50\n", true);

    int code = sandbox.rollgate("run", both.toString(), "--stage", "staging");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.err.toString())
        .contains(
            service
                + ":1:1: Servce/checkout-staging/checkout: the cluster serves no kind Servce in v1"
                + " (did you mean Service?)")
        .contains("nothing was applied")
        .doesNotContain("GenericKubernetesResource");
    assertThat(sandbox.rollgateWrites()).isEmpty();
    assertThat(sandbox.configMap(NS + "-staging", "checkout-config")).isEmpty();
    assertThat(sandbox.deployment(NS + "-staging", "checkout")).isEmpty();
  }

  @Test
  void aMisspeltKindIsExit2InProductionBeforeTheLeaseOrTheState() throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 50\n");

    int code = sandbox.rollgate("run", prod.toString());

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.err.toString())
        .contains(service + ":1:1: Servce/checkout/checkout: the cluster serves no kind Servce");
    assertThat(sandbox.rollgateWrites()).isEmpty();
    assertThat(sandbox.state(NS, "checkout")).isEmpty();
  }

  @Test
  void aDryRunSaysTheSameWithoutWriting() throws Exception {
    Path both = sandbox.pipeline("checkout", NS, "- setWeight: 50\n", true);

    int code = sandbox.rollgate("run", both.toString(), "--dry-run");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.err.toString()).contains("the cluster serves no kind Servce in v1");
    assertThat(sandbox.rollgateWrites()).isEmpty();
  }
}
