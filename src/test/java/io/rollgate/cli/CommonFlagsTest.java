package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The common flags of the README mean the same on every command that offers them. */
class CommonFlagsTest {
  private static final List<String> ALL =
      List.of("validate", "run", "status", "promote", "abort", "resume", "analyze", "demo");
  private static final List<String> TALK_TO_A_CLUSTER =
      List.of("run", "status", "promote", "abort", "resume");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine commandLine() {
    return RollgateCommand.newCommandLine(
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        Services.system().withEnvironment(Map.of()));
  }

  private static Optional<OptionSpec> option(CommandLine command, String name) {
    return Optional.ofNullable(command.getCommandSpec().findOption(name));
  }

  @Test
  void everyCommandsHelpIsUsageAndExit0() {
    for (String name : ALL) {
      for (String flag : List.of("--help", "-h")) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);

        int code = commandLine().execute(name, flag);

        assertThat(code).as(name + " " + flag + ": " + out + err).isZero();
        assertThat(out.toString()).as(name + " " + flag).contains("Usage: rollgate " + name);
        assertThat(err.toString()).as(name + " " + flag).isEmpty();
      }
    }
  }

  @Test
  void everyCommandTakesTheOutputFlagsWithOneMeaning() {
    CommandLine root = commandLine();
    OptionSpec report = option(root.getSubcommands().get("run"), "--report").orElseThrow();
    OptionSpec format = option(root.getSubcommands().get("run"), "--log-format").orElseThrow();
    OptionSpec verbose = option(root.getSubcommands().get("run"), "-v").orElseThrow();
    for (String name : ALL) {
      CommandLine command = root.getSubcommands().get(name);
      for (OptionSpec common : List.of(report, format, verbose)) {
        assertThat(option(command, common.longestName()))
            .as(name + " " + common.longestName())
            .get()
            .satisfies(o -> assertThat(o.description()).isEqualTo(common.description()));
      }
      assertThat(option(command, "--stacktrace")).as(name + " --stacktrace").isPresent();
    }
  }

  @Test
  void clusterFlagsAreOfferedWhereACommandTalksToACluster() {
    CommandLine root = commandLine();
    for (String name : ALL) {
      CommandLine command = root.getSubcommands().get(name);
      boolean talks = TALK_TO_A_CLUSTER.contains(name);
      for (String flag : List.of("--kubeconfig", "--context")) {
        assertThat(option(command, flag).map(o -> List.of(o.description())))
            .as(name + " " + flag)
            .isEqualTo(
                talks
                    ? option(root.getSubcommands().get("run"), flag)
                        .map(o -> List.of(o.description()))
                    : Optional.empty());
      }
      assertThat(option(command, "-n")).as(name + " -n").isPresent();
    }
  }

  @Test
  void demoDoesNotOfferAKubeconfigItWouldIgnore() {
    int code = commandLine().execute("demo", "--kubeconfig", dir.resolve("kc").toString());

    assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString()).contains("--kubeconfig");
    assertThat(out.toString()).doesNotContain("sandbox");
  }

  @Test
  void validateTakesReportLogFormatAndVerbose() throws Exception {
    Path report = dir.resolve("validate.json");

    int code =
        commandLine()
            .execute(
                "validate",
                "test-fixtures/pipelines/valid-minimal.yaml",
                "--report",
                report.toString(),
                "--log-format",
                "text",
                "-v");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.OK);
    JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    assertThat(json.get("command").getAsString()).isEqualTo("validate");
    assertThat(json.get("exitCode").getAsInt()).isZero();
    assertThat(json.get("outcome").getAsString()).isEqualTo("valid");
  }

  @Test
  void analyzeTakesLogFormatBesideItsReportAndVerbose() {
    AnalyzeCommandTest.Result r =
        AnalyzeCommandTest.analyze(
            AnalyzeCommandTest.ENV,
            AnalyzeCommandTest.PIPELINE.toString(),
            "--replay",
            AnalyzeCommandTest.RECORDING.toString(),
            "--log-format",
            "text",
            "-v",
            "--report",
            dir.resolve("analyze.json").toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ROLLED_BACK);
    assertThat(dir.resolve("analyze.json")).exists();
  }
}
