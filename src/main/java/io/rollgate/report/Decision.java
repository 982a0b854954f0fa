package io.rollgate.report;

import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * One decision of a rollout and what it rested on: when, what (continue, advance, pause, promote,
 * roll back, inconclusive...), why in one sentence, at which step and weight, and the measurements
 * of the tick that led to it.
 */
public record Decision(
    Instant time,
    Kind kind,
    String reason,
    OptionalInt step,
    OptionalInt weight,
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

  /** The decision an analysis verdict calls for. */
  public static Decision of(Instant time, Verdict verdict, List<Measurement> measurements) {
    Kind kind =
        switch (verdict.kind()) {
          case CONTINUE -> Kind.CONTINUE;
          case PASS -> Kind.PASS;
          case ROLLBACK -> Kind.ROLLBACK;
          case INCONCLUSIVE -> Kind.INCONCLUSIVE;
          case BAD_QUERY -> Kind.STOP;
        };
    return new Decision(
        time, kind, verdict.reason(), OptionalInt.empty(), OptionalInt.empty(), measurements);
  }

  public static Decision rollback(Instant time, String reason) {
    return new Decision(
        time, Kind.ROLLBACK, reason, OptionalInt.empty(), OptionalInt.empty(), List.of());
  }

  public static Decision promote(Instant time, String reason) {
    return new Decision(
        time, Kind.PROMOTE, reason, OptionalInt.empty(), OptionalInt.empty(), List.of());
  }

  /** The same decision, placed at a canary step and weight. */
  public Decision at(int stepIndex, int weightPercent) {
    return new Decision(
        time, kind, reason, OptionalInt.of(stepIndex), OptionalInt.of(weightPercent), measurements);
  }
}
