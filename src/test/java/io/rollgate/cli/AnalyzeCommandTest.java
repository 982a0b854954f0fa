package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollgate analyze --replay} on the committed recording: no Prometheus needed. */
class AnalyzeCommandTest {
  static final Path PIPELINE = Path.of("test-fixtures/metrics/checkout-analysis.yaml");
  static final Path RECORDING = Path.of("test-fixtures/recordings/checkout-error-spike.json");
  static final Map<String, String> ENV = Map.of("PROMETHEUS_ADDRESS", "http://127.0.0.1:9");

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  static Result analyze(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(d -> {})
            .withEnvironment(env)
            .withClusters(
                (k, c) -> {
                  throw new AssertionError("analyze never talks to a cluster");
                })
            .withTunnels(
                client -> {
                  throw new AssertionError("analyze never opens a tunnel");
                });
    String[] line = new String[args.length + 1];
    line[0] = "analyze";
    System.arraycopy(args, 0, line, 1, args.length);
    int code =
        RollgateCommand.newCommandLine(
                new PrintWriter(out, true), new PrintWriter(err, true), services)
            .execute(line);
    return new Result(code, out.toString(), err.toString());
  }

  /** The checkout pipeline with other thresholds, as a user tuning them offline would write it. */
  private Path tuned(String from, String to) throws Exception {
    String yaml =
        Files.readString(PIPELINE)
            .replace(from, to)
            .replace(
                "../manifests/checkout",
                Path.of("test-fixtures/manifests/checkout").toAbsolutePath().toString());
    return Files.writeString(dir.resolve("tuned.yaml"), yaml);
  }

  @Test
  void replayFindsTheIntervalWhereTheCanaryWouldHaveRolledBack() {
    // Given the recording of an error rate that jumps at minute 7
    // When it is replayed through the checkout analysis
    Result r = analyze(ENV, PIPELINE.toString(), "--replay", RECORDING.toString());
    // Then the jump shows at 00:07:30 (each metric's first failure, within failureLimit 1 per
    // metric) and the canary would have rolled back at 00:08:00, on error-rate's second failure
    assertThat(r.exitCode()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(r.out())
        .contains(
            "#14   2026-01-01T00:07:00Z  error-rate 0.001 ok | p99-latency 0.375 ok |"
                + " errors-vs-stable 0.001/0.001 ok  -> continue");
    assertThat(r.out()).contains("#15   2026-01-01T00:07:30Z  error-rate 0.0405 FAILED");
    assertThat(r.out()).contains("      error-rate 0.0405 > max 0.01 (canary)");
    assertThat(r.out())
        .contains(
            "#15   2026-01-01T00:07:30Z  error-rate 0.0405 FAILED | p99-latency 0.375 ok |"
                + " errors-vs-stable 0.0405/0.001 FAILED  -> continue");
    assertThat(r.out())
        .contains(
            "would roll back at 2026-01-01T00:08:00Z (interval #16): 2 failed measurements of"
                + " error-rate, more than failureLimit 1");
  }

  @Test
  void aCanaryWithNoTrafficNeverPassesAndWaitsForAPerson() {
    // Given a recording where the canary stops getting requests at 00:02:30 (every rate is 0/0)
    Path noTraffic = Path.of("test-fixtures/recordings/checkout-no-canary-traffic.json");

    // When it is replayed
    Result r = analyze(ENV, PIPELINE.toString(), "--replay", noTraffic.toString());

    // Then NaN counts as no data, three inconclusive measurements pass inconclusiveLimit 2: exit 5
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.WAITING);
    assertThat(r.out())
        .contains("#5    2026-01-01T00:02:30Z  error-rate - inconclusive")
        .contains("error-rate no data (canary: NaN (0/0: no requests)); noData: inconclusive")
        .doesNotContain("would promote");
  }

  @Test
  void relaxedThresholdsWouldHavePromoted() throws Exception {
    Path pipeline = tuned("max: 0.01", "max: 0.1");
    pipeline =
        Files.writeString(
            pipeline,
            Files.readString(pipeline)
                .replace("maxRatio: 1.5, maxIncrease: 0.002", "maxRatio: 100, maxIncrease: 0.1"));

    Result r = analyze(ENV, pipeline.toString(), "--replay", RECORDING.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("would promote: no limit breached");
  }

  @Test
  void aLongerStepGivesFewerIntervals() {
    Result r = analyze(ENV, PIPELINE.toString(), "--replay", RECORDING.toString(), "--step", "1m");

    assertThat(r.out()).contains("step 1m, 3 metrics, 12 intervals");
    // at 1m steps the two failures of error-rate (failureLimit 1) are 00:08 and 00:09
    assertThat(r.out()).contains("would roll back at 2026-01-01T00:09:00Z (interval #9)");
  }

  @Test
  void aReplayStepOffTheRecordedGridIsRejected() {
    // Given a recording at 30s steps
    // When it is replayed at 45s, which falls between recorded points
    Result r = analyze(ENV, PIPELINE.toString(), "--replay", RECORDING.toString(), "--step", "45s");
    // Then it is a usage error naming the recorded step, not a different verdict
    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err())
        .contains("--step 45s does not fit the recording: use its step 30s or a whole multiple");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aReplayStepFinerThanTheRecordingIsRejected() {
    Result r = analyze(ENV, PIPELINE.toString(), "--replay", RECORDING.toString(), "--step", "10s");

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err()).contains("--step 10s does not fit the recording");
  }

