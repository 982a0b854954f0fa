package io.rollgate.analysis;

import io.rollgate.pipeline.AnalysisSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits of one analysis, as a state machine fed one tick of measurements at a time. Every
 * measurement counts on its own (five metrics in one tick are five measurements).
 *
 * <ul>
 *   <li>{@code failureLimit}: failed measurements tolerated; one more rolls back.
 *   <li>{@code inconclusiveLimit}: inconclusive measurements tolerated; one more stops as
 *       inconclusive (a person decides; never promote).
 *   <li>{@code consecutiveErrorLimit}: errors in a row of one metric tolerated; one more rolls
 *       back. Any measurement of that metric that is not an error resets its count.
 *   <li>A rejected query (BAD_QUERY) stops at once: it is a configuration error.
 * </ul>
 *
 * A rollback outranks inconclusive in the same tick. Once final, the verdict no longer changes. Not
 * thread-safe: one tick at a time.
 */
public final class AnalysisRun {
  private final int failureLimit;
  private final int inconclusiveLimit;
  private final int consecutiveErrorLimit;
  private final Map<String, Integer> errorsInARow = new HashMap<>();
  private int failures;
  private int inconclusives;
  private int errors;
  private Verdict verdict = Verdict.proceed();

  public AnalysisRun(int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {
    if (failureLimit < 0 || inconclusiveLimit < 0 || consecutiveErrorLimit < 0) {
      throw new IllegalArgumentException("analysis limits cannot be negative");
    }
    this.failureLimit = failureLimit;
    this.inconclusiveLimit = inconclusiveLimit;
    this.consecutiveErrorLimit = consecutiveErrorLimit;
  }

  public static AnalysisRun of(AnalysisSpec spec) {
    return new AnalysisRun(
        spec.failureLimit(), spec.inconclusiveLimit(), spec.consecutiveErrorLimit());
  }

  /** Counts one tick's measurements and says whether to continue. */
  public Verdict record(List<Measurement> tick) {
    if (verdict.isFinal()) {
      return verdict;
    }
    Verdict next = Verdict.proceed();
    for (Measurement m : tick) {
      Verdict v = count(m);
      if (rank(v) > rank(next)) {
        next = v;
      }
    }
    verdict = next;
    return verdict;
  }

  /** The end of an analysis step: PASS unless a limit was already breached. */
  public Verdict finish() {
    if (!verdict.isFinal()) {
      verdict =
          Verdict.pass(
              "no limit breached: "
                  + failures
                  + " failed (limit "
                  + failureLimit
                  + "), "
                  + inconclusives
                  + " inconclusive (limit "
                  + inconclusiveLimit
                  + "), "
                  + errors
                  + " errors");
    }
    return verdict;
  }

  private Verdict count(Measurement m) {
    switch (m.outcome()) {
      case ERROR -> {
        errors++;
        if (m.isBadQuery()) {
          return Verdict.badQuery(
              "Prometheus rejected the query of " + m.metric() + ": " + m.sentence());
        }
        int inARow = errorsInARow.merge(m.metric(), 1, Integer::sum);
        if (inARow > consecutiveErrorLimit) {
          return Verdict.rollback(
              inARow
                  + " errors in a row for "
                  + m.metric()
                  + ", more than consecutiveErrorLimit "
                  + consecutiveErrorLimit
                  + ": "
                  + m.sentence());
        }
        return Verdict.proceed();
      }
      case FAILED -> {
        errorsInARow.remove(m.metric());
        failures++;
        if (failures > failureLimit) {
          return Verdict.rollback(
              failures
                  + " failed measurements, more than failureLimit "
                  + failureLimit
                  + ": "
                  + m.sentence());
        }
        return Verdict.proceed();
      }
      case INCONCLUSIVE -> {
        errorsInARow.remove(m.metric());
        inconclusives++;
        if (inconclusives > inconclusiveLimit) {
          return Verdict.inconclusive(
              inconclusives
                  + " inconclusive measurements, more than inconclusiveLimit "
                  + inconclusiveLimit
                  + ": "
                  + m.sentence());
        }
        return Verdict.proceed();
      }
      default -> {
        errorsInARow.remove(m.metric());
        return Verdict.proceed();
      }
    }
  }

  private static int rank(Verdict v) {
    return switch (v.kind()) {
      case CONTINUE, PASS -> 0;
      case INCONCLUSIVE -> 1;
      case ROLLBACK -> 2;
      case BAD_QUERY -> 3;
    };
  }

  public int failures() {
    return failures;
  }

  public int inconclusives() {
    return inconclusives;
  }

  public int consecutiveErrors(String metric) {
    return errorsInARow.getOrDefault(metric, 0);
  }

  public Verdict verdict() {
    return verdict;
  }
}
