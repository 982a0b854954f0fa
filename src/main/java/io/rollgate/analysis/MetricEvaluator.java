package io.rollgate.analysis;

import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.MetricSpec.Compare;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rules that judge one metric, in order: a failed query is an error; too few samples ({@code
 * minSamples}) is inconclusive; no data (empty, NaN, stale) follows the {@code noData} policy and
 * never passes a threshold on its own; then {@code min}/{@code max} on the canary value (infinities
 * compare normally); then the comparison with stable.
 *
 * <p>Comparison with stable: {@code canary - stable <= maxIncrease} and {@code canary / stable <=
 * maxRatio}. The ratio is judged only when stable is above 0. When stable is 0: a canary at 0 (or
 * below) passes; a canary above 0 is judged by {@code maxIncrease} alone when one is given, and
 * fails the ratio (+Inf) when only {@code maxRatio} is given. Stable with no data follows the
 * {@code noData} policy. A comparison that cannot be computed (both +Inf) is inconclusive.
 */
public final class MetricEvaluator {
  private MetricEvaluator() {}

  public static Measurement evaluate(
      MetricSpec spec,
      Instant at,
      RenderedQueries queries,
      Reading canary,
      Optional<Reading> stable,
      Optional<Reading> samples,
      List<String> warnings) {
    Draft d =
        new Draft(
            spec,
            at,
            queries,
            warnings,
            value(canary),
            stable.map(MetricEvaluator::value),
            samples);
    Optional<Measurement> failed = firstFailure(d, canary, stable, samples);
    if (failed.isPresent()) {
      return failed.get();
    }
    if (samples.isPresent() && spec.minSamples().isPresent()) {
      double min = spec.minSamples().get().min();
      double count = samples.get() instanceof Reading.Value v ? v.value() : 0;
      if (count < min) {
        return d.done(
            Outcome.INCONCLUSIVE,
            spec.name()
                + " "
                + Numbers.format(count)
                + " samples < minSamples "
                + Numbers.format(min));
      }
    }
    if (canary instanceof Reading.NoData none) {
      return noData(d, "canary: " + none.why());
    }
    double c = ((Reading.Value) canary).value();
    List<String> failures = new ArrayList<>();
    String head = spec.name() + " " + thresholdCheck(spec, c, failures) + " (canary)";
    if (spec.compare().isEmpty() || stable.isEmpty()) {
      return d.done(failures.isEmpty() ? Outcome.SUCCESSFUL : Outcome.FAILED, head);
    }
    if (stable.get() instanceof Reading.NoData none) {
      return failures.isEmpty()
          ? noData(d, "stable: " + none.why())
          : d.done(Outcome.FAILED, head + ", stable: " + none.why());
    }
    double s = ((Reading.Value) stable.get()).value();
    StringBuilder sentence = new StringBuilder(head).append(", stable ").append(Numbers.format(s));
    boolean computable = compare(spec.compare().get(), c, s, failures, sentence);
    if (!failures.isEmpty()) {
      return d.done(Outcome.FAILED, sentence.toString());
    }
    return d.done(computable ? Outcome.SUCCESSFUL : Outcome.INCONCLUSIVE, sentence.toString());
  }

  /** A measurement for a metric whose queries could not even be rendered or run. */
  public static Measurement error(
      MetricSpec spec,
      Instant at,
      RenderedQueries queries,
      MetricQueryException.Kind kind,
      String message) {
    Draft d =
        new Draft(
            spec,
            at,
            queries,
            List.of(),
            OptionalDouble.empty(),
            Optional.empty(),
            Optional.empty());
    return d.error(kind, spec.name() + ": " + message);
  }

  private static Optional<Measurement> firstFailure(
      Draft d, Reading canary, Optional<Reading> stable, Optional<Reading> samples) {
    String name = d.spec.name();
    if (canary instanceof Reading.Failed f) {
      return Optional.of(d.error(f.kind(), name + ": query failed (canary): " + f.message()));
    }
    if (stable.isPresent() && stable.get() instanceof Reading.Failed f) {
      return Optional.of(d.error(f.kind(), name + ": query failed (stable): " + f.message()));
    }
    if (samples.isPresent() && samples.get() instanceof Reading.Failed f) {
      return Optional.of(d.error(f.kind(), name + ": query failed (minSamples): " + f.message()));
    }
    return Optional.empty();
  }

  private static Measurement noData(Draft d, String why) {
    MetricSpec spec = d.spec;
    Outcome outcome =
        switch (spec.noData()) {
          case PASS -> Outcome.SUCCESSFUL;
          case FAIL -> Outcome.FAILED;
          case INCONCLUSIVE -> Outcome.INCONCLUSIVE;
        };
    return d.done(
        outcome,
        spec.name() + " no data (" + why + "); noData: " + spec.noData().name().toLowerCase());
  }

