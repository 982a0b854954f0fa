package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AnalysisRunTest {
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");

  private static Measurement m(String metric, Outcome outcome) {
    Optional<MetricQueryException.Kind> kind =
        outcome == Outcome.ERROR
            ? Optional.of(MetricQueryException.Kind.UNAVAILABLE)
            : Optional.empty();
    return new Measurement(
        metric,
        AT,
        outcome,
        "q",
        Optional.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "max 1",
        List.of(),
        metric + " " + outcome,
        kind);
  }

  private static Measurement badQuery(String metric) {
    return new Measurement(
        metric,
        AT,
        Outcome.ERROR,
        "q",
        Optional.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        "max 1",
        List.of(),
        metric + ": 422",
        Optional.of(MetricQueryException.Kind.BAD_QUERY));
  }

  @Test
  void toleratesFailuresUpToTheLimitAndRollsBackOnTheNextOne() {
    // Given failureLimit 1
    AnalysisRun run = new AnalysisRun(1, 5, 5);
    // When the first failure arrives, the analysis continues
    assertThat(run.record(List.of(m("error-rate", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.CONTINUE);
    // Then the second one rolls back, with the count and the sentence in the reason
    Verdict v = run.record(List.of(m("error-rate", Outcome.FAILED)));
    assertThat(v.kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(v.reason())
        .isEqualTo(
            "2 failed measurements of error-rate, more than failureLimit 1: error-rate FAILED");
  }

  @Test
  void failureLimitZeroRollsBackOnTheFirstFailure() {
    AnalysisRun run = new AnalysisRun(0, 5, 5);

    assertThat(run.record(List.of(m("a", Outcome.SUCCESSFUL), m("b", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.ROLLBACK);
  }

  @Test
  void failuresOfDifferentMetricsInOneTickCountSeparately() {
    // Given failureLimit 1, counted per metric as Argo Rollouts does
    AnalysisRun run = new AnalysisRun(1, 5, 5);

    // When two metrics fail once each in the same tick
    Verdict v = run.record(List.of(m("a", Outcome.FAILED), m("b", Outcome.FAILED)));

    // Then neither has used up its own limit
    assertThat(v.kind()).isEqualTo(Verdict.Kind.CONTINUE);
    assertThat(run.failures()).isEqualTo(2);
    assertThat(run.record(List.of(m("b", Outcome.FAILED))).reason())
        .startsWith("2 failed measurements of b, more than failureLimit 1");
  }

  @Test
  void aMetricsOwnLimitOverridesTheAnalysisLimit() {
    AnalysisSpec spec =
        analysis(
            0,
            Specs.withLimits(
                Specs.max("latency", "q1", 1),
                new MetricSpec.Limits(OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty())),
            Specs.max("errors", "q2", 1));
    AnalysisRun run = AnalysisRun.of(spec);

    assertThat(run.record(List.of(m("latency", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.CONTINUE);
    assertThat(run.record(List.of(m("latency", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.CONTINUE);
    assertThat(run.record(List.of(m("errors", Outcome.FAILED))).reason())
        .startsWith("1 failed measurements of errors, more than failureLimit 0");
  }

  @Test
  void aResumedRunCountsOnFromTheSavedCounts() {
    AnalysisSpec spec = analysis(1, Specs.max("a", "q", 1));
    AnalysisRun first = AnalysisRun.of(spec);
    first.record(List.of(m("a", Outcome.FAILED)));
    first.record(List.of(m("a", Outcome.ERROR)));

    AnalysisCounts saved = first.counts();
    AnalysisRun resumed = AnalysisRun.resume(spec, saved);

    assertThat(saved.of("a")).isEqualTo(new AnalysisCounts.MetricCounts(1, 0, 1, 1));
    assertThat(resumed.consecutiveErrors("a")).isEqualTo(1);
    assertThat(resumed.record(List.of(m("a", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.ROLLBACK);
  }

  private static AnalysisSpec analysis(int failureLimit, MetricSpec... metrics) {
    return new AnalysisSpec(
        java.time.Duration.ofSeconds(30),
        failureLimit,
        0,
        4,
        new PrometheusSpec(
            "http://prometheus:9090",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            java.util.Map.of(),
            Optional.empty(),
            false,
            java.time.Duration.ofSeconds(10)),
        List.of(metrics));
  }

  @Test
  void tooManyInconclusiveMeasurementsWaitForAPerson() {
    AnalysisRun run = new AnalysisRun(1, 2, 5);

    run.record(List.of(m("a", Outcome.INCONCLUSIVE)));
    Verdict second = run.record(List.of(m("a", Outcome.INCONCLUSIVE)));
    Verdict third = run.record(List.of(m("a", Outcome.INCONCLUSIVE)));

    assertThat(second.kind()).isEqualTo(Verdict.Kind.CONTINUE);
    assertThat(third.kind()).isEqualTo(Verdict.Kind.INCONCLUSIVE);
    assertThat(run.finish().kind()).isEqualTo(Verdict.Kind.INCONCLUSIVE);
  }

  @Test
  void rollbackOutranksInconclusiveInTheSameTick() {
    AnalysisRun run = new AnalysisRun(0, 0, 5);

    assertThat(run.record(List.of(m("a", Outcome.INCONCLUSIVE), m("b", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.ROLLBACK);
  }

  @Test
  void errorsInARowPastTheLimitRollBack() {
    AnalysisRun run = new AnalysisRun(0, 0, 2);

    assertThat(run.record(List.of(m("a", Outcome.ERROR))).kind()).isEqualTo(Verdict.Kind.CONTINUE);
    assertThat(run.record(List.of(m("a", Outcome.ERROR))).kind()).isEqualTo(Verdict.Kind.CONTINUE);
    Verdict third = run.record(List.of(m("a", Outcome.ERROR)));

    assertThat(third.kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(third.reason())
        .startsWith("3 errors in a row for a, more than consecutiveErrorLimit 2");
  }

  @Test
  void aGoodMeasurementResetsTheErrorCount() {
    AnalysisRun run = new AnalysisRun(0, 0, 2);

    run.record(List.of(m("a", Outcome.ERROR)));
    run.record(List.of(m("a", Outcome.ERROR)));
    run.record(List.of(m("a", Outcome.SUCCESSFUL)));
    assertThat(run.consecutiveErrors("a")).isZero();
    run.record(List.of(m("a", Outcome.ERROR)));
    Verdict v = run.record(List.of(m("a", Outcome.ERROR)));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.CONTINUE);
    assertThat(run.consecutiveErrors("a")).isEqualTo(2);
  }

  @Test
  void errorsAreCountedPerMetric() {
    AnalysisRun run = new AnalysisRun(0, 0, 1);

    run.record(List.of(m("a", Outcome.ERROR), m("b", Outcome.SUCCESSFUL)));
    Verdict v = run.record(List.of(m("a", Outcome.ERROR), m("b", Outcome.SUCCESSFUL)));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.ROLLBACK);
  }

  @Test
  void errorsAreNeitherFailuresNorInconclusive() {
    AnalysisRun run = new AnalysisRun(0, 0, 10);

    run.record(List.of(m("a", Outcome.ERROR)));

    assertThat(run.failures()).isZero();
    assertThat(run.inconclusives()).isZero();
    assertThat(run.finish().kind()).isEqualTo(Verdict.Kind.PASS);
  }

  @Test
  void aRejectedQueryStopsAtOnce() {
    AnalysisRun run = new AnalysisRun(5, 5, 5);

    Verdict v = run.record(List.of(badQuery("a")));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.BAD_QUERY);
  }

  @Test
  void aFinalVerdictStaysFinal() {
    AnalysisRun run = new AnalysisRun(0, 5, 5);
    run.record(List.of(m("a", Outcome.FAILED)));

    assertThat(run.record(List.of(m("a", Outcome.SUCCESSFUL))).kind())
        .isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(run.finish().kind()).isEqualTo(Verdict.Kind.ROLLBACK);
  }

  @Test
  void passesAtTheEndWhenNoLimitWasBreached() {
    AnalysisRun run = new AnalysisRun(1, 1, 1);
    run.record(List.of(m("a", Outcome.FAILED), m("b", Outcome.INCONCLUSIVE)));

    Verdict v = run.finish();

    assertThat(v.kind()).isEqualTo(Verdict.Kind.PASS);
    assertThat(v.reason())
        .isEqualTo("no limit breached: 1 failed (limit 1), 1 inconclusive (limit 1), 0 errors");
  }
}
