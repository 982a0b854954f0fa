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
 * A namespace the API server would refuse, given with {@code -n}, is bad input before any write.
 */
class NamespaceFlagTest {
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
        "",
        "Bad_NS",
        "a\nb",
        "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
      })
  void validateAndRunRefuseTheNamespaceAndWriteNothing(String namespace) {
    int validate = rollgate("validate", "pipelines/demo.yaml", "-n", namespace);
    int run = rollgate("run", "pipelines/demo.yaml", "--stage", "staging", "-n", namespace);

    assertThat(validate).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("pipelines/demo.yaml:1:1: --namespace '")
        .contains("': must be a valid namespace name (a DNS-1123 label");
    assertThat(err.toString().lines())
        .allMatch(l -> l.startsWith("pipelines/demo.yaml:1:1: --namespace"), "one line each");
    assertThat(api.writeRequestCount()).isZero();
  }
}
