package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both stages in one run, a production dry run, and a live canary someone else changed. */
class CanaryEdgesTest {
  private static final String NS = "checkout";

  @TempDir Path temp;
  private CanarySandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aFailingStagingStopsTheRunWithExit3AndProductionIsNotTouched() throws Exception {
    Path both = sandbox.pipeline("checkout", NS, "- setWeight: 50\n", true);

    int code =
        sandbox.rollgate("run", both.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:broken");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.STAGING_FAILED);
    assertThat(sandbox.deployment(NS, "checkout")).isEmpty();
    assertThat(sandbox.rollgateWrites()).noneMatch(w -> w.contains("/namespaces/" + NS + "/"));
  }

  @Test
  void oneRunTakesTheReleaseThroughStagingAndTheCanaryWithOneReport() throws Exception {
    Path both =
        sandbox.pipeline("checkout", NS, "- setWeight: 50\n- analysis: {duration: 1m}\n", true);
    assertThat(sandbox.rollgate("run", both.toString())).as(sandbox.printed()).isZero();
    Path report = temp.resolve("report.json");

    int code =
        sandbox.rollgate(
            "run",
            both.toString(),
            "--set",
            "IMAGE=ghcr.io/acme/checkout:1.4.3",
            "--report",
            report.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.image(NS + "-staging", "checkout")).endsWith(":1.4.3");
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.3");
    var json =
        com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(report))
            .getAsJsonObject();
    assertThat(json.get("outcome").getAsString()).isEqualTo("promoted");
    assertThat(json.getAsJsonArray("actions").toString()).contains("checkout-staging");
    assertThat(json.getAsJsonArray("decisions").toString())
        .contains("\"kind\":\"promote\"")
        .contains("\"weight\":50");
  }

  @Test
  void aProductionDryRunAsksTheServerAndStartsNoCanary() throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 50\n");

    int code = sandbox.rollgate("run", prod.toString(), "--stage", "production", "--dry-run");

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.api.requestLog()).anyMatch(l -> l.contains("dryRun=All"));
    assertThat(sandbox.rollgateWrites()).allMatch(w -> w.contains("dryRun=All"));
    assertThat(sandbox.state(NS, "checkout")).isEmpty();
  }

  @Test
  void aLiveCanarySomeoneScaledIsReportedAndPutBackOnResume() throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 25\n- pause: {duration: 1h}\n");
    assertThat(sandbox.rollgate("run", prod.toString())).isZero();
    assertThat(
            sandbox.rollgate(
                "run", prod.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3", "--detach"))
        .isZero();
    sandbox.client().apps().deployments().inNamespace(NS).withName("checkout-canary").scale(3);
    org.awaitility.Awaitility.await()
        .until(
            () ->
                sandbox.deployment(NS, "checkout-canary").get().getStatus().getReadyReplicas()
                    == 3);
    sandbox.clock.sleep(Duration.ofMinutes(1));

    int code = sandbox.rollgate("resume", prod.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.out.toString())
        .contains("the live canary differs from the saved state: 3 canary pods asked (3 ready)")
        .contains("saved 1 pods at 20%")
        .contains("putting the saved weight back");
    assertThat(sandbox.deployment(NS, "checkout-canary").get().getSpec().getReplicas())
        .isEqualTo(1);
  }
}
