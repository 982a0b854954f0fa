package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PrometheusServerIT {
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = FROM.plus(Duration.ofMinutes(30));
  static final Duration STEP = Duration.ofSeconds(15);

  @RegisterExtension
  static final PrometheusServer.Extension prometheus =
      PrometheusServer.extension(
          () ->
              new OpenMetricsBuilder()
                  .counter("http_requests_total", Map.of("code", "200"), 99, FROM, TO, STEP)
                  .counter("http_requests_total", Map.of("code", "500"), 1, FROM, TO, STEP)
                  .histogram(
                      "latency_seconds",
                      Map.of("track", "canary"),
                      Map.of(0.1, 90.0, 0.5, 99.0, 1.0, 100.0),
                      12.5,
                      FROM,
                      TO,
                      STEP)
                  .gauge("up", Map.of("job", "x"), 1, FROM, TO, STEP)
                  .build());

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersTheExactRateOfABackfilledCounter() throws Exception {
    // Given counters backfilled as rate x elapsed
    // When the error ratio is asked inside the data span
    String value =
        scalarValue(
            "sum(rate(http_requests_total{code=\"500\"}[1m])) / sum(rate(http_requests_total[1m]))");

    // Then it is exactly the ratio the fixture was built with
    assertThat(Double.parseDouble(value)).isEqualTo(0.01);
  }

  @Test
  void answersAQuantileFromABackfilledHistogram() throws Exception {
    String value =
        scalarValue(
            "histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket{track=\"canary\"}[1m])))");

    assertThat(Double.parseDouble(value)).isEqualTo(0.5);
  }

  @Test
  void twoServersRunSideBySideAndCloseCleanly() {
    // Given a second server with its own data
    PrometheusServer other =
        PrometheusServer.start(
            new OpenMetricsBuilder().gauge("g", Map.of(), 7, FROM, TO, STEP).build());

    // Then it listens elsewhere, and once closed it no longer answers
    assertThat(other.baseUri()).isNotEqualTo(prometheus.baseUri());
    other.close();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(other.baseUri().resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void failsClearlyWhenPromtoolRejectsTheData() {
    assertThatThrownBy(() -> PrometheusServer.start("this is not openmetrics\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("promtool");
  }

  private String scalarValue(String query) throws IOException, InterruptedException {
    Instant at = FROM.plus(Duration.ofMinutes(20));
    URI uri =
        prometheus
            .baseUri()
            .resolve(
                "/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + "&time="
                    + at.getEpochSecond());
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject data =
        JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("data");
    return data.getAsJsonArray("result")
        .get(0)
        .getAsJsonObject()
        .getAsJsonArray("value")
        .get(1)
        .getAsString();
  }
}
