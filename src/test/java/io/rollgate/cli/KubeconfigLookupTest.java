package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the kubeconfig comes from is read from the injected environment: outside a pod, no
 * kubeconfig is bad input at once, not an outage after the retry budget.
 */
class KubeconfigLookupTest {
  @TempDir Path home;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Duration> waits = new ArrayList<>();

  private int rollgate(Map<String, String> environment, String... args) {
    Services services = Services.system().withSleeper(waits::add).withEnvironment(environment);
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  @Test
  void aKubeconfigVariableNamingNoFileIsExit2AtOnceOutsideAPod() {
    int code =
        rollgate(
            Map.of("KUBECONFIG", "/nonexistent/kc", "HOME", home.toString()),
            "run",
            "pipelines/demo.yaml",
            "--stage",
            "staging");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("no kubeconfig found, and not running in a pod")
        .contains("--kubeconfig: not given")
        .contains("$KUBECONFIG=/nonexistent/kc: no such file");
    assertThat(waits).as("nothing retried").isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "''|the file is empty",
        "'a: ['|not a kubeconfig file it can read",
        "hello|not a kubeconfig file it can read",
      })
  void aKubeconfigThatCannotBeReadIsSaidInWordsWithoutAClassName(String text, String said)
      throws Exception {
    Path kubeconfig = Files.writeString(home.resolve("kc"), text);

    int code =
        rollgate(
            Map.of("HOME", home.toString()),
            "status",
            "checkout",
            "-n",
            "shop",
            "--kubeconfig",
            kubeconfig.toString());

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString()).contains(said).doesNotContain("Exception");
  }

  @Test
  void noKubeconfigAnywhereNamesTheHomeFolderItLookedIn() {
    int code = rollgate(Map.of("HOME", home.toString()), "status", "pipelines/demo.yaml");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("$KUBECONFIG: not set")
        .contains("~/.kube/config (" + home.resolve(".kube/config") + "): no such file");
  }

  @Test
  void anUnknownContextListsTheContextsThatExist() throws Exception {
    Path kubeconfig = home.resolve("kc");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: 'http://127.0.0.1:1'}}]
        users: [{name: u, user: {token: t}}]
        contexts:
        - {name: staging, context: {cluster: c, user: u}}
        - {name: production, context: {cluster: c, user: u}}
        current-context: staging
        """);

    int code =
        rollgate(
            Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", home.toString()),
            "run",
            "pipelines/demo.yaml",
            "--stage",
            "staging",
            "--context",
            "prod");

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("no context named 'prod'; its contexts: staging, production (current: staging)");
  }
}
