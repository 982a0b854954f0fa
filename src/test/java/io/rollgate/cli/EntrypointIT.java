package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SimulatedController;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Action's entry point (src/main/docker/entrypoint.sh) run as the Action runs it, against the
 * built jar: every command with no input, with each input alone, and with every input it takes.
 * Each case checks what the Action promises: an input a command has no use for (or a missing
 * pipeline) is exit 2 in the Action's words before Java starts; otherwise the jar accepts the
 * command line it was given (never "Unknown option" or "Unmatched argument") and its exit code is
 * the step's, in {@code exit-code} as well; the kubeconfig is written to a private file that is
 * gone afterwards and never printed.
 */
class EntrypointIT {
  private static final Path SCRIPT = Path.of("src/main/docker/entrypoint.sh");
  private static final Path JAR = Path.of("target/rollgate.jar").toAbsolutePath();
  private static final String TOKEN = "kc-t0ken-never-printed";

  /** The inputs of action.yml besides {@code command}, in the order the script checks them. */
  enum Input {
    PIPELINE,
    STAGE,
    SET,
    KUBECONFIG,
    ARGS
  }

  /** What a command is given in each input, what it takes, and how its runs end. */
  record Command(
      String name,
      Set<Input> takes,
      boolean needsPipeline,
      boolean needsCluster,
      String pipeline,
      String set,
      String args,
      Map<Set<Input>, Integer> outcomes) {}

  @TempDir static Path dir;
  private static Path tiny;

