package io.rollgate.analysis;

import io.rollgate.metrics.OpenMetricsBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The OpenMetrics scenarios under {@code test-fixtures/metrics/}, built so Prometheus answers
 * exactly. {@link #checkoutErrorSpike()} is the committed {@code checkout-error-spike.om}; a test
 * keeps file and builder in step.
 *
 * <p>checkout-error-spike, namespace {@code checkout}, 00:00 to 00:20 on 2026-01-01 at 15 s:
 *
 * <ul>
 *   <li>canary requests 10/s; 5xx 0.01/s (ratio 0.001) until 00:07, then 0.8/s (ratio 0.08): with
 *       {@code rate(...[1m])} the ratio is 0.001 up to 00:07:00, 0.0405 at 00:07:30, 0.08 from
 *       00:08.
 *   <li>stable requests 100/s, 5xx 0.1/s (ratio 0.001) throughout.
 *   <li>canary latency histogram: 90% under 0.1 s, 98% under 0.25 s, all under 0.5 s: p99 = 0.375.
 *   <li>an idle service ({@code service="idle"}) with no requests: its error ratio is 0/0 = NaN.
 * </ul>
 */
public final class AnalysisScenarios {
  public static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  public static final Instant TO = FROM.plus(Duration.ofMinutes(20));
  public static final Instant SPIKE = FROM.plus(Duration.ofMinutes(7));
  public static final Duration STEP = Duration.ofSeconds(15);
  public static final Path CHECKOUT_ERROR_SPIKE =
      Path.of("test-fixtures/metrics/checkout-error-spike.om");
  public static final Path CHECKOUT_PIPELINE =
      Path.of("test-fixtures/metrics/checkout-analysis.yaml");
  public static final Path CHECKOUT_RECORDING =
      Path.of("test-fixtures/recordings/checkout-error-spike.json");

  private AnalysisScenarios() {}

  public static String checkoutErrorSpike() {
    Map<String, String> canaryOk =
        Map.of("namespace", "checkout", "rollgate_track", "canary", "code", "200");
    Map<String, String> canary5xx =
        Map.of("namespace", "checkout", "rollgate_track", "canary", "code", "500");
    Map<String, String> stableOk =
        Map.of("namespace", "checkout", "rollgate_track", "stable", "code", "200");
    Map<String, String> stable5xx =
        Map.of("namespace", "checkout", "rollgate_track", "stable", "code", "500");
    return new OpenMetricsBuilder()
        .counter(
            "http_requests_total",
            sorted(canaryOk),
            FROM,
            TO,
            STEP,
            t -> t.isAfter(SPIKE) ? 9.2 : 9.99)
        .counter(
            "http_requests_total",
            sorted(canary5xx),
            FROM,
            TO,
            STEP,
            t -> t.isAfter(SPIKE) ? 0.8 : 0.01)
        .counter("http_requests_total", sorted(stableOk), 99.9, FROM, TO, STEP)
        .counter("http_requests_total", sorted(stable5xx), 0.1, FROM, TO, STEP)
        .counter(
            "http_requests_total",
            sorted(Map.of("namespace", "checkout", "service", "idle", "code", "200")),
            0,
            FROM,
            TO,
            STEP)
        .counter(
            "http_requests_total",
            sorted(Map.of("namespace", "checkout", "service", "idle", "code", "500")),
            0,
            FROM,
            TO,
            STEP)
        .histogram(
            "http_request_duration_seconds",
            sorted(Map.of("namespace", "checkout", "rollgate_track", "canary")),
            Map.of(0.1, 9.0, 0.25, 9.8, 0.5, 10.0),
            1.2,
            FROM,
            TO,
            STEP)
        .build();
  }

  private static Map<String, String> sorted(Map<String, String> labels) {
    return new java.util.TreeMap<>(labels);
  }
}
