package io.rollgate.report;

import static io.rollgate.report.MarkdownFixtures.interval;
import static io.rollgate.report.MarkdownFixtures.many;
import static io.rollgate.report.MarkdownFixtures.maxMetric;
import static io.rollgate.report.MarkdownFixtures.measurement;
import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import io.rollgate.pipeline.MetricSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MarkdownChartTest {
  @Test
  void nanAbsentAndInfiniteValuesNeverReachTheMermaidLines() {
    // Given a value, NaN, +Inf and a failed query
    List<WindowResult.Interval> intervals =
        List.of(
            interval(
                1,
                Verdict.proceed(),
                measurement("p99", 1, Outcome.SUCCESSFUL, OptionalDouble.of(0.001))),
            interval(
                2,
                Verdict.proceed(),
                measurement("p99", 2, Outcome.INCONCLUSIVE, OptionalDouble.of(Double.NaN))),
            interval(
                3,
                Verdict.proceed(),
                measurement("p99", 3, Outcome.FAILED, OptionalDouble.of(Double.POSITIVE_INFINITY))),
            interval(
                4,
                Verdict.proceed(),
                measurement("p99", 4, Outcome.ERROR, OptionalDouble.empty())));

    // When charted against max 0.01
    String chart = MarkdownChart.render(maxMetric("p99", 0.01), intervals);

    // Then NaN and the failed query are left out, +Inf is drawn at the top, and the caption says so
    assertThat(chart)
        .contains("  x-axis \"interval\" [1, 3]\n")
        .contains("  line \"canary\" [0.001, 0.01]\n")
        .contains("  line \"max 0.01\" [0.01, 0.01]\n")
        .contains("2 of 4 intervals left out (no data, NaN or failed query)")
        .contains("infinite values drawn at the edge of the chart (0.001 .. 0.01)");
    String mermaid = chart.substring(0, chart.indexOf("```\n_"));
    assertThat(mermaid).doesNotContain("NaN").doesNotContain("Inf");
  }

  @Test
  void aMetricWithoutAnyValueGetsASentenceInsteadOfAnEmptyChart() {
    List<WindowResult.Interval> intervals =
        List.of(
            interval(
                1,
                Verdict.proceed(),
                measurement("p99", 1, Outcome.ERROR, OptionalDouble.empty())));

    String chart = MarkdownChart.render(maxMetric("p99", 0.5), intervals);

    assertThat(chart).isEqualTo("_p99: no finite value in 1 intervals, nothing to chart._\n");
  }

  @Test
  void numbersAreWrittenInPlainDecimalBecauseMermaidReadsNoExponent() {
    assertThat(MarkdownChart.number(1.234567e-9)).isEqualTo("0.000000001235");
    assertThat(MarkdownChart.number(2.5e16)).isEqualTo("25000000000000000");
    assertThat(MarkdownChart.number(-0.0)).isEqualTo("0");
    assertThat(MarkdownChart.number(0.0405)).isEqualTo("0.0405");
  }

  @Test
  void aComparisonIsChartedAgainstTheLimitItsStableValueImplies() {
    // Given errors-vs-stable with maxRatio 1.5 and maxIncrease 0.002, stable at 0.002 then missing
    MetricSpec metric = MarkdownFixtures.compareMetric("errors-vs-stable", 1.5, 0.002);
    List<WindowResult.Interval> intervals =
        List.of(
            interval(
                1,
                Verdict.proceed(),
                measurement(
                    "errors-vs-stable",
                    1,
                    Outcome.SUCCESSFUL,
                    OptionalDouble.of(0.0025),
                    Optional.of(0.002))),
            interval(
                2,
                Verdict.proceed(),
                measurement(
                    "errors-vs-stable",
                    2,
                    Outcome.INCONCLUSIVE,
                    OptionalDouble.of(0.0025),
                    Optional.empty())));

    String chart = MarkdownChart.render(metric, intervals);

    // Then the limit is min(0.002 * 1.5, 0.002 + 0.002) = 0.003, and the interval without stable is
    // left out
    assertThat(chart)
        .contains("  line \"canary\" [0.0025]\n")
        .contains("  line \"limit from stable\" [0.003]\n")
        .contains("1 of 2 intervals left out");
  }

  @Test
  void longWindowsAreSampledToAboutSixtyEvenlySpacedIntervalsKeepingTheDecidingOne() {
    // Given 200 intervals, the verdict decided at #100
    List<WindowResult.Interval> all = many("error-rate", 200);

    // When sampled for a chart
    List<WindowResult.Interval> picked = MarkdownChart.sample(all, Optional.of(all.get(99)));

    // Then 60 evenly spaced ones plus #100, first and last included, in order
    assertThat(picked).hasSize(61);
    assertThat(picked.get(0).number()).isEqualTo(1);
    assertThat(picked.get(60).number()).isEqualTo(200);
    assertThat(picked).extracting(WindowResult.Interval::number).contains(100).isSorted();
  }

  @Test
  void shortWindowsAreChartedWhole() {
    List<WindowResult.Interval> all = many("error-rate", 60);

    assertThat(MarkdownChart.sample(all, Optional.empty())).isEqualTo(all);
  }
}
