package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricQueryException.Kind;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {
  static final Instant T = Instant.ofEpochSecond(1_700_000_000);
  static final String VECTOR =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
          + "[{\"metric\":{\"track\":\"canary\"},\"value\":[1700000000,\"0.25\"]}]}}";

  private final MockWebServer server = new MockWebServer();
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final List<PrometheusClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    clients.forEach(PrometheusClient::close);
    server.shutdown();
  }

  @Test
  void closingReleasesThePooledConnectionsAndTheDispatcherThreads() throws Exception {
    // Given a client that answered a query and keeps its connection for the next one
    server.enqueue(json(VECTOR));
    PrometheusClient client = client(Backoff.fixed(1, Duration.ZERO));
    client.query("up", T);
    assertThat(client.http().connectionPool().connectionCount()).isEqualTo(1);

    // When it is closed (twice: closing is idempotent)
    client.close();
    client.close();

    // Then no connection stays open and the dispatcher takes no more work
    assertThat(client.http().connectionPool().connectionCount()).isZero();
    assertThat(client.http().dispatcher().executorService().isShutdown()).isTrue();
  }

  @Test
  void returnsTheResultAfterThreeServiceUnavailableAnswers() throws Exception {
    // Given Prometheus answers 503 three times, then a vector
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setResponseCode(503).setBody("overloaded"));
    }
    server.enqueue(json(VECTOR));

    // When one query is asked
    QueryResult result = client(Backoff.fixed(4, Duration.ofSeconds(2))).query("up", T);

    // Then the vector comes back after four requests and three waits through the sleeper
    assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
    assertThat(result.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).containsEntry("track", "canary");
              assertThat(s.samples()).containsExactly(new Sample(T, 0.25));
            });
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void isUnavailableWhen503OutlastsTheRetryBudget() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          new MockResponse()
              .setResponseCode(503)
              .setBody("{\"status\":\"error\",\"error\":\"down\"}"));
    }

    MetricQueryException e = queryFails(client(Backoff.fixed(3, Duration.ofSeconds(1))), "up");

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("3 attempts").contains("HTTP 503").contains("down");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).hasSize(2);
  }

  @Test
  void retriesTooManyRequests() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429));
    server.enqueue(json(VECTOR));

    QueryResult result = client(Backoff.fixed(2, Duration.ofSeconds(1))).query("up", T);

    assertThat(result.series()).hasSize(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRejectedQueryIsABadQueryAskedExactlyOnce() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(422)
            .setBody(
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}"));
    server.enqueue(json(VECTOR));

    MetricQueryException e = queryFails(client(Backoff.fixed(4, Duration.ofSeconds(1))), "a / b");

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("HTTP 422").contains("many-to-many matching not allowed");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aParseErrorIsABadQuery() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(400)
            .setBody(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:8: parse error\"}"));

    MetricQueryException e =
        queryFails(client(Backoff.fixed(4, Duration.ofSeconds(1))), "x{v=\"a\"");

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("bad_data: 1:8: parse error");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aHangingPrometheusTimesOutAndIsUnavailableAfterTheRetries() {
    // Given a server that never answers, and a 200 ms timeout
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    }
    PrometheusClient client =
        open(
            new PrometheusClient(
                spec(Duration.ofMillis(200)),
                Map.of(),
                Backoff.fixed(3, Duration.ofSeconds(5)),
                waits::add));

    // When a query is asked
    MetricQueryException e = queryFails(client, "up");

    // Then every attempt timed out, the backoff went through the sleeper, and it is unavailable
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("timed out");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void prometheusOwnQueryTimeoutReachesTheUserRatherThanTheClientGivingUpFirst() {
    // Given a Prometheus that, like the real one, answers "query timed out" just after the 1 s it
    // was asked to keep (the client waits 2 s: margin enough for a loaded machine)
    server.enqueue(
        new MockResponse()
            .setResponseCode(503)
            .setHeader("Content-Type", "application/json")
            .setBody(
                "{\"status\":\"error\",\"errorType\":\"timeout\","
                    + "\"error\":\"query timed out in expression evaluation\"}")
            .setHeadersDelay(1100, TimeUnit.MILLISECONDS));
    PrometheusClient client =
        open(
            new PrometheusClient(
                spec(Duration.ofSeconds(1)),
                Map.of(),
                Backoff.fixed(1, Duration.ZERO),
                waits::add));

    // When a query is asked
    MetricQueryException e = queryFails(client, "up");

    // Then the client waited for that answer and passes Prometheus' own words on
    assertThat(e.getMessage()).contains("query timed out in expression evaluation");
  }

  @Test
  void theClientWaitsTwoSecondsPastPrometheusTimeoutOrTwiceAShortOne() {
    assertThat(PrometheusHttp.clientTimeout(Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(PrometheusHttp.clientTimeout(Duration.ofMillis(500)))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void sendsPrometheusOwnTimeoutWithTheQuery() throws Exception {
    server.enqueue(json(VECTOR));

    open(new PrometheusClient(
            spec(Duration.ofSeconds(7)), Map.of(), Backoff.fixed(1, Duration.ZERO), waits::add))
        .query("up", T.plusMillis(250));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/api/v1/query");
    assertThat(request.getRequestUrl().queryParameter("query")).isEqualTo("up");
    assertThat(request.getRequestUrl().queryParameter("time")).isEqualTo("1700000000.25");
    assertThat(request.getRequestUrl().queryParameter("timeout")).isEqualTo("7000ms");
  }

  @Test
  void statusErrorOnA200IsAFailedQuery() {
    server.enqueue(
        json(
            "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"));

    MetricQueryException e = queryFails(client(Backoff.fixed(3, Duration.ofSeconds(1))), "up");

    assertThat(e.kind()).isEqualTo(Kind.QUERY_FAILED);
    assertThat(e.getMessage())
        .contains("(timeout)")
        .contains("query timed out in expression evaluation");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anUnreadableAnswerIsAFailedQuery() {
    server.enqueue(json("<html>proxy error</html>"));

    MetricQueryException e = queryFails(client(Backoff.fixed(3, Duration.ofSeconds(1))), "up");

    assertThat(e.kind()).isEqualTo(Kind.QUERY_FAILED);
    assertThat(e.getMessage()).contains("unreadable answer");
  }

  @Test
  void anUnauthorizedAnswerMeansNothingCanBeMeasuredAndIsNotRetried() {
    server.enqueue(new MockResponse().setResponseCode(401).setBody("no token"));

    MetricQueryException e = queryFails(client(Backoff.fixed(3, Duration.ofSeconds(1))), "up");

    // not an error measurement of the canary in every interval: Prometheus is out of reach for us
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("refused the credentials (HTTP 401)");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void carriesWarningsWithTheResult() throws Exception {
    server.enqueue(
        json(
            "{\"status\":\"success\",\"warnings\":[\"PromQL info: metric might not be a counter\"],"
                + "\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));

    QueryResult result = client(Backoff.fixed(1, Duration.ZERO)).query("rate(x[1m])", T);

    assertThat(result.series()).isEmpty();
    assertThat(result.warnings()).containsExactly("PromQL info: metric might not be a counter");
  }

  @Test
  void readsNaNAndInfinitiesAsSent() throws Exception {
    server.enqueue(
        json(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"s\":\"a\"},\"value\":[1700000000.5,\"NaN\"]},"
                + "{\"metric\":{\"s\":\"b\"},\"value\":[1700000000.5,\"+Inf\"]},"
                + "{\"metric\":{\"s\":\"c\"},\"value\":[1700000000.5,\"-Inf\"]},"
                + "{\"metric\":{\"s\":\"d\"},\"value\":[1700000000.5,\"1.5e-05\"]}]}}"));

    QueryResult result = client(Backoff.fixed(1, Duration.ZERO)).query("x", T);

    assertThat(result.series())
        .extracting(s -> s.samples().get(0).value())
        .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5e-05);
    assertThat(result.series().get(0).samples().get(0).time()).isEqualTo(T.plusMillis(500));
  }

  @Test
  void readsAMatrixFromARangeQuery() throws Exception {
    server.enqueue(
        json(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"track\":\"canary\"},\"values\":[[1700000000,\"1\"],[1700000030,\"2\"]]}]}}"));

    QueryResult result =
        client(Backoff.fixed(1, Duration.ZERO))
            .queryRange("x", T, T.plusSeconds(30), Duration.ofSeconds(30));

    assertThat(result.type()).isEqualTo(QueryResult.Type.MATRIX);
    assertThat(result.series().get(0).samples())
        .containsExactly(new Sample(T, 1), new Sample(T.plusSeconds(30), 2));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/api/v1/query_range");
    assertThat(request.getRequestUrl().queryParameter("start")).isEqualTo("1700000000");
    assertThat(request.getRequestUrl().queryParameter("end")).isEqualTo("1700000030");
    assertThat(request.getRequestUrl().queryParameter("step")).isEqualTo("30");
  }

  @Test
  void asksALongRangeInPiecesPrometheusAccepts() throws Exception {
    // Given a range of 25,000 points (Prometheus refuses more than 11,000 per query)
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          json(
              "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                  + "{\"metric\":{},\"values\":[["
                  + (1700000000 + i)
                  + ",\""
                  + i
                  + "\"]]}]}}"));
    }
    Instant to = T.plusSeconds(24_999);

    // When it is asked
    QueryResult result =
        client(Backoff.fixed(1, Duration.ZERO)).queryRange("x", T, to, Duration.ofSeconds(1));

    // Then three requests cover it back to back, and the series comes back joined
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(List.of(server.takeRequest(), server.takeRequest(), server.takeRequest()))
        .extracting(
            r ->
                r.getRequestUrl().queryParameter("start")
                    + ".."
                    + r.getRequestUrl().queryParameter("end"))
        .containsExactly(
            "1700000000..1700009999", "1700010000..1700019999", "1700020000..1700024999");
    assertThat(result.series()).singleElement().satisfies(s -> assertThat(s.samples()).hasSize(3));
  }

  @Test
  void readsScalarAndStringResults() throws Exception {
    server.enqueue(
        json(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"0.5\"]}}"));
    server.enqueue(
        json(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1700000000,\"hello\"]}}"));
    PrometheusClient client = client(Backoff.fixed(1, Duration.ZERO));

    QueryResult scalar = client.query("scalar(x)", T);
    QueryResult string = client.query("\"hello\"", T);

    assertThat(scalar.type()).isEqualTo(QueryResult.Type.SCALAR);
    assertThat(scalar.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).isEmpty();
              assertThat(s.samples()).containsExactly(new Sample(T, 0.5));
            });
    assertThat(string.type()).isEqualTo(QueryResult.Type.STRING);
    assertThat(string.text()).contains("hello");
    assertThat(string.series()).isEmpty();
  }

  @Test
  void aLongQueryGoesAsAPostForm() throws Exception {
    server.enqueue(json(VECTOR));
    String longQuery = "sum(x{v=\"" + "a".repeat(1200) + "\"})";

    client(Backoff.fixed(1, Duration.ZERO)).query(longQuery, T);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getRequestUrl().query()).isNull();
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.getBody().readUtf8())
        .contains("query=sum%28x%7Bv%3D%22aaaa")
        .contains("time=1700000000");
  }

  @Test
  void keepsThePathPrefixOfTheAddress() throws Exception {
    server.enqueue(json(VECTOR));
    PrometheusSpec spec =
        new PrometheusSpec(
            server.url("/prometheus/").toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            Duration.ofSeconds(5));

    open(new PrometheusClient(spec, Map.of(), Backoff.fixed(1, Duration.ZERO), waits::add))
        .query("up", T);

    assertThat(server.takeRequest().getRequestUrl().encodedPath())
        .isEqualTo("/prometheus/api/v1/query");
  }

  @Test
  void aMalformedResultIsAFailedQuery() {
    server.enqueue(
        json(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"abc\"]}]}}"));

    MetricQueryException e = queryFails(client(Backoff.fixed(1, Duration.ZERO)), "up");

    assertThat(e.kind()).isEqualTo(Kind.QUERY_FAILED);
    assertThat(e.getMessage()).contains("'abc' is not a number");
  }

  @Test
  void servesTenQueriesInFlightAtOnceToOneHost() throws Exception {
    // Given a Prometheus that answers only once ten requests are waiting at the same time
    int tick = 10; // 5 metrics x 2 tracks
    CountDownLatch allArrived = new CountDownLatch(tick);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allArrived.countDown();
            boolean together = allArrived.await(10, TimeUnit.SECONDS);
            inFlight.decrementAndGet();
            return together ? json(VECTOR) : new MockResponse().setResponseCode(500);
          }
        });
    PrometheusClient client = client(Backoff.fixed(1, Duration.ZERO));
    ExecutorService pool = Executors.newFixedThreadPool(tick);

    // When ten threads query through the one client
    List<Future<QueryResult>> answers = new ArrayList<>();
    for (int i = 0; i < tick; i++) {
      answers.add(pool.submit(() -> client.query("up", T)));
    }

    // Then all ten were in flight together and all got their answer
    for (Future<QueryResult> answer : answers) {
      assertThat(answer.get(20, TimeUnit.SECONDS).series()).hasSize(1);
    }
    pool.shutdown();
    assertThat(maxInFlight).hasValue(tick);
  }

  private PrometheusClient client(Backoff backoff) {
    return open(new PrometheusClient(spec(Duration.ofSeconds(5)), Map.of(), backoff, waits::add));
  }

  /** Closed after the test, as every client should be. */
  private PrometheusClient open(PrometheusClient client) {
    clients.add(client);
    return client;
  }

  private PrometheusSpec spec(Duration timeout) {
    return new PrometheusSpec(
        server.url("/").toString(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        false,
        timeout);
  }

  static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  static MetricQueryException queryFails(PrometheusClient client, String query) {
    MetricQueryException e =
        catchThrowableOfType(MetricQueryException.class, () -> client.query(query, T));
    assertThat(e).as("the query should have failed").isNotNull();
    return e;
  }
}
