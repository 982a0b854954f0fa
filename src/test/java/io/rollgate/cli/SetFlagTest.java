package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rollgate.sandbox.SandboxApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code --set} that nothing uses is bad input for every command that loads a pipeline (validate,
 * run, demo): exit 2 before anything reaches a cluster.
 */
class SetFlagTest {
  private SandboxApiServer api;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startSandbox() {
    api = SandboxApiServer.start();
  }

  @AfterEach
  void stopSandbox() {
    api.close();
  }

  private int rollgate(String... args) {
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(d -> {})
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) ->
                    new KubernetesClientBuilder()
                        .withConfig(api.client().getConfiguration())
                        .build())
            .withTunnels(
                client -> {
                  throw new AssertionError("no tunnel for bad input");
                });
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "validate pipelines/demo.yaml",
        "run pipelines/demo.yaml --stage staging",
        "demo",
        "demo --pipeline pipelines/demo.yaml"
      })
  void aMisspeltSetIsExit2AndNothingIsWritten(String command) {
    String[] args = (command + " --set IMAGEE=ghcr.io/acme/checkout:1.4.3").split(" ");

    int exit = rollgate(args);

    assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("pipelines/demo.yaml:1:1: --set IMAGEE: nothing uses this variable")
        .contains("did you mean 'IMAGE' (used at pipelines/demo/")
        // the built-in demo's files are named as in the repository, not at their removed copy
        .doesNotContain("rollgate-demo");
    assertThat(api.writeRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"=x", "1BAD=x", "A-B=1"})
  void anEmptyOrInvalidSetNameIsExit2(String set) {
    int exit = rollgate("validate", "pipelines/demo.yaml", "--set", set);

    assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString()).startsWith("pipelines/demo.yaml:1:1: --set '");
  }
}
