package io.rollgate.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryVariablesTest {
  @Test
  void builtInNamesWinOverPipelineVarsOfTheSameName() {
    // Given vars that try to redefine built-in names next to one of their own
    Map<String, String> vars = Map.of("namespace", "elsewhere", "track", "x", "job", "api");

    // When the variables of the stable track are built
    Map<String, String> values = QueryVariables.of("checkout", "shop", "web", vars, "stable");

    // Then the built-ins are the pipeline's, the var of its own is kept
    assertThat(values)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "namespace", "shop",
                "target", "web",
                "canary", "web-canary",
                "pipeline", "checkout",
                "track", "stable",
                "job", "api"));
  }
}
