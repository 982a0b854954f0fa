package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json}: every line on stdout and stderr is one JSON object with time, level,
 * stage, the object it is about, and its message.
 */
class JsonLogTest {
  private static final Set<String> LEVELS = Set.of("debug", "info", "warn", "error");

  @TempDir Path temp;
  private CanarySandbox sandbox;
  private Path pipeline;

  @BeforeEach
  void start() throws Exception {
    sandbox = new CanarySandbox(temp);
    pipeline =
        sandbox.pipeline(
            "checkout",
            "shop",
            "- setWeight: 25\n- analysis: {duration: 2m}\n- setWeight: 100",
            true);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  /** Every line of {@code text} as a JSON object with the fields every line has. */
  static List<JsonObject> lines(String text) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() && lines.size() == text.split("\n", -1).length - 1) {
        continue; // the end of the last line
      }
      JsonElement parsed;
      try {
        parsed = JsonParser.parseString(line);
      } catch (RuntimeException e) {
        throw new AssertionError("not JSON: " + line, e);
      }
      assertThat(parsed.isJsonObject()).as(line).isTrue();
      JsonObject o = parsed.getAsJsonObject();
      assertThat(Instant.parse(o.get("time").getAsString())).as(line).isNotNull();
      assertThat(LEVELS).as(line).contains(o.get("level").getAsString());
      assertThat(o.get("stage").getAsString()).as(line).isNotBlank();
      assertThat(o.get("object").getAsString()).as(line).isNotBlank();
      assertThat(o.get("message").getAsString()).as(line).isNotNull();
      lines.add(o);
    }
    return lines;
  }

  private static List<String> messages(List<JsonObject> lines, String stage) {
    return lines.stream()
        .filter(o -> o.get("stage").getAsString().equals(stage))
        .map(o -> o.get("message").getAsString())
        .toList();
  }

  private int deploy(String version, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                pipeline.toString(),
                "--set",
                "IMAGE=ghcr.io/acme/checkout:" + version,
                "--set",
                "VERSION=" + version,
                "--log-format",
                "json",
                "-v"));
    args.addAll(List.of(more));
    return sandbox.rollgate(args.toArray(String[]::new));
  }

  @Test
  void aRunThatRollsBackIsJsonOnEveryLine() {
    assertThat(deploy("1.4.2")).as(sandbox.printed()).isZero();
    lines(sandbox.out.toString());
    sandbox.metrics.errors = (track, t) -> track.equals("canary") ? 0.2 : 0.001;

    int code = deploy("1.4.3");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.ROLLED_BACK);
    List<JsonObject> out = lines(sandbox.out.toString());
    lines(sandbox.err.toString());
    assertThat(messages(out, "staging")).anyMatch(m -> m.startsWith("applied Deployment/"));
    assertThat(messages(out, "production"))
        .anyMatch(m -> m.contains("error-rate 0.2 > max 0.05"))
        .anyMatch(m -> m.startsWith("rolled back: "))
        .noneMatch(m -> m.startsWith("production: "));
    assertThat(out).allMatch(o -> o.get("object").getAsString().equals("pipeline/checkout"));
  }

  @Test
  void aRunThatFailsIsJsonToItsLastLineTheTraceIncluded() throws Exception {
    assertThat(deploy("1.4.2")).as(sandbox.printed()).isZero();
    Files.writeString(
        pipeline,
        Files.readString(pipeline)
            .replace(
                "prometheus: {address: \"http://prometheus.test:9090\"}",
                "prometheus: {address: \"http://prometheus.test:9090\", bearerTokenEnv: PROM_TOKEN}"));
    CanarySandbox s = sandbox;
    Services realMetrics = s.services("ci-run").withMetrics(Services.system().metrics());
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();

    int code =
        RollgateCommand.newCommandLine(
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), realMetrics)
            .execute(
                "run",
                pipeline.toString(),
                "--set",
                "IMAGE=ghcr.io/acme/checkout:1.4.3",
                "--log-format",
                "json",
                "--stacktrace",
                "--report",
                temp.resolve("report.json").toString());

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    lines(out.toString());
    List<JsonObject> errors = lines(err.toString());
    JsonObject problem = errors.get(0);
    assertThat(problem.get("level").getAsString()).isEqualTo("error");
    assertThat(problem.get("file").getAsString()).isEqualTo(pipeline.toString());
    assertThat(problem.get("line").getAsInt()).isPositive();
    assertThat(problem.get("message").getAsString())
        .isEqualTo("prometheus.bearerTokenEnv: environment variable PROM_TOKEN is not set");
    assertThat(errors.get(errors.size() - 1).get("stacktrace").getAsString())
        .contains("InvalidPipelineException")
        .contains("\tat ");
  }

  @Test
  void aRunWhoseStagingFailsIsJsonToItsLastLineTheErrorOfTheStagingStage() {
    // Given the credentials may apply in staging but not list its pods
    sandbox.api.failNext("GET", "/api/v1/namespaces/shop-staging/pods", 403, 1000);

    int code = deploy("1.4.2");

    assertThat(code).as(sandbox.printed()).isEqualTo(ExitCode.STAGING_FAILED);
    lines(sandbox.out.toString());
    List<JsonObject> err = lines(sandbox.err.toString());
    JsonObject last = err.get(err.size() - 1);
    assertThat(last.get("level").getAsString()).isEqualTo("error");
    assertThat(last.get("stage").getAsString()).isEqualTo("staging");
    assertThat(last.get("object").getAsString()).isEqualTo("pipeline/checkout");
    assertThat(last.get("message").getAsString())
        .contains("shop-staging")
        .doesNotContain("Exception");
  }

  @Test
  void anUnreachablePrometheusWithVerboseIsJsonDebugLinesIncludedAndNeverShowsTheToken()
      throws Exception {
    // Given a pipeline that authenticates with a bearer token, and nothing listening at the address
    Path tokened =
        Files.writeString(
            temp.resolve("tokened.yaml"),
            Files.readString(AnalyzeCommandTest.PIPELINE)
                .replace("timeout: 5s\n", "timeout: 5s\n          bearerTokenEnv: PROM_TOKEN\n")
                .replace(
                    "../manifests/checkout",
                    Path.of("test-fixtures/manifests/checkout").toAbsolutePath().toString()));
    Map<String, String> env =
        Map.of("PROMETHEUS_ADDRESS", "http://127.0.0.1:9", "PROM_TOKEN", "s3cr3t-token-value");

    AnalyzeCommandTest.Result r =
        AnalyzeCommandTest.analyze(
            env,
            tokened.toString(),
            "--from",
            "1767225600",
            "--to",
            "1767226320",
            "--log-format",
            "json",
            "-v");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
    lines(r.out());
    List<JsonObject> err = lines(r.err());
    assertThat(err)
        .as("the retries' debug lines")
        .anyMatch(
            o ->
                o.get("level").getAsString().equals("debug")
                    && o.get("logger").getAsString().equals("io.rollgate.retry.Retries"));
    JsonObject last = err.get(err.size() - 1);
    assertThat(last.get("level").getAsString()).isEqualTo("error");
    assertThat(last.get("object").getAsString()).isEqualTo("pipeline/checkout");
    assertThat(r.out() + r.err()).doesNotContain("s3cr3t-token-value");
  }

  @Test
  void statusInJsonCarriesItsStatusObject() {
    assertThat(deploy("1.4.2")).as(sandbox.printed()).isZero();

    int code =
        sandbox.rollgate("status", pipeline.toString(), "--output", "json", "--log-format", "json");

    assertThat(code).as(sandbox.printed()).isZero();
    List<JsonObject> out = lines(sandbox.out.toString());
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getAsJsonObject("status").get("pipeline").getAsString())
        .isEqualTo("checkout");
  }

  @Test
  void analyzeIsJsonOnEveryLineEachIntervalItsOwnObject() {
    AnalyzeCommandTest.Result r =
        AnalyzeCommandTest.analyze(
            AnalyzeCommandTest.ENV,
            AnalyzeCommandTest.PIPELINE.toString(),
            "--replay",
            AnalyzeCommandTest.RECORDING.toString(),
            "--log-format",
            "json",
            "-v");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ROLLED_BACK);
    List<JsonObject> out = lines(r.out());
    lines(r.err());
    assertThat(out)
        .anyMatch(
            o ->
                o.get("object").getAsString().equals("interval/15")
                    && o.get("message").getAsString().startsWith("#15   2026-01-01T00:07:30Z"))
        .anyMatch(
            o ->
                o.get("object").getAsString().equals("interval/15")
                    && o.get("message")
                        .getAsString()
                        .equals("error-rate 0.0405 > max 0.01 (canary)"))
        .anyMatch(o -> o.get("message").getAsString().startsWith("would roll back at"));
    assertThat(messages(out, "analyze")).hasSize(out.size());
  }

  @Test
  void aCommandLineThatDoesNotParseIsJsonWhenItAsks() {
    int code =
        sandbox.rollgate("run", pipeline.toString(), "--stag", "staging", "--log-format", "json");

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    List<JsonObject> err = lines(sandbox.err.toString());
    assertThat(err.get(0).get("message").getAsString())
        .isEqualTo("unknown option '--stag' for 'rollgate run'; did you mean '--stage'?");
    assertThat(err.get(1).get("message").getAsString())
        .isEqualTo("Try 'rollgate run --help' for usage.");
  }

  @Test
  void aReportThatCannotBeWrittenWarnsInJson() throws Exception {
    Path folder = Files.createDirectory(temp.resolve("reports"));

    int code = deploy("1.4.2", "--report", folder.toString());

    assertThat(code).as(sandbox.printed()).isZero();
    assertThat(lines(sandbox.err.toString()))
        .anyMatch(
            o ->
                o.get("level").getAsString().equals("warn")
                    && o.get("message")
                        .getAsString()
                        .equals("cannot write report " + folder + ": it is a directory"));
  }
}
