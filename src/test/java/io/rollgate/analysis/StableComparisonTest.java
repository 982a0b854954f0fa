package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.MetricSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class StableComparisonTest {
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");
  private static final RenderedQueries Q =
      new RenderedQueries("canary-q", Optional.of("stable-q"), Optional.empty());

  @Test
  void theHighestPassingValueIsWhereTheEvaluatorStartsToFail() {
    // Given every kind of comparison and stables above, at and below zero
    List<MetricSpec> specs =
        List.of(
            Specs.compare("ratio", "q", OptionalDouble.of(1.5), OptionalDouble.empty()),
            Specs.compare("increase", "q", OptionalDouble.empty(), OptionalDouble.of(0.002)),
            Specs.compare("both", "q", OptionalDouble.of(1.5), OptionalDouble.of(0.002)));
    SoftAssertions softly = new SoftAssertions();
    int judged = 0;
    for (MetricSpec spec : specs) {
      for (double stable : new double[] {0.002, 0.01, 0, -0.001}) {
        // When the limit is computed
        double limit =
            StableComparison.highestPassing(spec.compare().get(), OptionalDouble.of(stable))
                .getAsDouble();
        // Then a canary a little under it passes, a little over it fails
        for (double canary : new double[] {limit - 1e-7, limit + 1e-7, 0.5}) {
          if (Double.isInfinite(limit) && canary != 0.5) {
            continue;
          }
          Outcome outcome =
              MetricEvaluator.evaluate(
                      spec,
                      AT,
                      Q,
                      new Reading.Value(canary, AT),
                      Optional.of(new Reading.Value(stable, AT)),
                      Optional.empty(),
                      List.of())
                  .outcome();
          softly
              .assertThat(outcome)
              .as("%s stable %s canary %s (limit %s)", spec.name(), stable, canary, limit)
              .isEqualTo(canary <= limit ? Outcome.SUCCESSFUL : Outcome.FAILED);
          judged++;
        }
      }
    }
    softly.assertAll();
    assertThat(judged).isGreaterThan(30);
  }

  @Test
  void thereIsNoLimitWithoutAStableValue() {
    MetricSpec.Compare ratio =
        new MetricSpec.Compare("stable", OptionalDouble.of(1.5), OptionalDouble.empty());

    assertThat(StableComparison.highestPassing(ratio, OptionalDouble.empty())).isEmpty();
    assertThat(StableComparison.highestPassing(ratio, OptionalDouble.of(Double.NaN))).isEmpty();
    assertThat(StableComparison.highestPassing(ratio, OptionalDouble.of(0))).hasValue(0);
  }
}
