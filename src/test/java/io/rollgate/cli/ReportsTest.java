package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rollgate.kube.KubeconfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes --report writes it for every outcome it reaches once its flags parse, or
 * says on stderr why it could not; the job summary likewise; the exit code is the outcome's.
 */
class ReportsTest {
  private static final String INVALID = "test-fixtures/pipelines/unknown-variable.yaml";

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private Services services() {
    return Services.system()
        .withEnvironment(Map.of("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString()))
        .withClusters(
            (kubeconfig, context) -> {
              throw new KubeconfigException(
                  Optional.of(Path.of("/nonexistent/kc")), context, "no such file");
            });
  }

  private int rollgate(Services services, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  private JsonObject report(Path file) throws Exception {
    assertThat(file).as(out + "\n" + err).exists();
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  private String summary() throws Exception {
    Path file = dir.resolve("summary.md");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void runOfAPipelineThatDoesNotLoadReportsItsProblems() throws Exception {
    Path file = dir.resolve("run.json");

    int code = rollgate(services(), "run", INVALID, "--report", file.toString());

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    JsonObject report = report(file);
    assertThat(report.get("command").getAsString()).isEqualTo("run");
    assertThat(report.get("pipeline").getAsString()).isEqualTo(INVALID);
    assertThat(report.get("exitCode").getAsInt()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report.get("outcome").getAsString()).isEqualTo("failed");
    JsonObject problem = report.getAsJsonArray("problems").get(0).getAsJsonObject();
    assertThat(problem.get("file").getAsString()).isEqualTo(INVALID);
    assertThat(problem.get("line").getAsInt()).isEqualTo(8);
    assertThat(problem.get("message").getAsString()).contains("ROLLGATE_TEST_UNDEFINED");
    assertThat(summary()).contains("rollgate run").contains("(exit 2)");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "validate --report R pipelines/checkout.yaml --bogus",
        "validate pipelines/checkout.yaml --set IMGE --report R",
        "analyze pipelines/checkout.yaml --from 0 --report R",
        "status checkout -o yaml --report=R",
        "run pipelines/checkout.yaml --stage prod --report R",
        "resume --report R"
      })
  void aCommandLineThatDoesNotParseStillGetsItsReport(String command) throws Exception {
    Path file = dir.resolve("usage.json");
    String[] args = command.replace("R", file.toString()).split(" ");

    int code = rollgate(services(), args);

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    JsonObject report = report(file);
    assertThat(report.get("command").getAsString()).isEqualTo(args[0]);
    assertThat(report.get("exitCode").getAsInt()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report.get("message").getAsString()).isNotBlank();
  }

  @Test
  void runOfAStageThePipelineLacksIsReported() throws Exception {
    Path file = dir.resolve("run.json");

    int code =
        rollgate(
            services(),
            "run",
            "test-fixtures/pipelines/valid-minimal.yaml",
            "--stage",
            "production",
            "--report",
            file.toString());

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report(file).get("pipeline").getAsString()).isEqualTo("minimal");
    assertThat(report(file).get("message").getAsString()).contains("no 'production'");
  }

  @Test
  void validateOfAnInvalidPipelineReportsItsProblemsAndAddsNoSummary() throws Exception {
    Path file = dir.resolve("validate.json");

    int code = rollgate(services(), "validate", INVALID, "--report", file.toString());

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report(file).get("exitCode").getAsInt()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report(file).getAsJsonArray("problems")).hasSize(1);
    assertThat(summary()).isEmpty();
  }

  @Test
  void analyzeReportsAWindowItRefusesAndARecordingItCannotRead() throws Exception {
    Path refused = dir.resolve("refused.json");
    Path missing = dir.resolve("missing.json");
    String pipeline = AnalyzeCommandTest.PIPELINE.toString();
    Services services = services().withEnvironment(AnalyzeCommandTest.ENV);

    int window =
        rollgate(
            services,
            "analyze",
            pipeline,
            "--from",
            "1767225600",
            "--to",
            "1767225000",
            "--report",
            refused.toString());
    int recording =
        rollgate(
            services,
            "analyze",
            pipeline,
            "--replay",
            dir.resolve("nope.json").toString(),
            "--report",
            missing.toString());

    assertThat(window).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report(refused).get("message").getAsString()).contains("must be after --from");
    assertThat(recording).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report(missing).get("message").getAsString()).contains("no such file or folder");
  }

  @Test
  void statusPromoteAbortAndResumeReportWhatStoppedThem() throws Exception {
    for (String command : new String[] {"status", "promote", "abort", "resume"}) {
      Path file = dir.resolve(command + ".json");

      int code =
          rollgate(services(), command, "checkout", "-n", "shop", "--report", file.toString());

      assertThat(code).as(command).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(report(file).get("command").getAsString()).isEqualTo(command);
      assertThat(report(file).get("message").getAsString()).contains("/nonexistent/kc");
    }
    int code =
        rollgate(services(), "promote", "Not_A_Name", "--report", dir.resolve("p.json").toString());
    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(report(dir.resolve("p.json")).get("pipeline").getAsString()).isEqualTo("Not_A_Name");
  }

  @Test
  void aReportFolderAndASummaryFolderAreWarningsAndTheExitCodeStays() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("reports"));
    Services services =
        Services.system().withEnvironment(Map.of("GITHUB_STEP_SUMMARY", folder.toString()));

    int code =
        rollgate(
            services,
            "demo",
            "--pipeline",
            "pipelines/demo.yaml",
            "--metrics",
            "in-process",
            "--report",
            folder.toString());

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(err.toString())
        .contains("warning: cannot write report " + folder + ": it is a directory\n")
        .contains("warning: cannot append the step summary to " + folder + ": is a directory\n");
    try (var left = Files.list(folder)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aDemoReportFolderIsNotTurnedIntoNumberedFilesBesideIt() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("reports"));

    assertThat(OutputOptions.numbered(folder, 2)).isEqualTo(folder);
    assertThat(OutputOptions.numbered(dir.resolve("demo.json"), 2))
        .isEqualTo(dir.resolve("demo-2.json"));
  }
}
