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
    assertThat(sandbox.rollgateWrites()).isEmpty();
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

  @Test
  void anObjectTheServerRefusesIsExit2BeforeAnythingIsWrittenTheLeaseIncluded() throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 50\n");
    assertThat(sandbox.rollgate("run", prod.toString())).isZero();
    int writes = sandbox.rollgateWrites().size();
    sandbox.api.failNext("PATCH", "/api/v1/namespaces/" + NS + "/services/checkout", 422, 1);

    int code =
        sandbox.rollgate("run", prod.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(sandbox.rollgateWrites()).hasSize(writes);
    assertThat(sandbox.deployment(NS, "checkout-canary")).isEmpty();
  }

  @Test
  void promotionKeepsStablesReplicaCountAndTakesOverFieldsKubectlApplied() throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 50\n");
    assertThat(sandbox.rollgate("run", prod.toString())).isZero();
    // someone scaled stable to 6, and kubectl applied its template too
    var stable = sandbox.deployment(NS, "checkout").get();
    stable.getMetadata().setManagedFields(null);
    stable.getMetadata().setResourceVersion(null);
    stable.setStatus(null);
    stable.getSpec().setReplicas(6);
    sandbox.client().resource(stable).fieldManager("kubectl").forceConflicts().serverSideApply();
    org.awaitility.Awaitility.await()
        .until(() -> sandbox.deployment(NS, "checkout").get().getStatus().getReadyReplicas() == 6);

    int code =
        sandbox.rollgate("run", prod.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3");

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.3");
    assertThat(sandbox.deployment(NS, "checkout").get().getSpec().getReplicas()).isEqualTo(6);
  }

  @Test
  void aPromotionCutOffAfterTheCanaryWasRemovedIsFinishedByResumeWithTheNewConfiguration()
      throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 50\n- pause: {}\n");
    assertThat(sandbox.rollgate("run", prod.toString())).isZero();
    assertThat(
            sandbox.rollgate(
                "run",
                prod.toString(),
                "--set",
                "IMAGE=ghcr.io/acme/checkout:1.4.3",
                "--set",
                "LOG_LEVEL=debug"))
        .isEqualTo(ExitCode.WAITING);
    var saved = sandbox.state(NS, "checkout").get();
    var calls =
        new io.rollgate.kube.KubeCalls(io.rollgate.retry.Backoff.fixed(1, Duration.ZERO), d -> {});
    var store = new io.rollgate.kube.ConfigMapStateStore(sandbox.client(), calls, NS, "checkout");
    // a process saved PROMOTING, promoted up to removing the canary, and died before saving more
    var next =
        io.rollgate.canary.CanaryEngine.next(
            saved.plan(),
            saved
                .state()
                .withRequest(
                    io.rollgate.canary.Request.promote(true, "dead-run", sandbox.clock.instant())),
            sandbox.clock.instant());
    var promoting = ((io.rollgate.canary.Next.Transition) next).state();
    assertThat(promoting.phase()).isEqualTo(io.rollgate.canary.Phase.PROMOTING);
    store.update(saved, promoting);
    var workloads =
        new io.rollgate.kube.DeploymentCanary(
            sandbox.client(),
            calls,
            saved.plan(),
            new io.rollgate.kube.RolloutWaiter(
                sandbox.client(), sandbox.clock, Duration.ofSeconds(1), line -> {}),
            d -> {},
            line -> {});
    workloads.promoteStable(Duration.ofMinutes(1));
    workloads.drainCanary();
    workloads.removeCanary();
    assertThat(sandbox.configMap(NS, "checkout-config-canary")).isEmpty();

    int code = sandbox.rollgate("resume", prod.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(sandbox.state(NS, "checkout").get().state().phase())
        .isEqualTo(io.rollgate.canary.Phase.PROMOTED);
    assertThat(sandbox.image(NS, "checkout")).endsWith(":1.4.3");
    assertThat(sandbox.configMap(NS, "checkout-config").get().getData())
        .containsEntry("LOG_LEVEL", "debug");
    assertThat(sandbox.configMap(NS, "checkout-config-rollgate-previous")).isEmpty();
  }

  @Test
  void theRealConfigurationKeepsItsOwnLabelsAfterPromotion() throws Exception {
    Path prod = sandbox.pipeline("checkout", NS, "- setWeight: 50\n");
    java.nio.file.Files.writeString(
        temp.resolve("manifests/configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checkout-config\n  labels: {app: checkout, app.kubernetes.io/managed-by: Helm}\ndata:\n  LOG_LEVEL: ${LOG_LEVEL}\n");
    assertThat(sandbox.rollgate("run", prod.toString())).isZero();

    assertThat(
            sandbox.rollgate(
                "run",
                prod.toString(),
                "--set",
                "IMAGE=ghcr.io/acme/checkout:1.4.3",
                "--set",
                "LOG_LEVEL=debug"))
        .as(sandbox.printed())
        .isZero();

    var cm = sandbox.configMap(NS, "checkout-config").get();
    assertThat(cm.getData()).containsEntry("LOG_LEVEL", "debug");
    assertThat(cm.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm")
        .doesNotContainKey("rollgate.io/copy-of");
  }
}
