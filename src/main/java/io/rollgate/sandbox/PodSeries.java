package io.rollgate.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series one pod exposes, Prometheus-style, as exact functions of the time it has served:
 * {@code http_requests_total{namespace, pod, rollgate_track, code}} for codes 200 and 500, and the
 * histogram {@code http_request_duration_seconds} ({@code _bucket{..., le}}, {@code _sum}, {@code
 * _count}). Counters are rate × seconds served (not whole numbers), so {@code rate()} reads the
 * pod's rate exactly; the exporter and the in-process source share this one definition.
 */
final class PodSeries {
  static final String REQUESTS = "http_requests_total";
  static final String DURATION = "http_request_duration_seconds";
  static final String BUCKET = DURATION + "_bucket";
  static final String SUM = DURATION + "_sum";
  static final String COUNT = DURATION + "_count";
  static final List<String> NAMES = List.of(REQUESTS, BUCKET, SUM, COUNT);

  /** One series' value at one time: its name, its labels in exposition order, its value. */
  record Point(String name, Map<String, String> labels, double value) {}

  private PodSeries() {}

  /** Every series of the pod, as it would carry {@code track}, at {@code t}. */
  static List<Point> at(PodLife life, String track, Instant t) {
    PodBehaviour b = life.behaviour();
    double requests = b.requestsPerSecond() * life.secondsServed(t);
    List<Point> out = new ArrayList<>();
    out.add(point(REQUESTS, life, track, "code", "200", requests * (1 - b.errorShare())));
    out.add(point(REQUESTS, life, track, "code", "500", requests * b.errorShare()));
    for (int i = 0; i < PodBehaviour.BUCKETS.size(); i++) {
      String le = le(PodBehaviour.BUCKETS.get(i));
      out.add(point(BUCKET, life, track, "le", le, requests * b.latency().shareAtOrUnder(i)));
    }
    out.add(new Point(SUM, labels(life, track, Map.of()), requests * b.latency().meanSeconds()));
    out.add(new Point(COUNT, labels(life, track, Map.of()), requests));
    return out;
  }

  /** A bucket bound as Prometheus' Go client writes it: 0.005, 1, 2.5, +Inf. */
  static String le(double bound) {
    return Double.isInfinite(bound)
        ? "+Inf"
        : BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  private static Point point(
      String name, PodLife life, String track, String label, String labelValue, double value) {
    return new Point(name, labels(life, track, Map.of(label, labelValue)), value);
  }

  private static Map<String, String> labels(PodLife life, String track, Map<String, String> more) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("namespace", life.namespace());
    labels.put("pod", life.pod());
    labels.put("rollgate_track", track);
    labels.putAll(more);
    return Collections.unmodifiableMap(labels);
  }
}