  @BeforeAll
  static void fixtures() throws IOException {
    Path manifests = Files.createDirectories(dir.resolve("manifests"));
    Files.writeString(
        manifests.resolve("web.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "${IMAGE}"}]
        """);
    tiny =
        Files.writeString(
            dir.resolve("tiny.yaml"),
            """
            apiVersion: rollgate.io/v1alpha1
            kind: Pipeline
            metadata: {name: tiny}
            spec:
              vars: {IMAGE: ghcr.io/acme/checkout:1.4.2}
              staging:
                namespace: tiny-staging
                manifests: [manifests]
                rollout: {timeout: 30s, podProblemGrace: 1s}
              production:
                namespace: tiny
                manifests: [manifests]
                rollout: {timeout: 30s, podProblemGrace: 1s}
                canary:
                  target: {kind: Deployment, name: web}
                  steps: [{setWeight: 50}]
                  analysis:
                    interval: 30s
                    prometheus: {address: "http://127.0.0.1:9"}
                    metrics:
                      - name: errors
                        query: sum(rate(http_requests_total{rollgate_track="{{track}}"}[1m]))
                        max: 0.1
            """);
  }

  private static List<Command> commands() {
    String p = tiny.toString();
    String image = "IMAGE=ghcr.io/acme/checkout:1.4.3";
    Set<Input> cluster = EnumSet.of(Input.PIPELINE, Input.SET, Input.KUBECONFIG, Input.ARGS);
    return List.of(
        new Command(
            "run",
            EnumSet.allOf(Input.class),
            true,
            true,
            p,
            image,
            "--wait-lock 1s",
            Map.of(EnumSet.allOf(Input.class), ExitCode.OK)),
        new Command("status", cluster, true, true, p, image, "--output json", Map.of(cluster, 0)),
        new Command("promote", cluster, true, true, p, image, "--full", Map.of(cluster, 0)),
        new Command("abort", cluster, true, true, p, image, "--wait-lock 1s", Map.of(cluster, 0)),
        new Command(
            "resume",
            EnumSet.of(Input.PIPELINE, Input.KUBECONFIG, Input.ARGS),
            false,
            true,
            p,
            image,
            "--verbose",
            Map.of(
                EnumSet.of(Input.PIPELINE, Input.KUBECONFIG, Input.ARGS), 0,
                // neither a pipeline nor --all: rollgate's own usage error
                EnumSet.of(Input.KUBECONFIG), ExitCode.BAD_INPUT,
                EnumSet.of(Input.ARGS), ExitCode.BAD_INPUT,
                EnumSet.noneOf(Input.class), ExitCode.BAD_INPUT)),
        new Command(
            "validate",
            EnumSet.of(Input.PIPELINE, Input.SET, Input.ARGS),
            true,
            false,
            p,
            image,
            "-n tiny",
            Map.of(
                EnumSet.of(Input.PIPELINE),
                0,
                EnumSet.of(Input.PIPELINE, Input.SET, Input.ARGS),
                0)),
        new Command(
            "analyze",
            EnumSet.of(Input.PIPELINE, Input.SET, Input.ARGS),
            true,
            false,
            Path.of("test-fixtures/metrics/checkout-analysis.yaml").toAbsolutePath().toString(),
            image,
            "--replay "
                + Path.of("test-fixtures/recordings/checkout-error-spike.json").toAbsolutePath(),
            Map.of(
                // no window and no recording: rollgate's own usage error
                EnumSet.of(Input.PIPELINE), ExitCode.BAD_INPUT,
                EnumSet.of(Input.PIPELINE, Input.SET, Input.ARGS), ExitCode.ROLLED_BACK)),
        new Command(
            "demo",
            EnumSet.of(Input.PIPELINE, Input.SET, Input.ARGS),
            false,
            false,
            p,
            "IMAGE=ghcr.io/acme/checkout:broken",
            "--metrics in-process --set IMAGE=ghcr.io/acme/checkout:broken",
            Map.of(
                EnumSet.noneOf(Input.class), 0, // the whole demo, as `command: demo` alone runs it
                EnumSet.of(Input.PIPELINE), 0,
                EnumSet.of(Input.SET), ExitCode.STAGING_FAILED,
                EnumSet.of(Input.ARGS), ExitCode.STAGING_FAILED,
                EnumSet.of(Input.PIPELINE, Input.SET, Input.ARGS), ExitCode.STAGING_FAILED)));
  }

  @TestFactory
  Stream<DynamicTest> everyCommandWithEveryInput() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Command c : commands()) {
      List<Set<Input>> cases = new ArrayList<>();
      cases.add(EnumSet.noneOf(Input.class));
      for (Input i : Input.values()) {
        cases.add(EnumSet.of(i));
      }
      cases.add(EnumSet.copyOf(c.takes()));
      for (Set<Input> inputs : cases) {
        tests.add(DynamicTest.dynamicTest(c.name() + " " + inputs, () -> check(c, inputs)));
      }
    }
    return tests.stream();
  }

  private void check(Command c, Set<Input> inputs) throws Exception {
    try (SandboxApiServer api = SandboxApiServer.start();
        SimulatedController controller =
            SimulatedController.start(api.client(), Duration.ofMillis(10))) {
      Path work = Files.createTempDirectory(dir, c.name());
      Result r = entrypoint(c, inputs, work, api);
      String printed = r.out() + "\n--- stderr ---\n" + r.err();

      Optional<Input> refused = refusal(c, inputs);
      if (refused.isPresent()) {
        assertThat(r.code()).as(printed).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err())
            .as(printed)
            .startsWith("error: input '" + refused.get().name().toLowerCase() + "' ")
            .contains("(rollgate action, command '" + c.name() + "')");
        assertThat(r.out()).as("Java never started").isEmpty();
      } else {
        assertThat(printed)
            .doesNotContain("Unknown option")
            .doesNotContain("Unmatched argument")
            .doesNotContain("should be specified only once")
            .doesNotContain("error: input '");
        Integer expected = c.outcomes().get(inputs);
        if (expected != null) {
          assertThat(r.code()).as(printed).isEqualTo(expected);
        } else {
          assertThat(c.needsCluster() && !inputs.contains(Input.KUBECONFIG))
              .as("an expected outcome for " + c.name() + " " + inputs)
              .isTrue();
          assertThat(r.code()).as(printed).isEqualTo(ExitCode.BAD_INPUT);
          assertThat(r.err()).as(printed).contains("no kubeconfig found");
        }
      }
      assertThat(printed).doesNotContain(TOKEN);
      try (Stream<Path> left = Files.list(work.resolve("tmp"))) {
        assertThat(left).as("the kubeconfig's private file is removed").isEmpty();
      }
      List<String> outputs = Files.readAllLines(work.resolve("github-output"));
      assertThat(outputs).contains("exit-code=" + r.code());
      if (refused.isEmpty() && !c.name().equals("validate")) {
        assertThat(outputs).contains("report=" + work.resolve("rollgate-report.json"));
      } else {
        assertThat(outputs).noneMatch(l -> l.startsWith("report="));
      }
    }
  }

  /** The input the script refuses first, if any (its order: pipeline, stage, set, kubeconfig). */
  private static Optional<Input> refusal(Command c, Set<Input> inputs) {
    if (inputs.contains(Input.PIPELINE) && !c.takes().contains(Input.PIPELINE)) {
      return Optional.of(Input.PIPELINE);
    }
    if (!inputs.contains(Input.PIPELINE) && c.needsPipeline()) {
      return Optional.of(Input.PIPELINE);
    }
    for (Input i : List.of(Input.STAGE, Input.SET, Input.KUBECONFIG)) {
      if (inputs.contains(i) && !c.takes().contains(i)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  record Result(int code, String out, String err) {}

  private Result entrypoint(Command c, Set<Input> inputs, Path work, SandboxApiServer api)
      throws IOException, InterruptedException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROLLGATE_COMMAND", c.name());
    if (inputs.contains(Input.PIPELINE)) {
      env.put("ROLLGATE_PIPELINE", c.pipeline());
    }
    // as on GitHub: the stage input has a default (all), so it always arrives
    env.put("ROLLGATE_STAGE", inputs.contains(Input.STAGE) ? "staging" : "all");
    if (inputs.contains(Input.SET)) {
      env.put("ROLLGATE_SET", c.set() + "\n");
    }
    if (inputs.contains(Input.KUBECONFIG)) {
      env.put("ROLLGATE_KUBECONFIG", kubeconfig(api));
    }
    if (inputs.contains(Input.ARGS)) {
      env.put("ROLLGATE_ARGS", c.args());
    }
    Files.createDirectories(work.resolve("tmp"));
    Path output = Files.createFile(work.resolve("github-output"));
    ProcessBuilder builder =
        new ProcessBuilder("sh", SCRIPT.toString())
            .redirectOutput(work.resolve("out").toFile())
            .redirectError(work.resolve("err").toFile());
    Map<String, String> environment = builder.environment();
    List.of("KUBECONFIG", "KUBERNETES_SERVICE_HOST", "GITHUB_STEP_SUMMARY")
        .forEach(environment::remove);
    environment.keySet().removeIf(k -> k.startsWith("ROLLGATE_"));
    environment.putAll(env);
    environment.put("HOME", work.toString());
    environment.put("TMPDIR", work.resolve("tmp").toString());
    environment.put("RUNNER_TEMP", work.toString());
    environment.put("GITHUB_OUTPUT", output.toString());
    environment.put("PROMETHEUS_ADDRESS", "http://127.0.0.1:9");
    environment.put("ROLLGATE_JAR", JAR.toString());
    environment.put(
        "ROLLGATE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = builder.start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the entrypoint finished").isTrue();
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    return new Result(
        p.exitValue(),
        Files.readString(work.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(work.resolve("err"), StandardCharsets.UTF_8));
  }

  private static String kubeconfig(SandboxApiServer api) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: sandbox, cluster: {server: '" + api.url() + "'}}]",
        "users: [{name: ci, user: {token: " + TOKEN + "}}]",
        "contexts: [{name: sandbox, context: {cluster: sandbox, user: ci}}]",
        "current-context: sandbox");
  }
}
