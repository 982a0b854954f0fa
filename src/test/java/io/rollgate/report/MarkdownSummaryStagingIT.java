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
 * {@code rollgate demo} under GitHub Actions, against the built-in sandbox: one summary per
 * release.
 */
class MarkdownSummaryStagingIT {
  @TempDir Path dir;

  @Test
  void theStagingRunAppendsItsActionsToTheStepSummary() throws Exception {
    // Given GITHUB_STEP_SUMMARY names a file
    Path summary = dir.resolve("summary.md");
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(d -> {})
            .withEnvironment(Map.of("GITHUB_STEP_SUMMARY", summary.toString()))
            .withClusters(
                (kubeconfig, context) -> {
                  throw new AssertionError("the demo brings its own cluster");
                })
            .withTunnels(
                client -> {
                  throw new AssertionError("the demo brings its own tunnel");
                });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    // When the demo runs its three releases
    int code =
        RollgateCommand.newCommandLine(
                new PrintWriter(out, true), new PrintWriter(err, true), services)
            .execute("demo", "--metrics", "in-process");

    // Then the summary has each release's outcome, its actions, the canary's decisions and a
    // chart per metric over the canary's real measurements
    assertThat(code).as(out + "\n" + err).isZero();
    String md = Files.readString(summary);
    assertThat(md).startsWith("## ✅ rollgate demo demo: promoted (exit 0)\n");
    assertThat(md)
        .contains("| action | subject | outcome | took | message |")
        .containsPattern("\\| rollout \\| Deployment/[^|]+ \\| ok \\|")
        .containsPattern("\\| smoke \\| [^|]+ \\| ok \\|")
        .contains("## ❌ rollgate demo demo: rolled-back (exit 4)")
        .contains("### Canary decisions")
        .contains("| time | step | weight | decision | reason |")
        .containsPattern("\\| 1 \\| 25% \\(effective 20%\\) \\| advance \\|")
        .contains("### Canary value per interval")
        .contains("xychart-beta")
        .contains("title \"error-rate: canary per interval\"");
  }
}
