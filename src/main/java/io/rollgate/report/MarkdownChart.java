package io.rollgate.report;

import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Numbers;
import io.rollgate.analysis.StableComparison;
import io.rollgate.analysis.WindowResult;
import io.rollgate.pipeline.MetricSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * One metric's canary value per interval as a Mermaid {@code xychart-beta} block (GitHub renders it
 * in step summaries), with the metric's threshold as a second line: {@code max} and/or {@code min},
 * or for a comparison with stable the limit it implies at each interval ({@code min(stable *
 * maxRatio, stable + maxIncrease)}).
 *
 * <p>Mermaid has no gaps and no exponents in a line: an interval without a usable value (no data,
 * NaN, a failed query, stable missing for a comparison) is left out, infinities are drawn at the
 * edge of the finite values, numbers are written in plain decimal; the caption says what was done.
 */
final class MarkdownChart {
  /** About how many intervals a chart shows; longer windows are sampled evenly. */
  static final int MAX_POINTS = 60;

  private static final MathContext DIGITS = new MathContext(4);

  private MarkdownChart() {}

  /**
   * At most {@link #MAX_POINTS} evenly spaced intervals, first and last included, plus {@code keep}
   * (the deciding interval) when the spacing missed it.
   */
  static List<WindowResult.Interval> sample(
      List<WindowResult.Interval> all, Optional<WindowResult.Interval> keep) {
    if (all.size() <= MAX_POINTS) {
      return all;
    }
    TreeSet<Integer> picked = new TreeSet<>();
    for (int i = 0; i < MAX_POINTS; i++) {
      picked.add((int) Math.round((double) i * (all.size() - 1) / (MAX_POINTS - 1)));
    }
    keep.map(all::indexOf).filter(i -> i >= 0).ifPresent(picked::add);
    return picked.stream().map(all::get).toList();
  }

  /** The Markdown for one metric: a mermaid code block and a one-line caption. */
  static String render(MetricSpec metric, List<WindowResult.Interval> intervals) {
    List<String> names = new ArrayList<>();
    names.add("canary");
    metric.max().ifPresent(v -> names.add("max " + Numbers.format(v)));
    metric.min().ifPresent(v -> names.add("min " + Numbers.format(v)));
    metric.compare().ifPresent(c -> names.add("limit from stable"));
    List<Integer> labels = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (WindowResult.Interval interval : intervals) {
      row(metric, interval)
          .ifPresent(
              r -> {
                labels.add(interval.number());
                rows.add(r);
              });
    }
    int skipped = intervals.size() - rows.size();
    double hi = Double.NEGATIVE_INFINITY;
    double lo = Double.POSITIVE_INFINITY;
    boolean infinite = false;
    for (double[] r : rows) {
      for (double v : r) {
        if (Double.isInfinite(v)) {
          infinite = true;
        } else {
          hi = Math.max(hi, v);
          lo = Math.min(lo, v);
        }
      }
    }
    String name = metric.name();
    if (rows.isEmpty() || hi < lo) {
      return "_"
          + MarkdownTable.inline(name)
          + ": no finite value in "
          + intervals.size()
          + " intervals, nothing to chart._\n";
    }
    StringBuilder sb = new StringBuilder("```mermaid\nxychart-beta\n");
    sb.append("  title \"").append(text(name)).append(": canary per interval\"\n");
    sb.append("  x-axis \"interval\" [").append(join(labels)).append("]\n");
    sb.append("  y-axis \"").append(text(name)).append("\"\n");
    for (int s = 0; s < names.size(); s++) {
      List<String> values = new ArrayList<>();
      for (double[] r : rows) {
        values.add(number(Math.max(lo, Math.min(hi, r[s]))));
      }
      sb.append("  line \"").append(text(names.get(s))).append("\" [");
      sb.append(String.join(", ", values)).append("]\n");
    }
    sb.append("```\n");
    return sb.append(caption(name, names, intervals.size(), skipped, infinite, lo, hi)).toString();
  }

  private static String caption(
      String name,
      List<String> names,
      int shown,
      int skipped,
      boolean infinite,
      double lo,
      double hi) {
    StringBuilder sb = new StringBuilder("_").append(MarkdownTable.inline(name)).append(": ");
    sb.append(
        names.size() == 1 ? "canary value, no threshold" : "lines: " + String.join(", ", names));
    if (skipped > 0) {
      sb.append("; ")
          .append(skipped)
          .append(" of ")
          .append(shown)
          .append(" intervals left out (no data, NaN or failed query)");
    }
    if (infinite) {
      sb.append("; infinite values drawn at the edge of the chart (")
          .append(number(lo))
          .append(" .. ")
          .append(number(hi))
          .append(")");
    }
    return sb.append("._\n").toString();
  }

  /** The values of every line at one interval, or empty when one of them has no usable number. */
  private static Optional<double[]> row(MetricSpec metric, WindowResult.Interval interval) {
    Optional<Measurement> m =
        interval.measurements().stream().filter(x -> x.metric().equals(metric.name())).findFirst();
    OptionalDouble canary = m.map(Measurement::canary).orElse(OptionalDouble.empty());
    if (canary.isEmpty() || Double.isNaN(canary.getAsDouble())) {
      return Optional.empty();
    }
    List<Double> values = new ArrayList<>();
    values.add(canary.getAsDouble());
    metric.max().ifPresent(values::add);
    metric.min().ifPresent(values::add);
    if (metric.compare().isPresent()) {
      OptionalDouble limit =
          StableComparison.highestPassing(metric.compare().get(), m.get().stable());
      if (limit.isEmpty()) {
        return Optional.empty();
      }
      values.add(limit.getAsDouble());
    }
    return Optional.of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** A number as Mermaid's grammar reads it: plain decimal, four significant digits. */
  static String number(double v) {
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(v).round(DIGITS).stripTrailingZeros().toPlainString();
  }

  /** Text inside a Mermaid quoted string: no quote, backtick or line break can end it. */
  private static String text(String s) {
    return s.replace('"', '\'').replace('`', '\'').replaceAll("[\\r\\n]+", " ").strip();
  }

  private static String join(List<Integer> labels) {
    return String.join(", ", labels.stream().map(String::valueOf).toList());
  }
}
