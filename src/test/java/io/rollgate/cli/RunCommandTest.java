package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rollgate.kube.KubeClients;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.sandbox.SimulatedController;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `rollgate run --stage staging` end to end against the sandbox cluster, through the real command
 * line.
 */
class RunCommandTest {
  private static final Path DEMO = Path.of("pipelines", "demo.yaml");

  @TempDir Path temp;

  private SandboxApiServer api;
  private SimulatedController controller;
  private SandboxApp app;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void startSandbox() throws Exception {
    api = SandboxApiServer.start();
    controller = SimulatedController.start(api.client(), Duration.ofMillis(10));
    app = SandboxApp.start("1.4.2");
  }

  @AfterEach
  void stopSandbox() {
    app.close();
    controller.close();
    api.close();
  }

  private int rollgate(String... args) {
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(waits::add)
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) ->
                    new KubernetesClientBuilder()
                        .withConfig(api.client().getConfiguration())
                        .build())
            .withTunnels(client -> app.sandboxTunnel());
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  @Test
  void stagingComesUpHealthyAndTheReportRecordsEveryAction() throws Exception {
    Path report = temp.resolve("report.json");

    int code =
        rollgate("run", DEMO.toString(), "--stage", "staging", "--report", report.toString());

    assertThat(code).as(out + "\n" + err).isZero();
    Deployment deployment =
        api.client()
            .apps()
            .deployments()
            .inNamespace("checkout-staging")
            .withName("checkout")
            .get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/acme/checkout:1.4.2");
    assertThat(out.toString()).contains("staging: healthy");
    JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    assertThat(json.get("exitCode").getAsInt()).isZero();
    assertThat(json.getAsJsonArray("actions").toString())
        .contains("Deployment/checkout-staging/checkout")
        .contains("\"action\":\"rollout\"")
        .contains("\"action\":\"smoke\"");
  }

  @Test
  void aFailingSmokeCheckExitsWith3AndSaysWhatCameBack() {
    app.unhealthy();

    int code = rollgate("run", DEMO.toString(), "--stage", "staging");

    assertThat(code).isEqualTo(ExitCode.STAGING_FAILED);
    assertThat(err.toString()).contains("health").contains("503");
  }

  @Test
  void badInputExitsWith2BeforeAnyRequestReachesTheCluster() throws Exception {
    Path broken = temp.resolve("broken.yaml");
    Files.writeString(
        broken,
        Files.readString(DEMO)
            .replace("${IMAGE}", "${NO_SUCH_VARIABLE}")
            .replace(
                "manifests: [demo]",
                "manifests: [" + DEMO.toAbsolutePath().getParent().resolve("demo") + "]"));
    Files.writeString(
        broken,
        Files.readString(broken)
            .replace(
                "namespace: checkout-staging",
                "namespace: checkout-staging\n    rollout: {timeout: soon}"));

    int code = rollgate("run", broken.toString(), "--stage", "staging");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString()).contains(broken + ":");
    assertThat(api.writeRequestCount()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "bad-duration.yaml",
        "bad-query-template.yaml",
        "bad-yaml.yaml",
        "duplicate-object.yaml",
        "missing-field.yaml",
        "namespace-clash.yaml",
        "not-kubernetes-object.yaml",
        "several-problems.yaml",
        "unknown-field.yaml",
        "unknown-variable.yaml"
      })
  void everyClassOfBadInputExitsWith2AndNothingReachesTheCluster(String fixture) {
    Path pipeline = Path.of("test-fixtures", "pipelines", fixture);

    int code = rollgate("run", pipeline.toString(), "--stage", "staging");

    assertThat(code).as(err.toString()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .containsPattern(Pattern.quote(pipeline.toString()) + "|manifests")
        .containsPattern(":\\d+:\\d+: ");
    assertThat(api.writeRequestCount()).isZero();
    // the simulated controller lists and watches cluster-wide; rollgate itself sent nothing
    assertThat(api.requestLog()).noneMatch(line -> line.contains("/namespaces/"));
  }

  @Test
  void anUnreachableClusterExitsWith7AfterTheRetryBudget() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(waits::add)
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) ->
                    KubeClients.forConfig(
                        new ConfigBuilder()
                            .withMasterUrl("http://127.0.0.1:" + closedPort)
                            .build()))
            .withTunnels(client -> app.sandboxTunnel());

    int code =
        RollgateCommand.newCommandLine(
                new PrintWriter(out, true), new PrintWriter(err, true), services)
            .execute("run", DEMO.toString(), "--stage", "staging");

    assertThat(code).as(err.toString()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(err.toString()).contains("unreachable");
    assertThat(waits).isNotEmpty();
  }

  @Test
  void aRunCutOffMidApplyIsCompletedByTheNextRun() throws Exception {
    // Given the API server accepts every object's dry run, then keeps failing the Deployment's
    // apply past the retry budget (5 attempts), after the ConfigMap and Service went through
    api.failNextStoring(
        "PATCH", "/apis/apps/v1/namespaces/checkout-staging/deployments/checkout", 503, 5);

    int first = rollgate("run", DEMO.toString(), "--stage", "staging");

    assertThat(first).as(err.toString()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(err.toString()).contains("Deployment/checkout-staging/checkout").contains("503");
    assertThat(
            api.client()
                .configMaps()
                .inNamespace("checkout-staging")
                .withName("checkout-config")
                .get())
        .isNotNull();
    assertThat(
            api.client()
                .apps()
                .deployments()
                .inNamespace("checkout-staging")
                .withName("checkout")
                .get())
        .isNull();

    // When the same run is started again
    Path report = temp.resolve("second.json");
    int second =
        rollgate("run", DEMO.toString(), "--stage", "staging", "--report", report.toString());

    // Then it finishes the job: what was applied is unchanged, the rest is created and rolled out
    assertThat(second).as(err.toString()).isZero();
    String actions =
        JsonParser.parseString(Files.readString(report))
            .getAsJsonObject()
            .getAsJsonArray("actions")
            .toString();
    assertThat(actions)
        .contains("\"subject\":\"ConfigMap/checkout-staging/checkout-config\",")
        .contains("\"outcome\":\"unchanged\"")
        .contains("\"message\":\"created\"");
    assertThat(out.toString()).contains("staging: healthy");
  }

  @Test
  void losingTheApiServerDuringTheRolloutWaitExitsWith7() {
    // Given no controller will roll anything out, and listing the pods keeps failing
    controller.close();
    api.failNext("GET", "/api/v1/namespaces/checkout-staging/pods", 503, 1000);

    int code = rollgate("run", DEMO.toString(), "--stage", "staging");

    assertThat(code).as(err.toString()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(err.toString())
        .contains(
            "cluster unreachable: could not list pods in namespace checkout-staging (HTTP 503)");
    assertThat(waits).as("the re-list waits went through the injected sleeper").isNotEmpty();
  }

  @Test
  void aRolloutWatchTheClusterForbidsIsAStagingFailureNamingTheRightNeeded() {
    // Given the credentials may apply but not list the pods of the namespace
    api.failNext("GET", "/api/v1/namespaces/checkout-staging/pods", 403, 1000);

    int code = rollgate("run", DEMO.toString(), "--stage", "staging");

    // Then staging failed (exit 3), not an unreachable cluster (exit 7), and it says what to grant
    assertThat(code).as(err.toString()).isEqualTo(ExitCode.STAGING_FAILED);
    assertThat(err.toString())
        .contains(
            "the cluster refused to list pods in namespace checkout-staging (HTTP 403): the"
                + " credentials need 'list' and 'watch' on pods there")
        .doesNotContain("unreachable");
    assertThat(waits).as("a refusal is not retried").isEmpty();
  }

  @Test
  void dryRunAsksTheServerAndStoresNothing() {
    int code = rollgate("run", DEMO.toString(), "--stage", "staging", "--dry-run");

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(api.requestLog()).anyMatch(line -> line.contains("dryRun=All"));
    assertThat(
            api.client()
                .apps()
                .deployments()
                .inNamespace("checkout-staging")
                .withName("checkout")
                .get())
        .isNull();
  }

  @Test
  void askingForProductionOnAPipelineWithoutItChangesNothing() {
    int code =
        rollgate("run", "test-fixtures/pipelines/valid-minimal.yaml", "--stage", "production");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            "test-fixtures/pipelines/valid-minimal.yaml:6:1: spec: no 'production' to run with"
                + " --stage production (this pipeline gives only 'staging')\n");
    assertThat(api.writeRequestCount()).isZero();
  }

  @Test
  void aReportThatCannotBeWrittenDoesNotChangeTheExitCode() throws Exception {
    app.unhealthy();
    Path notAFile = Files.createDirectory(temp.resolve("a-directory"));

    int code =
        rollgate("run", DEMO.toString(), "--stage", "staging", "--report", notAFile.toString());

    assertThat(code).isEqualTo(ExitCode.STAGING_FAILED);
    assertThat(err.toString()).contains("warning: cannot write report " + notAFile + ": ");
    try (var left = Files.list(temp)) {
      assertThat(left).noneMatch(p -> p.getFileName().toString().startsWith(".rollgate-report"));
    }
  }

  @Test
  void aRouterThatIsNotBuiltYetIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path gateway = temp.resolve("gateway.yaml");
    Files.writeString(
        gateway,
        Files.readString(DEMO)
            .replace(
                "traffic: {router: replicas}",
                "traffic: {gatewayApi: {httpRoute: checkout, stableService: checkout, canaryService: checkout-canary}}")
            .replace(
                "manifests: [demo]",
                "manifests: [" + Path.of("pipelines/demo").toAbsolutePath() + "]"));

    int code = rollgate("run", gateway.toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString()).contains("gatewayApi traffic router is not built yet");
    assertThat(api.writeRequestCount()).isZero();
  }
}
