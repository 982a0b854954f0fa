package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A namespace the API would refuse is bad input for the commands that talk to a cluster too (exit 2
 * at once), not five retries and "unreachable" (exit 7).
 */
class ClusterNamespaceTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger connected = new AtomicInteger();

  private int rollgate(String... args) {
    Services services =
        Services.system()
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) -> {
                  connected.incrementAndGet();
                  throw new IllegalStateException("no cluster may be asked");
                });
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(args);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status checkout -n Bad_NS",
        "promote checkout -n Bad_NS",
        "abort checkout -n Bad_NS",
        "status pipelines/checkout.yaml -n Bad_NS",
        "resume checkout -n Bad_NS",
        "resume --all -n shop -n Bad_NS"
      })
  void aNamespaceThatIsNoDns1123LabelIsExit2BeforeAnyClusterIsAsked(String command) {
    int code = rollgate(command.split(" "));

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString())
        .contains("-n 'Bad_NS': must be a valid namespace name (a DNS-1123 label");
    assertThat(connected).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\nb"})
  void anEmptyOrControlCharacterNamespaceIsRefusedToo(String namespace) {
    int code = rollgate("status", "checkout", "-n", namespace);

    assertThat(code).as(out + "\n" + err).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString()).contains("must be a valid namespace name");
    assertThat(connected).hasValue(0);
  }
}
