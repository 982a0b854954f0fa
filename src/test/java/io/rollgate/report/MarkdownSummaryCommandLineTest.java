package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.cli.RollgateCommand;
import io.rollgate.cli.Services;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollgate analyze --replay} under GitHub Actions: the summary lands in the step summary.
 */
class MarkdownSummaryCommandLineTest {
  static final String PIPELINE = "test-fixtures/metrics/checkout-analysis.yaml";
  static final String RECORDING = "test-fixtures/recordings/checkout-error-spike.json";

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int rollgate(Map<String, String> environment, String... args) {
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(d -> {})
            .withEnvironment(environment)
            .withClusters(
                (kubeconfig, context) -> {
                  throw new AssertionError("analyze --replay needs no cluster");
                })
            .withTunnels(
                client -> {
                  throw new AssertionError("analyze --replay needs no tunnel");
                });
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  @Test
  void analyzeAppendsTheWindowSummaryWithChartsToTheStepSummary() throws Exception {
    // Given a step summary file an earlier step already wrote to
    Path summary = dir.resolve("step-summary.md");
    Files.writeString(summary, "earlier step\n");
    Map<String, String> env =
        Map.of(
            "PROMETHEUS_ADDRESS", "http://127.0.0.1:9", "GITHUB_STEP_SUMMARY", summary.toString());

    // When the recorded error spike is replayed
    int code = rollgate(env, "analyze", PIPELINE, "--replay", RECORDING);

    // Then the terminal lines are unchanged and the summary follows the earlier step's text
    assertThat(code).as(out + "\n" + err).isEqualTo(4);
    assertThat(out.toString()).contains("would roll back at 2026-01-01T00:08:00Z (interval #16)");
    String md = Files.readString(summary);
    assertThat(md).startsWith("earlier step\n## ❌ rollgate analyze checkout");
    assertThat(md)
        .contains("would roll back at 2026-01-01T00:08:00Z (interval #16)")
        .contains(
            "| #16 | 2026-01-01T00:08:00Z | rollback | 2 failed measurements of error-rate,"
                + " more than failureLimit 1: error-rate 0.08 > max 0.01 (canary)")
        .contains("| error-rate | 0.08 |  | max 0.01 | ❌ failed |");
    assertThat(md.split("```mermaid\nxychart-beta\n", -1)).hasSize(4);
    assertThat(md)
        .contains("<details><summary>Rendered queries</summary>")
        .doesNotContain("127.0.0.1:9");
  }

  @Test
  void analyzeWritesNoSummaryOutsideGithubActions() {
    // Given no GITHUB_STEP_SUMMARY in the environment
    // When the recording is replayed
    int code =
        rollgate(
            Map.of("PROMETHEUS_ADDRESS", "http://127.0.0.1:9"),
            "analyze",
            PIPELINE,
            "--replay",
            RECORDING);

    // Then it runs as before and nothing is written next to it
    assertThat(code).isEqualTo(4);
    assertThat(dir).isEmptyDirectory();
  }
}
