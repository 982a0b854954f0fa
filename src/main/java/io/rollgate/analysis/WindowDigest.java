package io.rollgate.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What stays of a window analysis whose intervals stream past, bounded whatever the window's
 * length: how many intervals there were, the deciding one (the first final decision), the last one,
 * an evenly spaced sample for charts (first and last included, the deciding one added), and the
 * decisions as spans of consecutive equal ones (at most {@value #MAX_SPANS}, later ones counted).
 */
public final class WindowDigest {
  /** Decision spans kept; a window whose decisions change more often counts the rest. */
  public static final int MAX_SPANS = 1_000;

  /**
   * Consecutive intervals that took the same decision: a run of {@code continue} with one reason,
   * or one interval's final decision.
   */
  public record Span(int first, int last, Instant from, Instant to, Verdict decision) {}

  private final Instant from;
  private final Instant to;
  private final Duration step;
  private final long expected;
  private final int points;
  private final TreeMap<Integer, WindowResult.Interval> sampled = new TreeMap<>();
  private final List<Span> spans = new ArrayList<>();
  private long droppedSpans;
  private int count;
  private Optional<WindowResult.Interval> decidedAt = Optional.empty();
  private Optional<WindowResult.Interval> last = Optional.empty();
  private Verdict verdict = Verdict.proceed();

  /**
   * @param expected how many intervals will arrive (the sample is spread over them)
   * @param points about how many intervals the sample keeps
   */
  public WindowDigest(Instant from, Instant to, Duration step, long expected, int points) {
    if (points < 2) {
      throw new IllegalArgumentException("a sample needs at least 2 points, was " + points);
    }
    this.from = from;
    this.to = to;
    this.step = step;
    this.expected = expected;
    this.points = points;
  }

  /** The digest of a window analysed in memory. */
  public static WindowDigest of(WindowResult result, int points) {
    WindowDigest digest =
        new WindowDigest(
            result.from(), result.to(), result.step(), result.intervals().size(), points);
    result.intervals().forEach(digest::accept);
    digest.finish(result.verdict());
    return digest;
  }

  /** The next interval, in order. */
  public void accept(WindowResult.Interval interval) {
    count++;
    last = Optional.of(interval);
    if (expected <= points || isSamplePoint(count - 1)) {
      sampled.put(interval.number(), interval);
    }
    if (interval.decision().isEmpty()) {
      return;
    }
    Verdict v = interval.decision().get();
    if (decidedAt.isEmpty() && v.isFinal()) {
      decidedAt = Optional.of(interval);
      sampled.put(interval.number(), interval);
    }
    Span previous = spans.isEmpty() ? null : spans.get(spans.size() - 1);
    if (v.kind() == Verdict.Kind.CONTINUE && previous != null && previous.decision().equals(v)) {
      spans.set(
          spans.size() - 1,
          new Span(previous.first(), interval.number(), previous.from(), interval.at(), v));
    } else if (spans.size() < MAX_SPANS) {
      spans.add(new Span(interval.number(), interval.number(), interval.at(), interval.at(), v));
    } else {
      droppedSpans++;
    }
  }

  /** The verdict the analysis ended on. */
  public void finish(Verdict finalVerdict) {
    this.verdict = finalVerdict;
  }

  /** Whether the interval at this 0-based index is one of the evenly spaced sample points. */
  private boolean isSamplePoint(long index) {
    // the points are round(i * (n - 1) / (p - 1)) for i in 0 .. p - 1: the nearest i's
    double exact = (double) index * (points - 1) / (expected - 1);
    for (long i = (long) Math.floor(exact); i <= (long) Math.ceil(exact); i++) {
      if (i >= 0 && i < points && Math.round((double) i * (expected - 1) / (points - 1)) == index) {
        return true;
      }
    }
    return false;
  }

  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }

  public Duration step() {
    return step;
  }

  /** How many intervals the window holds. */
  public long expected() {
    return expected;
  }

  /** How many intervals arrived: fewer than {@link #expected} when the analysis stopped early. */
  public int intervals() {
    return count;
  }

  public Verdict verdict() {
    return verdict;
  }

  /** The interval whose measurements made the verdict final. */
  public Optional<WindowResult.Interval> decidedAt() {
    return decidedAt;
  }

  public Optional<WindowResult.Interval> last() {
    return last;
  }

  /** The evenly spaced sample, in order, with the deciding interval. */
  public List<WindowResult.Interval> sample() {
    return List.copyOf(sampled.values());
  }

  public List<Span> spans() {
    return List.copyOf(spans);
  }

  /** Decision spans past {@link #MAX_SPANS}, counted only. */
  public long droppedSpans() {
    return droppedSpans;
  }
}