  @Test
  void aQueryChangedSinceTheRecordingIsBadInput() throws Exception {
    Path pipeline = tuned("[1m]))\n", "[2m]))\n");

    Result r = analyze(ENV, pipeline.toString(), "--replay", RECORDING.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err()).contains("the recording has no answer for this query");
  }

  @Test
  void writesTheDecisionsAsJsonWithReport() throws Exception {
    Path report = dir.resolve("report.json");

    analyze(
        ENV, PIPELINE.toString(), "--replay", RECORDING.toString(), "--report", report.toString());

    var json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    var decisions = json.getAsJsonArray("decisions");
    assertThat(decisions).hasSize(16);
    assertThat(decisions.get(15).getAsJsonObject().get("kind").getAsString()).isEqualTo("rollback");
    // the outcome, as every command's report gives it
    assertThat(json.get("command").getAsString()).isEqualTo("analyze");
    assertThat(json.get("exitCode").getAsInt()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(json.get("outcome").getAsString()).isEqualTo("would-roll-back");
    assertThat(json.get("message").getAsString()).isNotBlank();
    assertThat(json.get("pipeline").getAsString()).isNotBlank();
  }

  @Test
  void aReportThatCannotBeWrittenIsAWarningAndKeepsTheRollbackExitCode() throws Exception {
    // Given a --report path that is an existing directory
    Path notAFile = Files.createDirectory(dir.resolve("a-directory"));

    // When the recording that would roll back is replayed
    Result r =
        analyze(
            ENV,
            PIPELINE.toString(),
            "--replay",
            RECORDING.toString(),
            "--report",
            notAFile.toString());

    // Then the outcome stands (exit 4), the failure is one warning on stderr, nothing is left over
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(r.err()).startsWith("warning: cannot write report " + notAFile + ": ");
    assertThat(r.out()).contains("would roll back");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(notAFile);
    }
  }

  @Test
  void anUnreachablePrometheusExitsSevenWithoutShowingTheToken() throws Exception {
    // Given a pipeline that authenticates with a bearer token, and nothing listening at the address
    Path pipeline = tuned("timeout: 5s\n", "timeout: 5s\n          bearerTokenEnv: PROM_TOKEN\n");
    Map<String, String> env =
        Map.of("PROMETHEUS_ADDRESS", "http://127.0.0.1:9", "PROM_TOKEN", "s3cr3t-token-value");
    // When the window is analysed
    Result r = analyze(env, pipeline.toString(), "--from", "1767225600", "--to", "1767226320");
    // Then it says Prometheus is unreachable (exit 7), and the token appears nowhere
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(r.err()).startsWith("error: ").doesNotContain("Exception");
    assertThat(r.out() + r.err()).doesNotContain("s3cr3t-token-value");
  }

  @Test
  void aMissingRecordingIsBadInput() {
    Result r = analyze(ENV, PIPELINE.toString(), "--replay", dir.resolve("nope.json").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err())
        .startsWith(
            "error: "
                + dir.resolve("nope.json")
                + ": cannot read the recording: no such file or folder");
  }

  @Test
  void aWindowThatEndsBeforeItStartsIsBadInput() {
    Result r =
        analyze(ENV, PIPELINE.toString(), "--from", "1767225600", "--to", "2025-12-31T23:00:00Z");

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err())
        .startsWith("error: --to 2025-12-31T23:00:00Z must be after --from 2026-01-01T00:00:00Z")
        .doesNotContain(PIPELINE.getFileName().toString());
  }

  @Test
  void aStepThatIsNotADurationIsAUsageErrorNotAPipelineProblem() {
    Result r =
        analyze(ENV, PIPELINE.toString(), "--replay", RECORDING.toString(), "--step", "soon");

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err())
        .startsWith("error: --step: ")
        .contains("Try 'rollgate analyze --help'")
        .doesNotContain(PIPELINE.getFileName().toString());
  }

  @Test
  void aWindowShorterThanOneStepIsBadInput() {
    // Given a 20 s window and a 1 m step
    // When it is analysed
    Result r =
        analyze(
            ENV, PIPELINE.toString(), "--from", "1767225600", "--to", "1767225620", "--step", "1m");
    // Then it is a usage error before any query (exit 2), not an internal failure
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err()).contains("is shorter than one step (1m)");
  }

  @Test
  void aTimeThatIsNeitherRfc3339NorUnixSecondsIsAUsageError() {
    Result r = analyze(ENV, PIPELINE.toString(), "--from", "yesterday", "--to", "1767225600");

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err()).contains("'yesterday' is neither RFC 3339");
  }

  @Test
  void replayAndAWindowCannotBeGivenTogether() {
    Result r =
        analyze(
            ENV, PIPELINE.toString(), "--replay", RECORDING.toString(), "--from", "1", "--to", "2");

    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err()).startsWith("error: ").contains("--replay").contains("mutually exclusive");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unixSecondsAndRfc3339NameTheSameInstant() {
    AnalyzeCommand.Times times = new AnalyzeCommand.Times();

    assertThat(times.convert("1767225600")).isEqualTo(times.convert("2026-01-01T00:00:00Z"));
    assertThat(times.convert("1767225600.5"))
        .isEqualTo(times.convert("2026-01-01T01:00:00.5+01:00"));
  }
}
