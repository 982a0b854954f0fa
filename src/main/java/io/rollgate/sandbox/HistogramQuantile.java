package io.rollgate.sandbox;

import io.rollgate.sandbox.PromQlEvaluation.Element;
import io.rollgate.sandbox.PromQlEvaluation.Vector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile(φ, buckets)} as Prometheus computes it (promql/quantile.go,
 * bucketQuantile): buckets grouped by their labels other than {@code le}, sorted by bound, made
 * monotonic; NaN without a +Inf bucket, with fewer than two buckets or no observations; the rank's
 * bucket interpolated linearly (from 0 for the first bucket); the highest finite bound when the
 * rank falls in +Inf.
 */
final class HistogramQuantile {
  private record Bucket(double upper, double count) {}

  private HistogramQuantile() {}

  static Vector of(double phi, Vector buckets) {
    Map<Map<String, String>, List<Bucket>> groups = new LinkedHashMap<>();
    for (Element e : buckets.elements()) {
      String le = e.labels().get("le");
      if (le == null || Double.isNaN(bound(le))) {
        continue; // as Prometheus skips a bucket without a parsable bound
      }
      Map<String, String> key = new LinkedHashMap<>(e.labels());
      key.remove("le");
      groups
          .computeIfAbsent(Map.copyOf(key), k -> new ArrayList<>())
          .add(new Bucket(bound(le), e.value()));
    }
    List<Element> out = new ArrayList<>();
    groups.forEach((labels, group) -> out.add(new Element(labels, quantile(phi, group))));
    return new Vector(out);
  }

  static double quantile(double phi, List<Bucket> unsorted) {
    if (Double.isNaN(phi)) {
      return Double.NaN;
    }
    if (phi < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (phi > 1) {
      return Double.POSITIVE_INFINITY;
    }
    List<Bucket> buckets = new ArrayList<>(unsorted);
    buckets.sort(Comparator.comparingDouble(Bucket::upper));
    if (buckets.size() < 2 || !Double.isInfinite(buckets.get(buckets.size() - 1).upper())) {
      return Double.NaN;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < buckets.size(); i++) {
      max = Math.max(max, buckets.get(i).count());
      buckets.set(i, new Bucket(buckets.get(i).upper(), max));
    }
    double observations = buckets.get(buckets.size() - 1).count();
    if (observations == 0 || Double.isNaN(observations)) {
      return Double.NaN;
    }
    double rank = phi * observations;
    int b = 0;
    while (b < buckets.size() - 1 && buckets.get(b).count() < rank) {
      b++;
    }
    if (b == buckets.size() - 1) {
      return buckets.get(buckets.size() - 2).upper();
    }
    if (b == 0 && buckets.get(0).upper() <= 0) {
      return buckets.get(0).upper();
    }
    double start = 0;
    double end = buckets.get(b).upper();
    double count = buckets.get(b).count();
    if (b > 0) {
      start = buckets.get(b - 1).upper();
      count -= buckets.get(b - 1).count();
      rank -= buckets.get(b - 1).count();
    }
    return start + (end - start) * (rank / count);
  }

  private static double bound(String le) {
    return switch (le) {
      case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(le);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }
}
