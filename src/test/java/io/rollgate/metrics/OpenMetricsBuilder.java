package io.rollgate.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}, shaped so
 * Prometheus answers exactly: counters are written as rate × elapsed seconds (so {@code rate()}
 * gives the rate back), a histogram's buckets, {@code _count} and {@code _sum} sit together per
 * timestamp, each family's lines are contiguous, and the text ends with {@code # EOF}.
 *
 * <p>Points run from {@code from} to {@code to} inclusive every {@code step}.
 */
public final class OpenMetricsBuilder {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, Family> families = new LinkedHashMap<>();

  private record Family(String type, List<String> lines) {}

  /**
   * A counter growing at a constant rate; {@code name} is the sample name, e.g. {@code x_total}.
   */
  public OpenMetricsBuilder counter(
      String name,
      Map<String, String> labels,
      double ratePerSecond,
      Instant from,
      Instant to,
      Duration step) {
    return counter(name, labels, from, to, step, t -> ratePerSecond);
  }

  /**
   * A counter whose rate changes over time: each step adds {@code rate(t) × step}, where t is the
   * end of the step. {@code rate()} over a window of whole steps with one rate gives it back.
   */
  public OpenMetricsBuilder counter(
      String name,
      Map<String, String> labels,
      Instant from,
      Instant to,
      Duration step,
      Function<Instant, Double> ratePerSecond) {
    String family =
        name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    List<String> lines = family(family, "counter").lines();
    String series = name + labelText(labels);
    double value = 0;
    double stepSeconds = step.toMillis() / 1000.0;
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      if (t.isAfter(from)) {
        value += ratePerSecond.apply(t) * stepSeconds;
      }
      lines.add(series + " " + number(value) + " " + timestamp(t));
    }
    return this;
  }

  /** A gauge holding one value. */
  public OpenMetricsBuilder gauge(
      String name,
      Map<String, String> labels,
      double value,
      Instant from,
      Instant to,
      Duration step) {
    return gauge(name, labels, from, to, step, t -> value);
  }

  /** A gauge whose value is a function of time. */
  public OpenMetricsBuilder gauge(
      String name,
      Map<String, String> labels,
      Instant from,
      Instant to,
      Duration step,
      Function<Instant, Double> value) {
    List<String> lines = family(name, "gauge").lines();
    String series = name + labelText(labels);
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      lines.add(series + " " + number(value.apply(t)) + " " + timestamp(t));
    }
    return this;
  }

  /**
   * A histogram with constant rates: {@code cumulativeRates} maps each bucket's upper bound (le) to
   * the rate per second of observations at or below it; the {@code +Inf} bucket (and {@code
   * _count}) takes the largest rate given unless the map holds +Inf itself. {@code
   * sumRatePerSecond} is how fast {@code _sum} grows.
   */
  public OpenMetricsBuilder histogram(
      String name,
      Map<String, String> labels,
      Map<Double, Double> cumulativeRates,
      double sumRatePerSecond,
      Instant from,
      Instant to,
      Duration step) {
    NavigableMap<Double, Double> buckets = new TreeMap<>(cumulativeRates);
    if (!buckets.containsKey(Double.POSITIVE_INFINITY)) {
      buckets.put(
          Double.POSITIVE_INFINITY, buckets.values().stream().mapToDouble(d -> d).max().orElse(0));
    }
    double countRate = buckets.get(Double.POSITIVE_INFINITY);
    List<String> lines = family(name, "histogram").lines();
    double stepSeconds = step.toMillis() / 1000.0;
    double elapsed = 0;
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      String ts = timestamp(t);
      for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
        Map<String, String> withLe = new LinkedHashMap<>(labels);
        withLe.put("le", le(bucket.getKey()));
        lines.add(
            name
                + "_bucket"
                + labelText(withLe)
                + " "
                + number(bucket.getValue() * elapsed)
                + " "
                + ts);
      }
      lines.add(name + "_count" + labelText(labels) + " " + number(countRate * elapsed) + " " + ts);
      lines.add(
          name + "_sum" + labelText(labels) + " " + number(sumRatePerSecond * elapsed) + " " + ts);
      elapsed += stepSeconds;
    }
    return this;
  }

  public String build() {
    StringBuilder out = new StringBuilder();
    families.forEach(
        (name, family) -> {
          out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
          family.lines().forEach(line -> out.append(line).append('\n'));
        });
    return out.append("# EOF\n").toString();
  }

  public Path writeTo(Path file) {
    try {
      return Files.writeString(file, build(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Family family(String name, String type) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a metric name: " + name);
    }
    Family family = families.computeIfAbsent(name, n -> new Family(type, new ArrayList<>()));
    if (!family.type().equals(type)) {
      throw new IllegalArgumentException(name + " is already a " + family.type());
    }
    return family;
  }

  /** {@code {a="x",b="y"}} with OpenMetrics escaping, or empty for no labels. */
  static String labelText(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (!LABEL.matcher(k).matches()) {
            throw new IllegalArgumentException("not a label name: " + k);
          }
          if (out.length() > 1) {
            out.append(',');
          }
          out.append(k).append("=\"").append(escapeLabelValue(v)).append('"');
        });
    return out.append('}').toString();
  }

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String le(double bound) {
    return bound == Double.POSITIVE_INFINITY ? "+Inf" : number(bound);
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String timestamp(Instant t) {
    long millis = t.toEpochMilli();
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : String.format("%d.%03d", millis / 1000, millis % 1000);
  }
}
