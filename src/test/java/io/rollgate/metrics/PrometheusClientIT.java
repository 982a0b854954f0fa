package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricQueryException.Kind;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against a real Prometheus holding a day of exact, backfilled data. */
class PrometheusClientIT {
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = FROM.plus(Duration.ofHours(24));
  static final Duration STEP = Duration.ofSeconds(30);
  static final Instant AT = FROM.plus(Duration.ofHours(12));
  static final String ERROR_RATE =
      "sum(rate(http_requests_total{track=\"%s\",code=~\"5..\"}[1m])) / sum(rate(http_requests_total{track=\"%s\"}[1m]))";

  @RegisterExtension
  static final PrometheusServer.Extension prometheus =
      PrometheusServer.extension(
          () ->
              new OpenMetricsBuilder()
                  .counter(
                      "http_requests_total",
                      Map.of("track", "canary", "code", "200"),
                      92,
                      FROM,
                      TO,
                      STEP)
                  .counter(
                      "http_requests_total",
                      Map.of("track", "canary", "code", "500"),
                      8,
                      FROM,
                      TO,
                      STEP)
                  .counter(
                      "http_requests_total",
                      Map.of("track", "stable", "code", "200"),
                      998,
                      FROM,
                      TO,
                      STEP)
                  .counter(
                      "http_requests_total",
                      Map.of("track", "stable", "code", "503"),
                      2,
                      FROM,
                      TO,
                      STEP)
                  .counter(
                      "http_requests_total",
                      Map.of("track", "idle", "code", "200"),
                      0,
                      FROM,
                      TO,
                      STEP)
                  .counter(
                      "http_requests_total",
                      Map.of("track", "idle", "code", "500"),
                      0,
                      FROM,
                      TO,
                      STEP)
                  .histogram(
                      "http_request_duration_seconds",
                      Map.of("track", "canary"),
                      Map.of(0.1, 50.0, 0.25, 90.0, 0.5, 99.0, 1.0, 100.0),
                      20,
                      FROM,
                      TO,
                      STEP)
                  .histogram(
                      "http_request_duration_seconds",
                      Map.of("track", "stable"),
                      Map.of(0.1, 60.0, 0.25, 95.0, 0.5, 100.0),
                      15,
                      FROM,
                      TO,
                      STEP)
                  .build());

  private static final List<String> timings = new ArrayList<>();
  private final PrometheusClient client = client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @AfterAll
  static void printTimings() {
    timings.forEach(t -> System.out.println("[timing] " + t));
  }

  @Test
  void measuresTheErrorRatioExactly() throws Exception {
    QueryResult result = client.query(String.format(ERROR_RATE, "canary", "canary"), AT);

    assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
    assertThat(result.series())
        .singleElement()
        .satisfies(s -> assertThat(s.samples()).containsExactly(new Sample(AT, 0.08)));
  }

