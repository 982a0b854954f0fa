package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.MetricSpec.NoDataPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricEvaluatorTest {
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");
  private static final RenderedQueries Q =
      new RenderedQueries("canary-q", Optional.of("stable-q"), Optional.empty());

  private static Reading value(double v) {
    return new Reading.Value(v, AT);
  }

  private static Measurement judge(MetricSpec spec, Reading canary) {
    return MetricEvaluator.evaluate(
        spec, AT, Q, canary, Optional.empty(), Optional.empty(), List.of());
  }

  private static Measurement judge(MetricSpec spec, Reading canary, Reading stable) {
    return MetricEvaluator.evaluate(
        spec, AT, Q, canary, Optional.of(stable), Optional.empty(), List.of());
  }

  @Test
  void failsWhenValueExceedsMaxAndSaysSoWithNumbers() {
    // Given an error-rate metric with max 0.01
    MetricSpec spec = Specs.max("error-rate", "q", 0.01);
    // When the canary measures 0.083
    Measurement m = judge(spec, value(0.083));
    // Then it failed, and the sentence carries both numbers
    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(m.sentence()).isEqualTo("error-rate 0.083 > max 0.01 (canary)");
    assertThat(m.threshold()).isEqualTo("max 0.01");
    assertThat(m.canary()).hasValue(0.083);
  }

  @Test
  void succeedsAtOrBelowMax() {
    MetricSpec spec = Specs.max("error-rate", "q", 0.01);

    assertThat(judge(spec, value(0.01)).outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(judge(spec, value(0.004)).sentence())
        .isEqualTo("error-rate 0.004 <= max 0.01 (canary)");
  }

  @Test
  void failsBelowMin() {
    MetricSpec spec = Specs.min("success-rate", "q", 0.99);

    Measurement m = judge(spec, value(0.95));

    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(m.sentence()).isEqualTo("success-rate 0.95 < min 0.99 (canary)");
  }

  @Test
  void positiveInfinityFailsMaxAndNegativeInfinityFailsMin() {
    assertThat(judge(Specs.max("p99", "q", 0.5), value(Double.POSITIVE_INFINITY)).sentence())
        .isEqualTo("p99 +Inf > max 0.5 (canary)");
    assertThat(judge(Specs.max("p99", "q", 0.5), value(Double.NEGATIVE_INFINITY)).outcome())
        .isEqualTo(Outcome.SUCCESSFUL);
    assertThat(judge(Specs.min("rps", "q", 1), value(Double.NEGATIVE_INFINITY)).outcome())
        .isEqualTo(Outcome.FAILED);
  }

  @Test
  void noDataIsInconclusiveByDefault() {
    Measurement m =
        judge(Specs.max("error-rate", "q", 0.01), new Reading.NoData("NaN (0/0: no requests)"));

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sentence())
        .isEqualTo("error-rate no data (canary: NaN (0/0: no requests)); noData: inconclusive");
    assertThat(m.canary()).isEmpty();
  }

  @Test
  void noDataFollowsPassAndFailPolicies() {
    MetricSpec spec = Specs.max("error-rate", "q", 0.01);
    Reading none = new Reading.NoData("empty result");

    assertThat(judge(Specs.withNoData(spec, NoDataPolicy.FAIL), none).outcome())
        .isEqualTo(Outcome.FAILED);
    assertThat(judge(Specs.withNoData(spec, NoDataPolicy.PASS), none).outcome())
        .isEqualTo(Outcome.SUCCESSFUL);
  }

  @Test
  void nanNeverPassesAThresholdEvenWhenEveryComparisonWithItIsFalse() {
    // Given NaN as it comes out of Readings (0/0 is no data)
    Reading nan =
        Readings.of(
            new QueryResult(
                QueryResult.Type.SCALAR,
                List.of(new Series(java.util.Map.of(), List.of(new Sample(AT, Double.NaN)))),
                Optional.empty(),
                List.of()));
    // When judged against min and max thresholds
    Measurement againstMax = judge(Specs.max("m", "q", 0.01), nan);
    Measurement againstMin = judge(Specs.min("m", "q", 0.01), nan);
    // Then neither passes
    assertThat(againstMax.outcome()).isNotEqualTo(Outcome.SUCCESSFUL);
    assertThat(againstMin.outcome()).isNotEqualTo(Outcome.SUCCESSFUL);
  }

  @Test
  void aFailedQueryIsAnErrorThatKeepsItsKind() {
    Reading failed =
        new Reading.Failed(MetricQueryException.Kind.UNAVAILABLE, "503 after 3 attempts");

    Measurement m = judge(Specs.max("error-rate", "q", 0.01), failed);

    assertThat(m.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(m.errorKind()).contains(MetricQueryException.Kind.UNAVAILABLE);
    assertThat(m.isBadQuery()).isFalse();
    assertThat(m.sentence()).isEqualTo("error-rate: query failed (canary): 503 after 3 attempts");
  }

  @Test
  void tooFewSamplesIsInconclusiveEvenWithAGoodValue() {
    MetricSpec spec = Specs.withMinSamples(Specs.max("error-rate", "q", 0.01), "sum(requests)", 50);

    Measurement m =
        MetricEvaluator.evaluate(
            spec, AT, Q, value(0.001), Optional.empty(), Optional.of(value(12)), List.of());

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sentence()).isEqualTo("error-rate 12 samples < minSamples 50");
    assertThat(m.sampleCount()).hasValue(12);
  }

  @Test
  void enoughSamplesLetTheThresholdDecide() {
    MetricSpec spec = Specs.withMinSamples(Specs.max("error-rate", "q", 0.01), "sum(requests)", 50);

    Measurement m =
        MetricEvaluator.evaluate(
            spec, AT, Q, value(0.02), Optional.empty(), Optional.of(value(50)), List.of());

    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void noSampleCountAtAllCountsAsZeroSamples() {
    MetricSpec spec = Specs.withMinSamples(Specs.max("error-rate", "q", 0.01), "sum(requests)", 50);

    Measurement m =
        MetricEvaluator.evaluate(
            spec,
            AT,
            Q,
            value(0.0),
            Optional.empty(),
            Optional.of(new Reading.NoData("empty result")),
            List.of());

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sentence()).isEqualTo("error-rate 0 samples < minSamples 50");
  }

  @Test
  void comparisonFailsWhenCanaryIsMoreThanMaxRatioOfStable() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.empty());

    Measurement m = judge(spec, value(0.03), value(0.01));

    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(m.sentence())
        .isEqualTo("errors-vs-stable 0.03 (canary), stable 0.01; ratio 3 > maxRatio 1.5");
    assertThat(m.stable()).hasValue(0.01);
    assertThat(m.stableQuery()).contains("stable-q");
  }

  @Test
  void comparisonFailsWhenIncreaseExceedsMaxIncrease() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.of(0.002));

    Measurement m = judge(spec, value(0.014), value(0.01));

    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(m.sentence())
        .isEqualTo(
            "errors-vs-stable 0.014 (canary), stable 0.01; ratio 1.4 <= maxRatio 1.5; increase"
                + " 0.004 > maxIncrease 0.002");
  }

  @Test
  void comparisonPassesWithinBothLimits() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.of(0.002));

    assertThat(judge(spec, value(0.011), value(0.01)).outcome()).isEqualTo(Outcome.SUCCESSFUL);
  }

  @Test
  void stableZeroAndCanaryZeroIsFine() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.empty());

    assertThat(judge(spec, value(0), value(0)).outcome()).isEqualTo(Outcome.SUCCESSFUL);
  }

  @Test
  void stableZeroLeavesTheJudgementToMaxIncrease() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.of(0.002));

    Measurement small = judge(spec, value(0.001), value(0));
    Measurement large = judge(spec, value(0.005), value(0));

    assertThat(small.outcome()).isEqualTo(Outcome.SUCCESSFUL);
    assertThat(small.sentence()).contains("ratio not judged (stable 0)");
    assertThat(large.outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void stableZeroWithOnlyMaxRatioFailsAnyCanaryAboveZero() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.empty());

    Measurement m = judge(spec, value(0.001), value(0));

    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(m.sentence()).contains("ratio +Inf (stable 0) > maxRatio 1.5");
  }

  @Test
  void stableWithNoDataFollowsTheNoDataPolicy() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.empty());

    Measurement m = judge(spec, value(0.01), new Reading.NoData("empty result"));

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(m.sentence())
        .isEqualTo("errors-vs-stable no data (stable: empty result); noData: inconclusive");
  }

  @Test
  void aFailedStableQueryIsAnError() {
    MetricSpec spec =
        Specs.compare("errors-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.empty());

    Measurement m =
        judge(
            spec, value(0.01), new Reading.Failed(MetricQueryException.Kind.QUERY_FAILED, "boom"));

    assertThat(m.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(m.sentence()).contains("(stable)");
  }

  @Test
  void bothInfiniteCannotBeComparedAndIsInconclusive() {
    MetricSpec spec =
        Specs.compare("p99-vs-stable", "q", OptionalDouble.of(1.5), OptionalDouble.of(0.1));

    Measurement m = judge(spec, value(Double.POSITIVE_INFINITY), value(Double.POSITIVE_INFINITY));

    assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
  }

  @Test
  void thresholdFailureShowsStableValueToo() {
    MetricSpec base =
        Specs.compare("error-rate", "q", OptionalDouble.of(100), OptionalDouble.empty());
    MetricSpec spec =
        new MetricSpec(
            base.name(),
            "q",
            OptionalDouble.empty(),
            OptionalDouble.of(0.01),
            NoDataPolicy.INCONCLUSIVE,
            Optional.empty(),
            base.compare());

    Measurement m = judge(spec, value(0.083), value(0.002));

    assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(m.sentence()).startsWith("error-rate 0.083 > max 0.01 (canary), stable 0.002");
  }
}