  private static String thresholdCheck(MetricSpec spec, double c, List<String> failures) {
    String value = Numbers.format(c);
    if (spec.max().isPresent() && !(c <= spec.max().getAsDouble())) {
      failures.add("max");
      return value + " > max " + Numbers.format(spec.max().getAsDouble());
    }
    if (spec.min().isPresent() && !(c >= spec.min().getAsDouble())) {
      failures.add("min");
      return value + " < min " + Numbers.format(spec.min().getAsDouble());
    }
    if (spec.max().isPresent()) {
      return value + " <= max " + Numbers.format(spec.max().getAsDouble());
    }
    if (spec.min().isPresent()) {
      return value + " >= min " + Numbers.format(spec.min().getAsDouble());
    }
    return value;
  }

  /**
   * Appends the comparison to the sentence and the broken limits to failures; false when it cannot
   * be computed. {@link StableComparison#highestPassing} states this rule as a limit on the canary
   * (for charts); StableComparisonTest keeps the two in step.
   */
  private static boolean compare(
      Compare cmp, double c, double s, List<String> failures, StringBuilder sentence) {
    boolean computable = true;
    if (cmp.maxRatio().isPresent()) {
      double max = cmp.maxRatio().getAsDouble();
      if (s > 0) {
        double ratio = c / s;
        computable &= !Double.isNaN(ratio);
        boolean ok = ratio <= max;
        sentence
            .append("; ratio ")
            .append(Numbers.format(ratio))
            .append(ok ? " <= " : Double.isNaN(ratio) ? " cannot be judged against " : " > ");
        sentence.append("maxRatio ").append(Numbers.format(max));
        if (!ok && !Double.isNaN(ratio)) {
          failures.add("maxRatio");
        }
      } else if (s == 0 && c > 0 && cmp.maxIncrease().isEmpty()) {
        sentence.append("; ratio +Inf (stable 0) > maxRatio ").append(Numbers.format(max));
        failures.add("maxRatio");
      } else {
        sentence.append("; ratio not judged (stable ").append(Numbers.format(s)).append(")");
      }
    }
    if (cmp.maxIncrease().isPresent()) {
      double max = cmp.maxIncrease().getAsDouble();
      double increase = c - s;
      computable &= !Double.isNaN(increase);
      boolean ok = increase <= max;
      sentence
          .append("; increase ")
          .append(Numbers.format(increase))
          .append(ok ? " <= " : Double.isNaN(increase) ? " cannot be judged against " : " > ");
      sentence.append("maxIncrease ").append(Numbers.format(max));
      if (!ok && !Double.isNaN(increase)) {
        failures.add("maxIncrease");
      }
    }
    return computable;
  }

  private static OptionalDouble value(Reading r) {
    return r instanceof Reading.Value v ? OptionalDouble.of(v.value()) : OptionalDouble.empty();
  }

  /**
   * The threshold in words, as the record shows it: "max 0.01", "maxRatio 1.5, maxIncrease 0.002".
   */
  public static String threshold(MetricSpec spec) {
    List<String> parts = new ArrayList<>();
    spec.min().ifPresent(v -> parts.add("min " + Numbers.format(v)));
    spec.max().ifPresent(v -> parts.add("max " + Numbers.format(v)));
    spec.compare()
        .ifPresent(
            c -> {
              c.maxRatio().ifPresent(v -> parts.add("maxRatio " + Numbers.format(v)));
              c.maxIncrease().ifPresent(v -> parts.add("maxIncrease " + Numbers.format(v)));
            });
    spec.minSamples().ifPresent(m -> parts.add("minSamples " + Numbers.format(m.min())));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private record Draft(
      MetricSpec spec,
      Instant at,
      RenderedQueries queries,
      List<String> warnings,
      OptionalDouble canary,
      Optional<OptionalDouble> stable,
      Optional<Reading> samples) {
    Measurement done(Outcome outcome, String sentence) {
      return build(outcome, sentence, Optional.empty());
    }

    Measurement error(MetricQueryException.Kind kind, String sentence) {
      return build(Outcome.ERROR, sentence, Optional.of(kind));
    }

    private Measurement build(
        Outcome outcome, String sentence, Optional<MetricQueryException.Kind> kind) {
      OptionalDouble count =
          samples
              .filter(Reading.Value.class::isInstance)
              .map(r -> OptionalDouble.of(((Reading.Value) r).value()))
              .orElse(OptionalDouble.empty());
      return new Measurement(
          spec.name(),
          at,
          outcome,
          queries.canary(),
          queries.stable(),
          canary,
          stable.orElse(OptionalDouble.empty()),
          count,
          threshold(spec),
          warnings,
          sentence,
          kind);
    }
  }
}
