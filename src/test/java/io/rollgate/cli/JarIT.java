package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, run as a user runs it: a separate JVM, real exit codes, real output. */
class JarIT {
  private static final Path JAR = Path.of("target", "rollgate.jar");

  @TempDir Path temp;

  record Result(int exitCode, String out, String err) {}

  private Result rollgate(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = temp.resolve("out-" + System.nanoTime());
    Path err = temp.resolve("err-" + System.nanoTime());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("GITHUB_STEP_SUMMARY"); // never write into a real CI job's summary
    Process p = builder.start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS))
          .as("rollgate %s finished", List.of(args))
          .isTrue();
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly(); // a hung demo must not outlive the test with its sandbox
      }
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void demoRunsTheWholeFlowOnPromQlOverRealScrapes() throws Exception {
    Path report = temp.resolve("demo.json");

    // .ci/run installs prometheus: the demo must use it, not fall back to its in-process source
    Result result = rollgate("demo", "--metrics", "prometheus", "--report", report.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("metrics: a real Prometheus")
        .contains("staging: healthy")
        .contains("first deploy")
        .contains("== release 2: exit 0 (as expected) ==")
        .contains("== release 3: exit 4 (as expected) ==")
        .containsPattern(
            "rollback: analysis failed \\(interval #\\d+ at [^)]*\\): 2 failed measurements of (error-rate|errors-vs-stable)");
    JsonObject promoted =
        JsonParser.parseString(Files.readString(temp.resolve("demo-2.json"))).getAsJsonObject();
    assertThat(promoted.get("exitCode").getAsInt()).isZero();
    assertThat(promoted.get("outcome").getAsString()).isEqualTo("promoted");
    JsonObject rolledBack =
        JsonParser.parseString(Files.readString(temp.resolve("demo-3.json"))).getAsJsonObject();
    assertThat(rolledBack.get("exitCode").getAsInt()).isEqualTo(4);
    assertThat(rolledBack.getAsJsonArray("decisions").toString())
        .contains("\"kind\":\"rollback\"")
        .contains("rollgate_track=\\\"canary\\\"");
  }

  @Test
  void demoInJsonIsOneJsonObjectOnEveryLineOfStdoutAndStderr() throws Exception {
    Result result = rollgate("demo", "--metrics", "in-process", "--log-format", "json", "-v");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    List<JsonObject> out = JsonLogTest.lines(result.out());
    JsonLogTest.lines(result.err());
    assertThat(out)
        .anyMatch(o -> o.get("stage").getAsString().equals("demo"))
        .anyMatch(o -> o.get("stage").getAsString().equals("staging"))
        .anyMatch(
            o ->
                o.get("stage").getAsString().equals("production")
                    && o.get("message").getAsString().startsWith("rolled back: "));
  }

  @Test
  void aFailedDemoIsJsonToItsLastLine() throws Exception {
    Result result =
        rollgate(
            "demo", "--set", "IMAGE=ghcr.io/acme/checkout:broken", "--log-format", "json", "-v");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
    JsonLogTest.lines(result.out());
    List<JsonObject> err = JsonLogTest.lines(result.err());
    JsonObject last = err.get(err.size() - 1);
    assertThat(last.get("level").getAsString()).isEqualTo("error");
    assertThat(last.get("stage").getAsString()).isEqualTo("staging");
    assertThat(last.get("message").getAsString()).contains("ImagePullBackOff");
  }

  @Test
  void demoWithABrokenImageFailsStagingWithExit3NamingThePod() throws Exception {
    Result result = rollgate("demo", "--set", "IMAGE=ghcr.io/acme/checkout:broken");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
    assertThat(result.err()).contains("ImagePullBackOff").contains("checkout");
  }

  @Test
  void everyShippedPipelineValidates() throws Exception {
    List<Path> pipelines = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("pipelines"), "*.yaml")) {
      files.forEach(pipelines::add);
    }
    assertThat(pipelines).isNotEmpty();
    for (Path pipeline : pipelines) {
      Result result = rollgate("validate", pipeline.toString());
      assertThat(result.exitCode()).as(pipeline + ": " + result.out() + result.err()).isZero();
    }
  }

  @Test
  void aBrokenPipelineExitsWith2AndNamesFileLineAndColumn() throws Exception {
    Path broken = temp.resolve("broken.yaml");
    Files.writeString(
        broken,
        "apiVersion: rollgate.io/v1alpha1\nkind: Pipeline\nmetadata:\n  name: x\nspec:\n  staging:\n    namespace: a\n    manifests: []\n    rollout: {timeout: 5 minutes}\n");

    Result result = rollgate("validate", broken.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(broken + ":9:").contains("timeout");
  }

  @Test
  void versionAndHelpWork() throws Exception {
    assertThat(rollgate("--version").out()).startsWith("rollgate ");
    Result help = rollgate("run", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Examples:").contains("--stage");
  }
}