  @Test
  void measuresP99FromTheHistogram() throws Exception {
    QueryResult result =
        client.query(
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track=\"canary\"}[1m])))",
            AT);

    assertThat(result.series().get(0).samples().get(0).value()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void zeroOverZeroComesBackAsNaN() throws Exception {
    QueryResult result = client.query(String.format(ERROR_RATE, "idle", "idle"), AT);

    assertThat(result.series().get(0).samples().get(0).value()).isNaN();
  }

  @Test
  void noSeriesIsAnEmptyVector() throws Exception {
    QueryResult result = client.query(String.format(ERROR_RATE, "absent", "absent"), AT);

    assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
    assertThat(result.series()).isEmpty();
  }

  @Test
  void readsScalarsAndStrings() throws Exception {
    assertThat(client.query("scalar(vector(1)) / 0", AT).series().get(0).samples().get(0).value())
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(client.query("\"hello\"", AT).text()).contains("hello");
  }

  @Test
  void aSyntaxErrorIsABadQuery() {
    MetricQueryException e =
        catchThrowableOfType(MetricQueryException.class, () -> client.query("sum(x{a=\"b\"", AT));

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("HTTP 400").contains("parse error");
  }

  @Test
  void anExecutionErrorIsABadQuery() {
    MetricQueryException e =
        catchThrowableOfType(
            MetricQueryException.class,
            () ->
                client.query("http_requests_total / on(code) group_left http_requests_total", AT));

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("HTTP 422");
  }

  @Test
  void readsADayAtThirtySecondStepsWithOneRangeQuery() throws Exception {
    long started = System.nanoTime();
    QueryResult result =
        client.queryRange(
            String.format(ERROR_RATE, "canary", "canary"),
            FROM.plus(Duration.ofMinutes(1)),
            TO,
            STEP);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    timings.add("query_range 24h at 30s (2879 points): " + took.toMillis() + " ms");

    assertThat(result.type()).isEqualTo(QueryResult.Type.MATRIX);
    List<Sample> samples = result.series().get(0).samples();
    assertThat(samples).hasSize(2879);
    assertThat(samples).allSatisfy(s -> assertThat(s.value()).isCloseTo(0.08, within(1e-12)));
    // the time is printed, not asserted (2 shared cores make it noisy); AnalysisBench measures it
  }

  @Test
  void answersTenConcurrentQueriesThroughOneClientEachWithItsSeries() throws Exception {
    // Given one analysis tick: 5 metrics x 2 tracks
    List<String> queries = new ArrayList<>();
    for (String track : List.of("canary", "stable")) {
      queries.add(String.format(ERROR_RATE, track, track));
      queries.add(
          "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track=\""
              + track
              + "\"}[5m])))");
      queries.add("sum(rate(http_requests_total{track=\"" + track + "\"}[5m]))");
      queries.add("sum(increase(http_requests_total{track=\"" + track + "\",code=~\"5..\"}[1h]))");
      queries.add("avg_over_time((" + String.format(ERROR_RATE, track, track) + ")[10m:30s])");
    }
    ExecutorService pool = Executors.newFixedThreadPool(queries.size());
    concurrentTick(pool, queries); // warm up connections, threads and Prometheus' caches
    List<Long> ticks = new ArrayList<>();
    List<Long> slowests = new ArrayList<>();
    List<Long> sums = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      long slowest = 0;
      long sum = 0;
      for (String q : queries) {
        long t0 = System.nanoTime();
        client.query(q, AT);
        long took = System.nanoTime() - t0;
        slowest = Math.max(slowest, took);
        sum += took;
      }
      slowests.add(slowest);
      sums.add(sum);

      // When the tick asks all ten at once
      ticks.add(concurrentTick(pool, queries));
    }
    pool.shutdown();
    timings.add(
        String.format(
            "median of 5 rounds: tick of 10 concurrent queries %.1f ms; slowest single query %.1f ms;"
                + " all ten one after another %.1f ms",
            median(ticks) / 1e6, median(slowests) / 1e6, median(sums) / 1e6));

    // Then every answer came back with its one series (concurrentTick checks each; timings are
    // printed, not asserted: 2 shared cores make them noisy)
    assertThat(ticks).hasSize(5);
  }

  private long concurrentTick(ExecutorService pool, List<String> queries) throws Exception {
    long t0 = System.nanoTime();
    List<Future<QueryResult>> futures = new ArrayList<>();
    for (String q : queries) {
      futures.add(pool.submit(() -> client.query(q, AT)));
    }
    for (Future<QueryResult> f : futures) {
      assertThat(f.get().series()).hasSize(1);
    }
    return System.nanoTime() - t0;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static PrometheusClient client() {
    PrometheusSpec spec =
        new PrometheusSpec(
            prometheus.baseUri().toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            Duration.ofSeconds(10));
    return new PrometheusClient(spec, Map.of(), Backoff.fixed(2, Duration.ZERO), d -> {});
  }
}
