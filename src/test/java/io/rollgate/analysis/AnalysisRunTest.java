package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
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
        .isEqualTo("2 failed measurements, more than failureLimit 1: error-rate FAILED");
  }

  @Test
  void failureLimitZeroRollsBackOnTheFirstFailure() {
    AnalysisRun run = new AnalysisRun(0, 5, 5);

    assertThat(run.record(List.of(m("a", Outcome.SUCCESSFUL), m("b", Outcome.FAILED))).kind())
        .isEqualTo(Verdict.Kind.ROLLBACK);
  }

  @Test
  void failuresOfDifferentMetricsInOneTickCountSeparately() {
    AnalysisRun run = new AnalysisRun(1, 5, 5);

    Verdict v = run.record(List.of(m("a", Outcome.FAILED), m("b", Outcome.FAILED)));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(run.failures()).isEqualTo(2);
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
