package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.rollgate.analysis.AnalysisScenarios;
import io.rollgate.metrics.PrometheusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollgate analyze --from/--to} against a real Prometheus, and record then replay. */
class AnalyzeCommandIT {
  @RegisterExtension
  static final PrometheusServer.Extension prometheus =
      PrometheusServer.extension(
          () -> {
            try {
              return Files.readString(AnalysisScenarios.CHECKOUT_ERROR_SPIKE);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });

  @TempDir Path dir;

  private Map<String, String> env() {
    return Map.of("PROMETHEUS_ADDRESS", prometheus.baseUri().toString());
  }

  @Test
  void findsTheFirstFailingIntervalTheFixtureWasBuiltToHave() {
    // Given Prometheus holding an error rate that jumps at minute 7
    // When the window 00:00..00:12 is analysed (unix seconds and RFC 3339 both accepted)
    AnalyzeCommandTest.Result r =
        AnalyzeCommandTest.analyze(
            env(),
            AnalyzeCommandTest.PIPELINE.toString(),
            "--from",
            "1767225600",
            "--to",
            "2026-01-01T00:12:00Z");
    // Then every interval up to 00:07 passes, both error metrics fail from 00:07:30, and the canary
    // would have rolled back at 00:08:00 on error-rate's second failure (failureLimit 1 per metric)
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(r.out()).contains("24 intervals");
    assertThat(r.out()).contains("#14   2026-01-01T00:07:00Z  error-rate 0.001 ok");
    assertThat(r.out()).contains("#15   2026-01-01T00:07:30Z  error-rate 0.0405 FAILED");
    assertThat(r.out()).contains("would roll back at 2026-01-01T00:08:00Z (interval #16)");
  }

  @Test
  void aReplayOfARecordingDecidesExactlyAsTheLiveAnalysis() throws Exception {
    Path recording = dir.resolve("rec.json");
    Path liveReport = dir.resolve("live.json");
    Path replayReport = dir.resolve("replay.json");

    AnalyzeCommandTest.Result live =
        AnalyzeCommandTest.analyze(
            env(),
            AnalyzeCommandTest.PIPELINE.toString(),
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2026-01-01T00:12:00Z",
            "--record",
            recording.toString(),
            "--report",
            liveReport.toString());
    AnalyzeCommandTest.Result replay =
        AnalyzeCommandTest.analyze(
            Map.of("PROMETHEUS_ADDRESS", "http://127.0.0.1:9"),
            AnalyzeCommandTest.PIPELINE.toString(),
            "--replay",
            recording.toString(),
            "--report",
            replayReport.toString());

    assertThat(replay.exitCode()).isEqualTo(live.exitCode());
    assertThat(live.out()).startsWith(replay.out()).contains("recorded 4 range queries to ");
    // the same report, but for when each ran
    assertThat(withoutTimes(Files.readString(replayReport)))
        .isEqualTo(withoutTimes(Files.readString(liveReport)));
  }

  @Test
  void theCommittedRecordingIsWhatPrometheusAnswersToday() throws Exception {
    Path recording = dir.resolve("rec.json");

    AnalyzeCommandTest.analyze(
        env(),
        AnalyzeCommandTest.PIPELINE.toString(),
        "--from",
        "2026-01-01T00:00:00Z",
        "--to",
        "2026-01-01T00:12:00Z",
        "--record",
        recording.toString());

    assertThat(JsonParser.parseString(Files.readString(recording)))
        .isEqualTo(JsonParser.parseString(Files.readString(AnalysisScenarios.CHECKOUT_RECORDING)));
  }

  private static com.google.gson.JsonObject withoutTimes(String report) {
    com.google.gson.JsonObject json =
        com.google.gson.JsonParser.parseString(report).getAsJsonObject();
    json.remove("startedAt");
    json.remove("finishedAt");
    return json;
  }
}
