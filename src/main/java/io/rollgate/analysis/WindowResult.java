package io.rollgate.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the analysis would have decided over a past window: each interval's measurements and the
 * decision at that point, the final verdict, and the interval where it became final.
 */
public record WindowResult(
    Instant from,
    Instant to,
    Duration step,
    List<RangeFetch> fetched,
    List<Interval> intervals,
    Verdict verdict) {
  public WindowResult {
    fetched = List.copyOf(fetched);
    intervals = List.copyOf(intervals);
  }

  /**
   * One simulated tick.
   *
   * @param decision the verdict after this tick; empty once an earlier tick made it final
   */
  public record Interval(
      int number, Instant at, List<Measurement> measurements, Optional<Verdict> decision) {
    public Interval {
      measurements = List.copyOf(measurements);
    }
  }

  /** The interval whose measurements made the verdict final (rollback, inconclusive, bad query). */
  public Optional<Interval> decidedAt() {
    return intervals.stream()
        .filter(i -> i.decision().filter(Verdict::isFinal).isPresent())
        .findFirst();
  }
}
