package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person reads when a command fails: words, never a Java class name. */
class ErrorMessagesTest {
  private static final String CLASS_NAME = "[A-Z][A-Za-z]*(Exception|Error)\\b";

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int rollgate(Services services, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  private int rollgate(String... args) {
    return rollgate(Services.system().withEnvironment(Map.of()), args);
  }

  /**
   * The analysis fixture, its manifests at their absolute place, with {@code from} → {@code to}.
   */
  private Path analysisPipeline(String from, String to) throws Exception {
    String yaml =
        Files.readString(AnalyzeCommandTest.PIPELINE)
            .replace(
                "../manifests/checkout",
                Path.of("test-fixtures/manifests/checkout").toAbsolutePath().toString())
            .replace(from, to);
    return Files.writeString(dir.resolve("analysis.yaml"), yaml);
  }

  @Test
  void aClusterRefusalReadsAsWordsAndTheClassOnlyWithStacktrace() {
    KubernetesClientException refused =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage("configmaps is forbidden: User \"ci\" cannot list configmaps")
                .build());
    Services services =
        Services.system()
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) -> {
                  throw refused;
                });

    int code = rollgate(services, "status", "checkout", "-n", "shop");

    // a refusal no adapter put into words is a bug of Rollgate's (exit 1), said as one
    assertThat(code).isEqualTo(ExitCode.INTERNAL_ERROR);
    assertThat(err.toString())
        .isEqualTo(
            "error: the cluster answered HTTP 403: configmaps is forbidden: User \"ci\" cannot"
                + " list configmaps (an internal error: please report it with the output of"
                + " --stacktrace)\n")
        .doesNotContainPattern(CLASS_NAME);

    rollgate(services, "status", "checkout", "-n", "shop", "--stacktrace");
    assertThat(err.toString()).contains("KubernetesClientException").contains("\tat ");
  }

  @Test
  void anUnknownCommandSuggestsTheNearestOne() {
    int code = rollgate("valdate", "pipelines/checkout.yaml");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            "error: unknown command 'valdate' for 'rollgate'; did you mean 'validate'?\n"
                + "Try 'rollgate --help' for usage.\n");
  }

  @Test
  void anUnknownOptionSuggestsTheNearestOne() {
    int code = rollgate("run", "pipelines/checkout.yaml", "--stag", "staging");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .startsWith("error: unknown option '--stag' for 'rollgate run'; did you mean '--stage'?\n")
        .endsWith("Try 'rollgate run --help' for usage.\n");
  }

  @Test
  void picocliMessagesSayThingsOnce() {
    rollgate("analyze", "pipelines/checkout.yaml");
    assertThat(err.toString())
        .startsWith("error: missing required argument (specify one of these): (--replay=FILE |")
        .doesNotContain("Error: Error:");

    rollgate("run", "pipelines/checkout.yaml", "--set", "A");
    assertThat(err.toString())
        .startsWith("error: value for option '--set' (KEY=VALUE) should be in KEY=VALUE format")
        .doesNotContain("option option");
  }

  @Test
  void optionsThatExcludeEachOtherNumbersAndTimesAreSaidInWords() {
    assertThat(
            rollgate(
                "analyze",
                "pipelines/checkout.yaml",
                "--from",
                "1",
                "--to",
                "2",
                "--replay",
                "x.json"))
        .isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .startsWith(
            "error: --from=1 --to=2 and --replay=x.json exclude each other: give one of (--replay=FILE |")
        .doesNotContain("expected only one match");

    err.getBuffer().setLength(0);
    rollgate(
        "analyze",
        "pipelines/checkout.yaml",
        "--replay",
        "x",
        "--max-intervals",
        "99999999999999999999");
    assertThat(err.toString()).contains("is not a whole number").doesNotContain("long");

    err.getBuffer().setLength(0);
    rollgate("analyze", "pipelines/checkout.yaml", "--from", "0", "--to", "99999999999999999");
    assertThat(err.toString())
        .contains("'99999999999999999' is too far in the future")
        .doesNotContain("Exception")
        .doesNotContain("java.");

    err.getBuffer().setLength(0);
    rollgate("resume", "--all", "pipelines/checkout.yaml");
    assertThat(err.toString()).contains("(it takes (PIPELINE... | --all), not both)");
  }

  @Test
  void aBadWaitLockPointsAtTheHelpOfItsOwnCommand() {
    rollgate("run", "pipelines/checkout.yaml", "--wait-lock", "soon");

    assertThat(err.toString())
        .startsWith("error: --wait-lock: bad duration 'soon'")
        .endsWith("Try 'rollgate run --help' for usage.\n");
  }

  @Test
  void runStageStagingOnAPipelineWithoutStagingNamesItsSpec() throws Exception {
    Path pipeline = analysisPipeline("address: ${PROMETHEUS_ADDRESS}", "address: http://p:9090");

    int code = rollgate("run", pipeline.toString(), "--stage", "staging");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            pipeline
                + ":7:1: spec: no 'staging' to run with --stage staging (this pipeline gives only"
                + " 'production')\n");
  }

  @Test
  void aMissingBearerTokenVariableNamesThePipelineFileAndLine() throws Exception {
    Path pipeline =
        analysisPipeline(
            "address: ${PROMETHEUS_ADDRESS}",
            "address: http://127.0.0.1:9\n          bearerTokenEnv: PROMETHEUS_TOKEN");

    int code =
        rollgate("analyze", pipeline.toString(), "--from", "1767225600", "--to", "1767229200");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            pipeline
                + ":27:11: prometheus.bearerTokenEnv: environment variable PROMETHEUS_TOKEN is"
                + " not set\n");
  }

  @Test
  void aRunWhoseBearerTokenVariableIsUnsetNamesThePipelineFileAndLineAndChangesNothing()
      throws Exception {
    try (CanarySandbox sandbox = new CanarySandbox(dir)) {
      Path pipeline = sandbox.pipeline("checkout", "shop", "- setWeight: 50");
      Files.writeString(
          pipeline,
          Files.readString(pipeline)
              .replace(
                  "prometheus: {address: \"http://prometheus.test:9090\"}",
                  "prometheus: {address: \"http://prometheus.test:9090\", bearerTokenEnv: PROM_TOKEN}"));
      assertThat(sandbox.rollgate("run", pipeline.toString())).isZero(); // a first deploy
      long writesBefore = objectWrites(sandbox);
      Services services = sandbox.services("ci-run").withMetrics(Services.system().metrics());

      int code =
          rollgate(
              services, "run", pipeline.toString(), "--set", "IMAGE=ghcr.io/acme/checkout:1.4.3");

      assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(err.toString())
          .endsWith(
              pipeline
                  + ":23:62: prometheus.bearerTokenEnv: environment variable PROM_TOKEN is not"
                  + " set\n");
      // the credentials are checked under the pipeline's Lease, before any object is written
      assertThat(objectWrites(sandbox)).isEqualTo(writesBefore);
    }
  }

  private static long objectWrites(CanarySandbox sandbox) {
    return sandbox.rollgateWrites().stream().filter(w -> !w.contains("/leases")).count();
  }

  @Test
  void aFolderOrABinaryFileAsARecordingSaysSo() throws Exception {
    Path binary = Files.write(dir.resolve("incident.json"), new byte[] {(byte) 0xff, 0, 1, 2});

    int folder =
        rollgate(
            Services.system().withEnvironment(AnalyzeCommandTest.ENV),
            "analyze",
            AnalyzeCommandTest.PIPELINE.toString(),
            "--replay",
            dir.toString());
    String folderMessage = err.toString();
    int notText =
        rollgate(
            Services.system().withEnvironment(AnalyzeCommandTest.ENV),
            "analyze",
            AnalyzeCommandTest.PIPELINE.toString(),
            "--replay",
            binary.toString());

    assertThat(folder).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(folderMessage)
        .isEqualTo(
            "error: "
                + dir
                + ": is a folder; give a recording made with --record (a .json file)\n");
    assertThat(notText).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            "error: " + binary + ": cannot read the recording: not UTF-8 text (a binary file?)\n");
  }

  @Test
  void aFolderOrABinaryFileAsThePipelineSaysSo() throws Exception {
    Path binary = Files.write(dir.resolve("pipeline.yaml"), new byte[] {(byte) 0xff, 0, 1, 2});

    rollgate("validate", dir.toString());
    assertThat(err.toString())
        .isEqualTo(dir + ":1:1: is a folder; give the pipeline file (a .yaml file)\n");
    rollgate("run", binary.toString());
    assertThat(err.toString())
        .isEqualTo(
            binary + ":1:1: cannot read the pipeline file: not UTF-8 text (a binary file?)\n");
  }

  @Test
  void aLongMetricNameIsQuotedAsAnExcerpt() throws Exception {
    String longName = "x".repeat(5000) + " y";
    Path pipeline = analysisPipeline("- name: p99-latency", "- name: \"" + longName + "\"");

    int code =
        rollgate(
            Services.system().withEnvironment(AnalyzeCommandTest.ENV),
            "validate",
            pipeline.toString());

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("name: must be letters, digits, '_', '.', ':' or '-', was 'xxxx")
        .contains("…'")
        .hasSizeLessThan(400);
  }

  @Test
  void aPrometheusAddressWithoutAHostIsCheckedAsAUrl() throws Exception {
    Path pipeline = analysisPipeline("address: ${PROMETHEUS_ADDRESS}", "address: http://:9090/x");

    int code = rollgate("validate", pipeline.toString());

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains(":26:20: spec.production.canary.analysis.prometheus.address: must be an http://")
        .contains("no host name");
  }
}
