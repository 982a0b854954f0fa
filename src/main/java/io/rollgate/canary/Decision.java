package io.rollgate.canary;

import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One decision of a rollout and what it rested on: when, what (continue, advance, pause, promote,
 * roll back, inconclusive...), why in one sentence, at which step (1-based, as people count) and
 * weight (asked, and the effective one the router achieved), and the measurements that led to it.
 */
public record Decision(
    Instant time,
    Kind kind,
    String reason,
    OptionalInt step,
    OptionalInt weight,
    OptionalDouble effectiveWeight,
    List<Measurement> measurements) {
  public enum Kind {
    CONTINUE,
    PASS,
    ADVANCE,
    PAUSE,
    PROMOTE,
    ROLLBACK,
    INCONCLUSIVE,
    /** The analysis cannot run: a query Prometheus rejects, a template that does not render. */
    STOP
  }

  public Decision {
    measurements = List.copyOf(measurements);
  }

  public Decision(
      Instant time,
      Kind kind,
      String reason,
      OptionalInt step,
      OptionalInt weight,
      List<Measurement> measurements) {
    this(time, kind, reason, step, weight, OptionalDouble.empty(), measurements);
  }

  /** The decision an analysis verdict calls for. */
  public static Decision of(Instant time, Verdict verdict, List<Measurement> measurements) {
    return new Decision(
        time,
        kindOf(verdict),
        verdict.reason(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        measurements);
  }

  public static Kind kindOf(Verdict verdict) {
    return switch (verdict.kind()) {
      case CONTINUE -> Kind.CONTINUE;
      case PASS -> Kind.PASS;
      case ROLLBACK -> Kind.ROLLBACK;
      case INCONCLUSIVE -> Kind.INCONCLUSIVE;
      case BAD_QUERY -> Kind.STOP;
    };
  }

  public static Decision rollback(Instant time, String reason) {
    return new Decision(
        time, Kind.ROLLBACK, reason, OptionalInt.empty(), OptionalInt.empty(), List.of());
  }

  public static Decision promote(Instant time, String reason) {
    return new Decision(
        time, Kind.PROMOTE, reason, OptionalInt.empty(), OptionalInt.empty(), List.of());
  }

  /** The same decision, placed at a canary step (1-based) and asked weight. */
  public Decision at(int step, int weightPercent) {
    return new Decision(
        time,
        kind,
        reason,
        OptionalInt.of(step),
        OptionalInt.of(weightPercent),
        effectiveWeight,
        measurements);
  }

  /** The same decision with the effective weight (0..100) beside the asked one. */
  public Decision withEffectiveWeight(double percent) {
    return new Decision(time, kind, reason, step, weight, OptionalDouble.of(percent), measurements);
  }
}
