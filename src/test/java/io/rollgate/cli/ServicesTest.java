package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesTest {
  @Test
  void printingTheServicesShowsVariableNamesButNeverTheirValues() {
    Services services =
        Services.system()
            .withEnvironment(
                Map.of("PROMETHEUS_TOKEN", "tok-8f3a9c1d", "GITHUB_TOKEN", "ghp_abcdef123456"));

    String printed = services + " " + services.environment();

    assertThat(printed)
        .contains("PROMETHEUS_TOKEN", "GITHUB_TOKEN")
        .doesNotContain("tok-8f3a9c1d", "ghp_abcdef123456");
  }

  @Test
  void theEnvironmentStillReadsLikeAMap() {
    Environment env = Environment.of(Map.of("A", "1")).with("B", "2");

    assertThat(env).containsEntry("A", "1").containsEntry("B", "2").hasSize(2);
    assertThat(env.get("C")).isNull();
  }

  @Test
  void theLeaseHolderSaysWhoAndWhereAndWhichCiRun() {
    String identity =
        HolderIdentity.of(
            Map.of(
                "USER", "alice",
                "HOSTNAME", "build-7",
                "GITHUB_RUN_ID", "99",
                "GITHUB_RUN_ATTEMPT", "2",
                "GITHUB_REPOSITORY", "acme/shop"));

    assertThat(identity)
        .startsWith("alice@build-7 (pid " + ProcessHandle.current().pid())
        .contains("GitHub Actions run 99/2 of acme/shop");
    assertThat(HolderIdentity.of(Map.of("USER", "alice", "HOSTNAME", "build-7")))
        .isNotEqualTo(HolderIdentity.of(Map.of("USER", "alice", "HOSTNAME", "build-7")));
  }
}
