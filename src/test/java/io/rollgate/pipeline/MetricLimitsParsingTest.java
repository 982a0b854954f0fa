package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A metric may set its own failure, inconclusive and error limits. */
class MetricLimitsParsingTest {
  @TempDir Path dir;

  private Path pipeline(String metricExtra) throws Exception {
    String yaml =
        Files.readString(Path.of("pipelines/checkout.yaml"))
            .replace("            max: 0.5\n", "            max: 0.5\n" + metricExtra)
            .replace(
                "../test-fixtures/manifests/checkout",
                Path.of("test-fixtures/manifests/checkout").toAbsolutePath().toString());
    return Files.writeString(dir.resolve("p.yaml"), yaml);
  }

  @Test
  void aMetricsOwnLimitsAreReadAndTheOthersKeepNone() throws Exception {
    Path file = pipeline("            failureLimit: 3\n            consecutiveErrorLimit: 0\n");

    AnalysisSpec analysis =
        new PipelineLoader(Map.of())
            .load(file, Map.of(), Optional.empty())
            .spec()
            .production()
            .orElseThrow()
            .canary()
            .analysis();

    MetricSpec latency =
        analysis.metrics().stream().filter(m -> m.name().equals("p99-latency")).findFirst().get();
    assertThat(latency.limits())
        .isEqualTo(
            new MetricSpec.Limits(OptionalInt.of(3), OptionalInt.empty(), OptionalInt.of(0)));
    assertThat(analysis.metrics().get(0).limits()).isEqualTo(MetricSpec.Limits.none());
  }

  @Test
  void aNegativeMetricLimitIsReportedWithItsPlace() throws Exception {
    Path file = pipeline("            inconclusiveLimit: -1\n");

    assertThatThrownBy(() -> new PipelineLoader(Map.of()).load(file, Map.of(), Optional.empty()))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("inconclusiveLimit")
        .hasMessageContaining("must be >= 0, was -1");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"abc", ".nan", ".inf"})
  void aThresholdThatIsNoNumberIsOneProblemNotTwo(String value) throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(
        file,
        Files.readString(pipeline(""))
            .replace("            max: 0.5\n", "            max: " + value + "\n"));

    assertThatThrownBy(() -> new PipelineLoader(Map.of()).load(file, Map.of(), Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidPipelineException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("max: must be a number")));
  }

  @Test
  void anEmptyThresholdStillNeedsOne() throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(
        file,
        Files.readString(pipeline("")).replace("            max: 0.5\n", "            max: ~\n"));

    assertThatThrownBy(() -> new PipelineLoader(Map.of()).load(file, Map.of(), Optional.empty()))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("needs 'max', 'min' or 'compare'");
  }
}
