package io.rollgate.sandbox;

import java.util.Arrays;
import java.util.List;

/**
 * What a ready pod of the sandbox serves, decided by its images as the smoke app's answers are: a
 * fixed request rate, a share of HTTP 500s and a latency distribution. An image whose tag ends in
 * {@code -faulty} answers a quarter of its requests with 500; one whose tag ends in {@code -slow}
 * has a p99 latency of 1.5 s; any other image errs on 0.1 % of its requests with a p99 of 0.12 s.
 */
record PodBehaviour(double requestsPerSecond, double errorShare, Latency latency) {
  static final double REQUESTS_PER_SECOND = 20;
  static final double HEALTHY_ERROR_SHARE = 0.001;
  static final double FAULTY_ERROR_SHARE = 0.25;

  /** The histogram's bucket bounds (Prometheus client defaults), +Inf last. */
  static final List<Double> BUCKETS =
      List.of(
          0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, Double.POSITIVE_INFINITY);

  /**
   * Latency as the share of requests at or under each bound of {@link #BUCKETS}, and the mean.
   * Chosen so that Prometheus' {@code histogram_quantile(0.99, ...)}, which interpolates linearly
   * inside a bucket, gives 0.1 + (0.99 - 0.989) / 0.0075 * 0.15 = 0.12 s for {@link #FAST} and 1 +
   * (0.99 - 0.985) / 0.015 * 1.5 = 1.5 s for {@link #SLOW}.
   */
  enum Latency {
    FAST(0.048, 0.02, 0.06, 0.25, 0.6, 0.989, 0.9965, 0.9995, 1, 1, 1, 1, 1),
    SLOW(0.34, 0, 0, 0.01, 0.05, 0.2, 0.5, 0.8, 0.985, 1, 1, 1, 1);

    private final double meanSeconds;
    private final List<Double> cumulativeShares;

    Latency(double meanSeconds, double... cumulativeShares) {
      this.meanSeconds = meanSeconds;
      this.cumulativeShares = Arrays.stream(cumulativeShares).boxed().toList();
    }

    /** The share of requests at or under {@code BUCKETS.get(i)}. */
    double shareAtOrUnder(int bucket) {
      return cumulativeShares.get(bucket);
    }

    double meanSeconds() {
      return meanSeconds;
    }
  }

  static final PodBehaviour HEALTHY =
      new PodBehaviour(REQUESTS_PER_SECOND, HEALTHY_ERROR_SHARE, Latency.FAST);

  /** The behaviour of a pod running these images: any faulty one errs, any slow one is slow. */
  static PodBehaviour of(List<String> images) {
    boolean faulty = images.stream().anyMatch(i -> tag(i).endsWith("-faulty"));
    boolean slow = images.stream().anyMatch(i -> tag(i).endsWith("-slow"));
    return new PodBehaviour(
        REQUESTS_PER_SECOND,
        faulty ? FAULTY_ERROR_SHARE : HEALTHY_ERROR_SHARE,
        slow ? Latency.SLOW : Latency.FAST);
  }

  /** The tag of an image reference ({@code repo/name:tag@digest}), or "" without one. */
  static String tag(String image) {
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "";
  }
}
