package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rollgate.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exporter's text exposition, fetched over HTTP and parsed back. */
class MetricsExporterTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TestClock clock = new TestClock(T0);
  private final PodHistory history = new PodHistory();
  private MetricsExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  /** One parsed sample line: {@code name{labels} value}. */
  record Line(String name, Map<String, String> labels, double value) {}

  @Test
  void servesEachReadyPodsCountersAndHistogramAsFunctionsOfItsTimeServed() throws Exception {
    // Given a faulty canary pod ready for 10 s and a stable pod without a track label for 4 s
    history.ready(
        PodLife.ready(
            "checkout",
            "checkout-canary-7f9c-abcde",
            PodBehaviour.of(List.of("ghcr.io/acme/checkout:1.4.4-faulty")),
            T0,
            "canary"));
    history.ready(
        PodLife.ready(
            "checkout",
            "checkout-5d8b-fghjk",
            PodBehaviour.of(List.of("ghcr.io/acme/checkout:1.4.2")),
            T0.plusSeconds(6),
            ""));
    clock.advance(Duration.ofSeconds(10));
    exporter = MetricsExporter.start(history, clock);

    // When Prometheus would scrape
    HttpResponse<String> response = get(exporter.metricsUri());

    // Then the text format carries the counters: rate × seconds served, split by code
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE http_requests_total counter\n")
        .contains("# TYPE http_request_duration_seconds histogram\n");
    List<Line> lines = parse(response.body());
    Map<String, String> canary =
        Map.of(
            "namespace",
            "checkout",
            "pod",
            "checkout-canary-7f9c-abcde",
            "rollgate_track",
            "canary");
    assertThat(value(lines, "http_requests_total", canary, "code", "500"))
        .isCloseTo(50, within(1e-9));
    assertThat(value(lines, "http_requests_total", canary, "code", "200"))
        .isCloseTo(150, within(1e-9));
    // and the histogram: cumulative buckets up to +Inf = _count, p99 inside (0.1, 0.25]
    List<Line> buckets =
        lines.stream()
            .filter(l -> l.name().equals("http_request_duration_seconds_bucket"))
            .filter(l -> l.labels().get("pod").equals("checkout-canary-7f9c-abcde"))
            .toList();
    assertThat(buckets)
        .extracting(l -> l.labels().get("le"))
        .containsExactly(
            "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf");
    assertThat(buckets).extracting(Line::value).isSorted();
    assertThat(value(lines, "http_request_duration_seconds_bucket", canary, "le", "0.1") / 200)
        .isLessThan(0.99);
    assertThat(value(lines, "http_request_duration_seconds_bucket", canary, "le", "0.25") / 200)
        .isGreaterThan(0.99);
    assertThat(value(lines, "http_request_duration_seconds_bucket", canary, "le", "+Inf"))
        .isCloseTo(200, within(1e-9));
    assertThat(value(lines, "http_request_duration_seconds_count", canary, null, null))
        .isCloseTo(200, within(1e-9));
    assertThat(value(lines, "http_request_duration_seconds_sum", canary, null, null))
        .isBetween(0.0, 200 * 0.12);
    // and a pod without the track label has rollgate_track=""
    Map<String, String> unlabelled =
        Map.of("namespace", "checkout", "pod", "checkout-5d8b-fghjk", "rollgate_track", "");
    assertThat(value(lines, "http_requests_total", unlabelled, "code", "500"))
        .isCloseTo(20 * 0.001 * 4, within(1e-9));
  }

  @Test
  void aPodThatWentAwayIsNoLongerServedAndTheCountersKeepGrowingForTheOthers() throws Exception {
    history.ready(pod("checkout-a", T0));
    history.ready(pod("checkout-b", T0));
    exporter = MetricsExporter.start(history, clock);
    clock.advance(Duration.ofSeconds(5));
    history.gone("checkout", "checkout-a", clock.instant());

    clock.advance(Duration.ofSeconds(5));
    List<Line> lines = parse(get(exporter.metricsUri()).body());

    assertThat(lines).extracting(l -> l.labels().get("pod")).containsOnly("checkout-b");
    assertThat(
            value(
                lines,
                "http_request_duration_seconds_count",
                Map.of("namespace", "checkout", "pod", "checkout-b", "rollgate_track", "stable"),
                null,
                null))
        .isCloseTo(200, within(1e-9));
  }

  @Test
  void escapesLabelValuesAndAnswers404OffTheMetricsPath() throws Exception {
    assertThat(Exposition.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    exporter = MetricsExporter.start(history, clock);

    assertThat(get(exporter.metricsUri().resolve("/other")).statusCode()).isEqualTo(404);
    assertThat(parse(get(exporter.metricsUri()).body())).isEmpty();
  }

  private static PodLife pod(String name, Instant readyAt) {
    return PodLife.ready("checkout", name, PodBehaviour.HEALTHY, readyAt, "stable");
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double value(
      List<Line> lines, String name, Map<String, String> base, String label, String labelValue) {
    Map<String, String> labels = new LinkedHashMap<>(base);
    if (label != null) {
      labels.put(label, labelValue);
    }
    return lines.stream()
        .filter(l -> l.name().equals(name) && l.labels().equals(labels))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + labels + " in " + lines))
        .value();
  }

  /** Parses the text format's sample lines (no timestamps), unescaping label values. */
  static List<Line> parse(String text) {
    List<Line> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      String name = line.substring(0, brace);
      Map<String, String> labels = new LinkedHashMap<>();
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf("=\"", i);
        String key = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char e = line.charAt(++j);
            value.append(e == 'n' ? '\n' : e);
          } else {
            value.append(c);
          }
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      out.add(new Line(name, labels, Double.parseDouble(line.substring(i + 1).strip())));
    }
    return out;
  }
}
