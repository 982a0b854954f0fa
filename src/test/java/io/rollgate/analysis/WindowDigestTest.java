package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowDigestTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(30);

  private static WindowResult.Interval interval(int number, Optional<Verdict> decision) {
    return new WindowResult.Interval(
        number, FROM.plus(STEP.multipliedBy(number)), List.of(), decision);
  }

  @Test
  void keepsAnEvenSampleTheDecisionAndFoldedSpansOfAMillionIntervals() {
    // Given a million intervals, the rollback at #123,457, nothing decided after it
    int total = 1_000_000;
    WindowDigest digest =
        new WindowDigest(FROM, FROM.plus(STEP.multipliedBy(total)), STEP, total, 60);
    Verdict rollback = Verdict.rollback("2 failed measurements");
    for (int n = 1; n <= total; n++) {
      Optional<Verdict> d =
          n < 123_457
              ? Optional.of(Verdict.proceed())
              : n == 123_457 ? Optional.of(rollback) : Optional.empty();
      digest.accept(interval(n, d));
    }
    digest.finish(rollback);

    // Then it holds 60 evenly spaced intervals, first and last included, plus the deciding one
    assertThat(digest.intervals()).isEqualTo(total);
    assertThat(digest.sample()).hasSize(61);
    assertThat(digest.sample().get(0).number()).isEqualTo(1);
    assertThat(digest.sample().get(60).number()).isEqualTo(total);
    assertThat(digest.sample()).extracting(WindowResult.Interval::number).contains(123_457);
    assertThat(digest.decidedAt()).map(WindowResult.Interval::number).contains(123_457);
    // and the decisions as two spans: #1 - #123,456 continue, #123,457 rollback
    assertThat(digest.spans())
        .extracting(WindowDigest.Span::first, WindowDigest.Span::last)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 123_456),
            org.assertj.core.groups.Tuple.tuple(123_457, 123_457));
  }

  @Test
  void countsTheDecisionSpansPastItsBound() {
    // Given continue decisions whose reason changes at every interval
    int total = WindowDigest.MAX_SPANS + 5;
    WindowDigest digest =
        new WindowDigest(FROM, FROM.plus(STEP.multipliedBy(total)), STEP, total, 60);
    for (int n = 1; n <= total; n++) {
      digest.accept(interval(n, Optional.of(new Verdict(Verdict.Kind.CONTINUE, "reason " + n))));
    }
    // Then it keeps MAX_SPANS of them and counts the rest
    assertThat(digest.spans()).hasSize(WindowDigest.MAX_SPANS);
    assertThat(digest.droppedSpans()).isEqualTo(5);
  }

  @Test
  void aShortWindowIsKeptWhole() {
    WindowDigest digest = new WindowDigest(FROM, FROM.plus(STEP.multipliedBy(3)), STEP, 3, 60);
    for (int n = 1; n <= 3; n++) {
      digest.accept(interval(n, Optional.of(Verdict.proceed())));
    }
    assertThat(digest.sample()).extracting(WindowResult.Interval::number).containsExactly(1, 2, 3);
  }
}
