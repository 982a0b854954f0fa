package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollgate analyze} over long windows: refused past a limit, streamed, printed briefly. */
class AnalyzeLongWindowTest {
  private static final String PIPELINE = AnalyzeCommandTest.PIPELINE.toString();
  private static final String RECORDING = AnalyzeCommandTest.RECORDING.toString();
  private static final Map<String, String> ENV = AnalyzeCommandTest.ENV;

  @TempDir Path dir;

  /** A Prometheus with no data: every range query is an empty matrix. Keeps every query string. */
  private HttpServer prometheus;

  private final List<Map<String, String>> asked = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startPrometheus() throws Exception {
    prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    prometheus.createContext(
        "/",
        exchange -> {
          Map<String, String> params = new HashMap<>();
          String q = exchange.getRequestURI().getRawQuery();
          for (String pair : q == null ? new String[0] : q.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(
                URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
          }
          params.put("path", exchange.getRequestURI().getPath());
          asked.add(params);
          byte[] body =
              "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    prometheus.start();
  }

  @AfterEach
  void stopPrometheus() {
    prometheus.stop(0);
  }

  private Map<String, String> env() {
    return Map.of("PROMETHEUS_ADDRESS", "http://127.0.0.1:" + prometheus.getAddress().getPort());
  }

  @Test
  void aWindowOfMoreIntervalsThanTheLimitIsRefusedBeforeAnyQuery() {
    // Given a year at the analysis' 30 s interval: 1,051,200 intervals
    // When it is analysed without raising the limit
    var r =
        AnalyzeCommandTest.analyze(
            env(), PIPELINE, "--from", "2025-01-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z");

    // Then it is bad input, says what to do, and Prometheus was never asked
    assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "the window 2025-01-01T00:00:00Z .. 2026-01-01T00:00:00Z holds 1051200 intervals of"
                + " 30s, more than --max-intervals 100000: narrow the window, give a longer"
                + " --step, or raise --max-intervals");
    assertThat(r.out()).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void aYearWithTheLimitRaisedIsAskedInChunksAndStopsAtTheDecision() {
    // Given a year where Prometheus has no data, so the canary is inconclusive at interval #3
    // (inconclusiveLimit 2), and the limit raised
    var r =
        AnalyzeCommandTest.analyze(
            env(),
            PIPELINE,
            "--from",
            "2025-01-01T00:00:00Z",
            "--to",
            "2026-01-01T00:00:00Z",
            "--max-intervals",
            "2000000");

    // Then it waits for a person, having asked only the first chunk of each of the 3 queries
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.WAITING);
    assertThat(asked).hasSize(3);
    for (Map<String, String> q : asked) {
      assertThat(q.get("path")).isEqualTo("/api/v1/query_range");
      double points =
          (Double.parseDouble(q.get("end")) - Double.parseDouble(q.get("start"))) / 30 + 1;
      assertThat(points).isEqualTo(9_999);
    }
    // and printed the header, 3 intervals with their sentences, what was left out, the verdict
    assertThat(r.out())
        .contains("1051200 intervals")
        .contains("#3    2025-01-01T00:01:30Z")
        .doesNotContain("#4 ")
        .contains(
            "the verdict settled at interval #3; the 1051197 intervals after it are not shown"
                + " (--all-intervals shows them)")
        .contains("would wait for a person at 2025-01-01T00:01:30Z (interval #3)");
    assertThat(r.out().lines().count()).isLessThan(20);
  }

  @Test
  void theLimitCountsTheIntervalsOfARecordingToo() {
    // Given the committed recording: 24 intervals
    var refused =
        AnalyzeCommandTest.analyze(ENV, PIPELINE, "--replay", RECORDING, "--max-intervals", "23");
    var allowed =
        AnalyzeCommandTest.analyze(ENV, PIPELINE, "--replay", RECORDING, "--max-intervals", "24");

    assertThat(refused.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(refused.err()).contains("holds 24 intervals of 30s, more than --max-intervals 23");
    assertThat(allowed.exitCode()).as(allowed.err()).isEqualTo(ExitCode.ROLLED_BACK);
  }

  @Test
  void intervalsAfterTheDecisionArePrintedOnlyWithAllIntervals() throws Exception {
    // Given the recording that rolls back at #16 of 24
    Path brief = dir.resolve("brief.json");
    Path all = dir.resolve("all.json");

    // When it is replayed with and without --all-intervals
    var r =
        AnalyzeCommandTest.analyze(
            ENV, PIPELINE, "--replay", RECORDING, "--report", brief.toString());
    var a =
        AnalyzeCommandTest.analyze(
            ENV, PIPELINE, "--replay", RECORDING, "--all-intervals", "--report", all.toString());

    // Then by default the output ends at #16 and says what it left out
    assertThat(r.exitCode()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(r.out())
        .contains("#16   2026-01-01T00:08:00Z")
        .doesNotContain("#17 ")
        .contains(
            "the verdict settled at interval #16; the 8 intervals after it are not shown"
                + " (--all-intervals shows them)");
    // with --all-intervals every interval is there, those after the decision marked decided
    assertThat(a.exitCode()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(a.out())
        .contains("#24   2026-01-01T00:12:00Z")
        .contains("-> (decided)")
        .doesNotContain("not shown");
    // and the report holds the same 16 decisions either way
    assertThat(JsonParser.parseString(Files.readString(all)).getAsJsonObject().get("decisions"))
        .isEqualTo(
            JsonParser.parseString(Files.readString(brief)).getAsJsonObject().get("decisions"));
    assertThat(
            JsonParser.parseString(Files.readString(brief))
                .getAsJsonObject()
                .getAsJsonArray("decisions"))
        .hasSize(16);
  }

  @Test
  void theStepSummaryNamesTheWholeWindowAndWhereTheAnalysisStopped() throws Exception {
    Path summary = dir.resolve("summary.md");
    Map<String, String> env = new HashMap<>(ENV);
    env.put("GITHUB_STEP_SUMMARY", summary.toString());

    var r = AnalyzeCommandTest.analyze(env, PIPELINE, "--replay", RECORDING);

    assertThat(r.exitCode()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(Files.readString(summary))
        .contains("would roll back at 2026-01-01T00:08:00Z (interval #16)")
        .contains(", 24 intervals, 3 metrics. Judged up to interval #16, where the verdict settled")
        .contains("```mermaid");
  }
}
