package io.rollgate.analysis;

import io.rollgate.analysis.AnalysisCounts.MetricCounts;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.MetricSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The limits of one analysis, as a state machine fed one tick of measurements at a time. Every
 * limit counts per metric, as Argo Rollouts users expect; a metric may set its own limits, which
 * override the analysis' defaults.
 *
 * <ul>
 *   <li>{@code failureLimit}: failed measurements of a metric tolerated; one more rolls back.
 *   <li>{@code inconclusiveLimit}: inconclusive measurements of a metric tolerated; one more stops
 *       as inconclusive (a person decides; never promote).
 *   <li>{@code consecutiveErrorLimit}: errors in a row of a metric tolerated; one more rolls back.
 *       Any measurement of that metric that is not an error resets its count.
 *   <li>A rejected query (BAD_QUERY) stops at once: it is a configuration error.
 * </ul>
 *
 * A rollback outranks inconclusive in the same tick. Once final, the verdict no longer changes. The
 * counts can be taken out ({@link #counts()}) and a run resumed from them ({@link #resume}), so a
 * canary judged across several processes counts as one run would. Not thread-safe: one tick at a
 * time.
 */
public final class AnalysisRun {
  private final Limits defaults;
  private final Map<String, Limits> perMetric;
  private final Map<String, MetricCounts> counts;
  private final boolean pastInconclusive;
  private Verdict verdict = Verdict.proceed();

  /** Limits that apply to every metric alike. */
  public AnalysisRun(int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {
    this(
        new Limits(failureLimit, inconclusiveLimit, consecutiveErrorLimit),
        Map.of(),
        Map.of(),
        false);
  }

  private AnalysisRun(
      Limits defaults,
      Map<String, Limits> perMetric,
      Map<String, MetricCounts> counts,
      boolean pastInconclusive) {
    this.defaults = defaults;
    this.perMetric = Map.copyOf(perMetric);
    this.counts = new HashMap<>(counts);
    this.pastInconclusive = pastInconclusive;
  }

  public static AnalysisRun of(AnalysisSpec spec) {
    return resume(spec, AnalysisCounts.none());
  }

  /** A run that continues from counts saved earlier. */
  public static AnalysisRun resume(AnalysisSpec spec, AnalysisCounts saved) {
    return resume(spec, saved, false);
  }

  /**
   * A canary's run: it also counts on past an inconclusive stop, so a failure later in the same gap
   * still rolls back (a rollback outranks inconclusive) and no interval goes uncounted.
   */
  public static AnalysisRun forCanary(AnalysisSpec spec, AnalysisCounts saved) {
    return resume(spec, saved, true);
  }

  private static AnalysisRun resume(
      AnalysisSpec spec, AnalysisCounts saved, boolean pastInconclusive) {
    Limits defaults =
        new Limits(spec.failureLimit(), spec.inconclusiveLimit(), spec.consecutiveErrorLimit());
    Map<String, Limits> perMetric = new HashMap<>();
    for (MetricSpec m : spec.metrics()) {
      MetricSpec.Limits own = m.limits();
      perMetric.put(
          m.name(),
          new Limits(
              own.failureLimit().orElse(defaults.failures()),
              own.inconclusiveLimit().orElse(defaults.inconclusives()),
              own.consecutiveErrorLimit().orElse(defaults.errorsInARow())));
    }
    return new AnalysisRun(defaults, perMetric, saved.byMetric(), pastInconclusive);
  }

  /** True once no later measurement is counted (see {@link #forCanary}). */
  public boolean isSettled() {
    return verdict.isFinal() && !(pastInconclusive && verdict.kind() == Verdict.Kind.INCONCLUSIVE);
  }

  /** Counts one tick's measurements and says whether to continue. */
  public Verdict record(List<Measurement> tick) {
    if (isSettled()) {
      return verdict;
    }
    Verdict next = verdict.kind() == Verdict.Kind.INCONCLUSIVE ? verdict : Verdict.proceed();
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
      AnalysisCounts c = counts();
      verdict =
          Verdict.pass(
              "no limit breached: "
                  + c.totalFailures()
                  + " failed"
                  + limitText(Limits::failures)
                  + ", "
                  + c.totalInconclusives()
                  + " inconclusive"
                  + limitText(Limits::inconclusives)
                  + ", "
                  + c.totalErrors()
                  + " errors");
    }
    return verdict;
  }

  /** "(limit 1)", or "(limits per metric)" when a metric sets its own. */
  private String limitText(java.util.function.ToIntFunction<Limits> which) {
    int d = which.applyAsInt(defaults);
    boolean same = perMetric.values().stream().allMatch(l -> which.applyAsInt(l) == d);
    return same ? " (limit " + d + ")" : " (limits per metric)";
  }

  private Verdict count(Measurement m) {
    String metric = m.metric();
    Limits limits = perMetric.getOrDefault(metric, defaults);
    MetricCounts c = counts.getOrDefault(metric, MetricCounts.ZERO);
    switch (m.outcome()) {
      case ERROR -> {
        c = new MetricCounts(c.failures(), c.inconclusives(), c.errors() + 1, c.errorsInARow() + 1);
        counts.put(metric, c);
        if (m.isBadQuery()) {
          return Verdict.badQuery(
              "Prometheus rejected the query of " + metric + ": " + m.sentence());
        }
        if (c.errorsInARow() > limits.errorsInARow()) {
          return Verdict.rollback(
              c.errorsInARow()
                  + " errors in a row for "
                  + metric
                  + ", more than consecutiveErrorLimit "
                  + limits.errorsInARow()
                  + ": "
                  + m.sentence());
        }
        return Verdict.proceed();
      }
      case FAILED -> {
        c = new MetricCounts(c.failures() + 1, c.inconclusives(), c.errors(), 0);
        counts.put(metric, c);
        if (c.failures() > limits.failures()) {
          return Verdict.rollback(
              c.failures()
                  + " failed measurements of "
                  + metric
                  + ", more than failureLimit "
                  + limits.failures()
                  + ": "
                  + m.sentence());
        }
        return Verdict.proceed();
      }
      case INCONCLUSIVE -> {
        c = new MetricCounts(c.failures(), c.inconclusives() + 1, c.errors(), 0);
        counts.put(metric, c);
        if (c.inconclusives() > limits.inconclusives()) {
          return Verdict.inconclusive(
              c.inconclusives()
                  + " inconclusive measurements of "
                  + metric
                  + ", more than inconclusiveLimit "
                  + limits.inconclusives()
                  + ": "
                  + m.sentence());
        }
        return Verdict.proceed();
      }
      default -> {
        counts.put(metric, new MetricCounts(c.failures(), c.inconclusives(), c.errors(), 0));
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

  /** What has been counted so far, to save and {@link #resume} from. */
  public AnalysisCounts counts() {
    return new AnalysisCounts(new TreeMap<>(counts));
  }

  /** Failed measurements of all metrics together. */
  public int failures() {
    return counts().totalFailures();
  }

  public int inconclusives() {
    return counts().totalInconclusives();
  }

  public int consecutiveErrors(String metric) {
    return counts.getOrDefault(metric, MetricCounts.ZERO).errorsInARow();
  }

  public Verdict verdict() {
    return verdict;
  }

  private record Limits(int failures, int inconclusives, int errorsInARow) {
    Limits {
      if (failures < 0 || inconclusives < 0 || errorsInARow < 0) {
        throw new IllegalArgumentException("analysis limits cannot be negative");
      }
    }
  }
}
