package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rollgate.analysis.QueryResult;
import io.rollgate.query.QueryTemplate;
import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subset's reading of PromQL's durations, strings and regex matchers. */
class PromQlSubsetTest {
  @Test
  void readsCompoundDurations() throws Exception {
    assertThat(PromQlSubset.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(PromQlSubset.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(PromQlSubset.duration("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void readsValuesTheTemplateEscapedAsPrometheusWould() throws Exception {
    // Given a pod in a namespace whose name holds regex and string metacharacters
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    TestClock clock = new TestClock(t0);
    PodHistory history = new PodHistory();
    history.ready(PodLife.ready("team.a\"b", "p-1", PodBehaviour.HEALTHY, t0, "canary"));
    history.ready(PodLife.ready("teamXa\"b", "p-2", PodBehaviour.HEALTHY, t0, "canary"));
    clock.advance(Duration.ofSeconds(10));
    String query =
        QueryTemplate.parse(
                "sum(rate(http_requests_total{namespace=~\"{{ns}}\"}[5s]))"
                    + " + sum(rate(http_requests_total{namespace='{{ns}}', code=\"200\"}[5s]))")
            .render(Map.of("ns", "team.a\"b"));

    // When asked
    QueryResult result = new InProcessMetricSource(history, clock).query(query, clock.instant());

    // Then only the namespace named exactly so counts: 20 + 19.98 requests/s
    assertThat(result.series()).hasSize(1);
    assertThat(result.series().get(0).samples().get(0).value()).isCloseTo(39.98, within(1e-9));
    assertThat(PromQlSubset.parse(query)).isInstanceOf(PromQlSubset.Binary.class);
    assertThat(query).contains("namespace=~\"team\\\\.a\\\"b\"");
  }
}
