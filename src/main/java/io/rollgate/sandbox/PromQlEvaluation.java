package io.rollgate.sandbox;

import io.rollgate.sandbox.PromQlSubset.Aggregation;
import io.rollgate.sandbox.PromQlSubset.Binary;
import io.rollgate.sandbox.PromQlSubset.Expr;
import io.rollgate.sandbox.PromQlSubset.LabelMatcher;
import io.rollgate.sandbox.PromQlSubset.NumberLiteral;
import io.rollgate.sandbox.PromQlSubset.Quantile;
import io.rollgate.sandbox.PromQlSubset.RangeFunction;
import io.rollgate.sandbox.PromQlSubset.UnsupportedQueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link PromQlSubset} expression at an instant over the pods' lives, the way
 * Prometheus evaluates PromQL over the series it scraped from the exporter, seeing nothing after
 * {@code now}.
 *
 * <ul>
 *   <li>A series ({@link PodSeries}: one pod, one track) takes part in {@code rate()} or {@code
 *       increase()} only if it covered at least one scrape interval (1 s) of the window, as
 *       Prometheus needs two samples; no series, no result (an empty vector, not 0).
 *   <li>{@code rate()} is the increase from the series' first to its last instant in the window,
 *       divided by the window. Prometheus also extrapolates towards the window's edges, by up to
 *       half a scrape interval where a series starts or ends inside it, so a rate over pods that
 *       joined within the window reads a little lower here. Ratios of rates and quantiles of pods
 *       that behave alike are unaffected.
 *   <li>Labels with an empty value are dropped, as Prometheus drops them at ingestion: {@code
 *       rollgate_track=""} matches pods without the label.
 *   <li>Arithmetic is IEEE's, as Go's: 0/0 is NaN, x/0 infinite. Vector with vector matches series
 *       with identical labels; histogram_quantile follows Prometheus' bucketQuantile.
 * </ul>
 */
final class PromQlEvaluation {
  static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

  sealed interface Value {}

  record Scalar(double value) implements Value {}

  record Vector(List<Element> elements) implements Value {}

  record Element(Map<String, String> labels, double value) {}

  private final List<PodLife> lives;
  private final Instant now;

  PromQlEvaluation(List<PodLife> lives, Instant now) {
    this.lives = List.copyOf(lives);
    this.now = now;
  }

  Value evaluate(Expr expr, Instant t) throws UnsupportedQueryException {
    if (expr instanceof NumberLiteral n) {
      return new Scalar(n.value());
    } else if (expr instanceof RangeFunction f) {
      return rangeFunction(f, t);
    } else if (expr instanceof Aggregation a) {
      return aggregate(a, vector(evaluate(a.expr(), t), a.op()));
    } else if (expr instanceof Quantile q) {
      return HistogramQuantile.of(q.phi(), vector(evaluate(q.expr(), t), "histogram_quantile"));
    }
    Binary b = (Binary) expr;
    return binary(b.op(), evaluate(b.left(), t), evaluate(b.right(), t));
  }

  private Vector rangeFunction(RangeFunction f, Instant t) throws UnsupportedQueryException {
    if (!PodSeries.NAMES.contains(f.selector().metric())) {
      throw new UnsupportedQueryException(
          "the sandbox has no metric '"
              + f.selector().metric()
              + "' (it has "
              + String.join(", ", PodSeries.NAMES)
              + ")");
    }
    Instant from = t.minus(f.window());
    Instant end = t.isAfter(now) ? now : t;
    double seconds = f.window().toNanos() / 1e9;
    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
    for (PodLife life : lives) {
      for (Map.Entry<String, PodLife.Stretch> covered : life.coverage(from, end).entrySet()) {
        PodLife.Stretch stretch = covered.getValue();
        if (stretch.length().compareTo(SCRAPE_INTERVAL) < 0) {
          continue;
        }
        List<PodSeries.Point> first = PodSeries.at(life, covered.getKey(), stretch.from());
        List<PodSeries.Point> last = PodSeries.at(life, covered.getKey(), stretch.to());
        for (int i = 0; i < last.size(); i++) {
          PodSeries.Point p = last.get(i);
          if (matches(f.selector(), p)) {
            double increase = p.value() - first.get(i).value();
            double value = f.function().equals("rate") ? increase / seconds : increase;
            out.merge(visibleLabels(p.labels()), value, Double::sum);
          }
        }
      }
    }
    List<Element> elements = new ArrayList<>();
    out.forEach((labels, value) -> elements.add(new Element(labels, value)));
    return new Vector(elements);
  }

  private static boolean matches(PromQlSubset.Selector selector, PodSeries.Point p) {
    if (!selector.metric().equals(p.name())) {
      return false;
    }
    for (LabelMatcher m : selector.matchers()) {
      String actual =
          m.label().equals("__name__") ? p.name() : p.labels().getOrDefault(m.label(), "");
      if (!m.matches(actual)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> visibleLabels(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            out.put(k, v);
          }
        });
    return Map.copyOf(out);
  }

  private static Vector aggregate(Aggregation a, Vector in) {
    Map<Map<String, String>, List<Double>> groups = new LinkedHashMap<>();
    for (Element e : in.elements()) {
      Map<String, String> key = new LinkedHashMap<>();
      e.labels()
          .forEach(
              (k, v) -> {
                if (a.labels().contains(k) != a.without()) {
                  key.put(k, v);
                }
              });
      groups.computeIfAbsent(Map.copyOf(key), k -> new ArrayList<>()).add(e.value());
    }
    List<Element> out = new ArrayList<>();
    groups.forEach((labels, values) -> out.add(new Element(labels, combine(a.op(), values))));
    return new Vector(out);
  }

  private static double combine(String op, List<Double> values) {
    double sum = values.stream().mapToDouble(Double::doubleValue).sum();
    return switch (op) {
      case "sum" -> sum;
      case "avg" -> sum / values.size();
      case "count" -> values.size();
      case "min" -> values.stream().min(Comparator.naturalOrder()).orElseThrow();
      default -> values.stream().max(Comparator.naturalOrder()).orElseThrow();
    };
  }

  private static Value binary(char op, Value left, Value right) {
    if (left instanceof Scalar l && right instanceof Scalar r) {
      return new Scalar(apply(op, l.value(), r.value()));
    }
    List<Element> out = new ArrayList<>();
    if (left instanceof Vector l && right instanceof Scalar r) {
      l.elements().forEach(e -> out.add(new Element(e.labels(), apply(op, e.value(), r.value()))));
    } else if (left instanceof Scalar l && right instanceof Vector r) {
      r.elements().forEach(e -> out.add(new Element(e.labels(), apply(op, l.value(), e.value()))));
    } else {
      Map<Map<String, String>, Double> byLabels = new LinkedHashMap<>();
      ((Vector) right).elements().forEach(e -> byLabels.put(e.labels(), e.value()));
      for (Element e : ((Vector) left).elements()) {
        Double other = byLabels.get(e.labels());
        if (other != null) {
          out.add(new Element(e.labels(), apply(op, e.value(), other)));
        }
      }
    }
    return new Vector(out);
  }

  private static double apply(char op, double a, double b) {
    return switch (op) {
      case '+' -> a + b;
      case '-' -> a - b;
      case '*' -> a * b;
      default -> a / b;
    };
  }

  private static Vector vector(Value value, String of) throws UnsupportedQueryException {
    if (value instanceof Vector v) {
      return v;
    }
    throw new UnsupportedQueryException(of + "() of a number; it takes a vector");
  }
}
