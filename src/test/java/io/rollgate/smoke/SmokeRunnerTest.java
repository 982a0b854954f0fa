package io.rollgate.smoke;

import static io.rollgate.smoke.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rollgate.report.ActionRecord;
import io.rollgate.testing.TestClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmokeRunnerTest {
  private static final String SECRET = "s3cr3t-token-value";

  private final MockWebServer server = new MockWebServer();
  private final TestClock clock = new TestClock(Instant.parse("2026-11-22T04:00:00Z"));
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();
  private final List<String> tunnels = new ArrayList<>();
  private final AtomicInteger openTunnels = new AtomicInteger();
  private SmokeRunner runner;

  @BeforeEach
  void startServer() throws IOException {
    server.start();
    ServiceTunnel tunnel =
        (namespace, service) -> {
          tunnels.add(namespace + "/" + service.name() + ":" + service.port());
          openTunnels.incrementAndGet();
          URI base = server.url("/").uri();
          return new ServiceTunnel.Tunnel() {
            @Override
            public URI baseUri() {
              return base;
            }

            @Override
            public void close() {
              openTunnels.decrementAndGet();
            }
          };
        };
    runner = new SmokeRunner(tunnel, clock, waits::add, progress::add);
  }

  @AfterEach
  void stopServer() throws IOException {
    runner.close();
    server.shutdown();
  }

  @Test
  void passesWhenTheServiceAnswersAsExpected() throws Exception {
    // Given
    server.enqueue(new MockResponse().setBody("ok"));
    var spec = check("health").service("checkout", 8080, "/health").bodyContains("ok").build();

    // When
    SmokeResult result = runner.run("checkout-staging", spec);

    // Then
    assertThat(result.passed()).isTrue();
    assertThat(result.attempts()).hasSize(1);
    assertThat(result.last().status()).hasValue(200);
    assertThat(result.target()).isEqualTo("service checkout:8080/health");
    assertThat(server.takeRequest().getPath()).isEqualTo("/health");
    assertThat(tunnels).containsExactly("checkout-staging/checkout:8080");
    assertThat(openTunnels).hasValue(0);
    assertThat(progress).containsExactly("smoke health: attempt 1/1 passed (200 in 0s)");
  }

  @Test
  void retriesUntilAnAnswerPassesWaitingThroughTheSleeper() throws Exception {
    // Given
    server.enqueue(new MockResponse().setResponseCode(503).setBody("starting"));
    server.enqueue(new MockResponse().setResponseCode(503).setBody("starting"));
    server.enqueue(new MockResponse().setBody("ok"));
    var spec = check("health").retry(5, Duration.ofSeconds(2)).build();

    // When
    SmokeResult result = runner.run("checkout-staging", spec);

    // Then
    assertThat(result.passed()).isTrue();
    assertThat(result.attempts())
        .extracting(SmokeAttempt::outcome)
        .containsExactly(
            SmokeAttempt.Outcome.FAILED, SmokeAttempt.Outcome.FAILED, SmokeAttempt.Outcome.PASSED);
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(progress)
        .containsExactly(
            "smoke health: attempt 1/5 got 503, want 200",
            "smoke health: attempt 2/5 got 503, want 200",
            "smoke health: attempt 3/5 passed (200 in 0s)");
  }

  @Test
  void throwsWithTheLastAnswerWhenRetriesAreExhausted() {
    // Given
    server.enqueue(new MockResponse().setResponseCode(500).setBody("database down"));
    server.enqueue(new MockResponse().setResponseCode(503).setBody("  still\n starting up  "));
    var spec = check("health").bodyContains("ok").retry(2, Duration.ofSeconds(3)).build();

    // When / Then
    assertThatThrownBy(() -> runner.run("checkout-staging", spec))
        .isInstanceOfSatisfying(
            SmokeCheckFailedException.class,
            e -> {
              assertThat(e.checkName()).isEqualTo("health");
              assertThat(e.attempts()).hasSize(2);
              assertThat(e.lastAttempt().status()).hasValue(503);
              assertThat(e.lastAttempt().bodyExcerpt()).isEqualTo("still starting up");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "smoke check 'health' failed after 2 attempts against service"
                          + " checkout:8080/health: last answer 503 \"still starting up\" (got 503,"
                          + " want 200; body does not contain \"ok\")");
            });
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void failsAnAnswerThatTookLongerThanMaxLatencyOnTheInjectedClock() {
    // Given the app answers 750 ms after the request arrives, as seen by the injected clock
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            clock.advance(Duration.ofMillis(750));
            return new MockResponse().setBody("ok");
          }
        });
    var spec = check("health").maxLatency(Duration.ofMillis(500)).build();

    // When / Then
    assertThatThrownBy(() -> runner.run("checkout-staging", spec))
        .isInstanceOfSatisfying(
            SmokeCheckFailedException.class,
            e -> {
              assertThat(e.lastAttempt().latency()).isEqualTo(Duration.ofMillis(750));
              assertThat(e.lastAttempt().why()).isEqualTo("took 750ms, want at most 500ms");
            });
  }

  @Test
  void failsAJsonFieldMismatchThroughTheRunner() {
    server.enqueue(new MockResponse().setBody("{\"status\":\"ok\",\"version\":\"1.4.1\"}"));
    var spec =
        check("version").service("checkout", 8080, "/status").json("version", "1.4.2").build();

    assertThatThrownBy(() -> runner.run("checkout-staging", spec))
        .isInstanceOf(SmokeCheckFailedException.class)
        .hasMessageContaining("JSON field version is \"1.4.1\", want \"1.4.2\"");
  }

  @Test
  void countsAnUnreachableServiceAsAFailedAttemptAndKeepsTheCause() {
    // Given
    ServiceTunnel refused =
        (namespace, service) -> {
          throw new IOException("the API server refused the port-forward");
        };
    var blind = new SmokeRunner(refused, clock, waits::add, progress::add);
    var spec = check("health").retry(3, Duration.ofSeconds(1)).build();

    // When / Then
    assertThatThrownBy(() -> blind.run("checkout-staging", spec))
        .isInstanceOfSatisfying(
            SmokeCheckFailedException.class,
            e -> {
              assertThat(e.lastAttempt().outcome()).isEqualTo(SmokeAttempt.Outcome.ERROR);
              assertThat(e.lastAttempt().status()).isEmpty();
              assertThat(e.getMessage())
                  .endsWith(
                      "no answer (cannot reach service checkout:8080 in namespace checkout-staging:"
                          + " the API server refused the port-forward)");
              assertThat(e.getCause()).isInstanceOf(IOException.class);
            });
    assertThat(waits).hasSize(2);
  }

  @Test
  void reachesAUrlDirectlyWithTheMethodAndHeadersOfTheCheck() throws Exception {
    // Given
    server.enqueue(new MockResponse().setResponseCode(204));
    var spec =
        check("ping")
            .url(server.url("/ping?tenant=a").toString())
            .method("post")
            .headers(Map.of("Authorization", "Bearer " + SECRET))
            .status(204)
            .build();

    // When
    SmokeResult result = runner.run("ignored", spec);

    // Then
    RecordedRequest request = server.takeRequest();
    assertThat(result.passed()).isTrue();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/ping?tenant=a");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(tunnels).isEmpty();
    assertThat(result.target()).doesNotContain("tenant");
  }

  @Test
  void neverPrintsHeaderValues() {
    // Given a failing check that sends a secret header
    server.enqueue(new MockResponse().setResponseCode(401).setBody("who are you?"));
    server.enqueue(new MockResponse().setResponseCode(401).setBody("who are you?"));
    var spec = check("auth").headers(Map.of("X-Api-Key", SECRET)).retry(2, Duration.ZERO).build();

    // When
    Throwable thrown = catchThrowable(() -> runner.run("checkout-staging", spec));

    // Then
    assertThat(thrown).isInstanceOf(SmokeCheckFailedException.class);
    var failed = (SmokeCheckFailedException) thrown;
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
    assertThat(thrown.toString()).doesNotContain(SECRET);
    assertThat(failed.result().toString()).doesNotContain(SECRET);
    assertThat(spec.toString()).doesNotContain(SECRET).contains("X-Api-Key");
    assertThat(String.join("\n", progress)).doesNotContain(SECRET);
  }

  @Test
  void hidesHeaderValuesThatTheAppEchoesInItsAnswer() {
    // Given an app that echoes the request's Authorization header in a failing answer
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse()
                .setResponseCode(403)
                .setBody("{\"you\":\"" + request.getHeader("Authorization") + "\"}");
          }
        });
    var spec =
        check("auth")
            .headers(Map.of("Authorization", "Bearer " + SECRET))
            .json("you", "admin")
            .build();

    // When
    Throwable thrown = catchThrowable(() -> runner.run("checkout-staging", spec));

    // Then
    assertThat(thrown).isInstanceOf(SmokeCheckFailedException.class);
    var last = ((SmokeCheckFailedException) thrown).lastAttempt();
    assertThat(last.bodyExcerpt()).isEqualTo("{\"you\":\"[redacted]\"}");
    assertThat(last.why()).contains("JSON field you is \"[redacted]\"");
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void echoedHeadersAreMaskedByTheOneRedactionPolicy() {
    // Given an app that echoes a short API key, a tenant id and a plain value back, failing
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse()
                .setResponseCode(500)
                .setBody(
                    "key="
                        + request.getHeader("X-Api-Key")
                        + " tenant="
                        + request.getHeader("X-Scope-OrgID")
                        + " env="
                        + request.getHeader("X-Env")
                        + " took 10s");
          }
        });
    var spec =
        check("echo")
            .headers(Map.of("X-Api-Key", "k9x", "X-Scope-OrgID", "1", "X-Env", "prod"))
            .build();

    // When
    Throwable thrown = catchThrowable(() -> runner.run("checkout-staging", spec));

    // Then a credential-named header is masked however short; short plain values stay readable
    var last = ((SmokeCheckFailedException) thrown).lastAttempt();
    assertThat(last.bodyExcerpt()).isEqualTo("key=[redacted] tenant=1 env=prod took 10s");
  }

  @Test
  void recordsTheCheckForTheReport() throws Exception {
    // Given
    server.enqueue(new MockResponse().setResponseCode(503).setBody("starting"));
    server.enqueue(new MockResponse().setBody("ok"));
    var spec = check("health").retry(2, Duration.ofSeconds(2)).build();

    // When
    var record = runner.run("checkout-staging", spec).toActionRecord();

    // Then
    assertThat(record.action()).isEqualTo("smoke");
    assertThat(record.subject()).isEqualTo("health");
    assertThat(record.outcome()).isEqualTo(ActionRecord.Outcome.OK);
    assertThat(record.message()).isEqualTo("passed on attempt 2");
    assertThat(record.details())
        .containsEntry("attempts", 2)
        .containsEntry("status", 200)
        .containsEntry("target", "service checkout:8080/health");
  }

  @Test
  void givesUpOnARequestAfterTheCheckTimeout() {
    // Given the server never answers
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    var spec = check("health").timeout(Duration.ofMillis(200)).build();

    // When / Then
    assertThatThrownBy(() -> runner.run("checkout-staging", spec))
        .isInstanceOfSatisfying(
            SmokeCheckFailedException.class,
            e -> assertThat(e.lastAttempt().why()).isEqualTo("no answer within 200ms"));
  }

  @Test
  void runnersOfOneProcessShareOneConnectionPool() throws Exception {
    // Given many runners, as a process resuming many rollouts would make, on the default base
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse().setBody("ok");
          }
        });
    var spec = check("health").url(server.url("/health").toString()).build();

    // When each runs a check
    for (int i = 0; i < 30; i++) {
      new SmokeRunner(
              (ns, svc) -> tunnelTo(server.url("/").uri()), clock, waits::add, progress::add)
          .run("checkout-staging", spec);
    }

    // Then every request after the first came over the same connection, not one pool per runner
    for (int i = 0; i < 30; i++) {
      assertThat(server.takeRequest().getSequenceNumber()).isEqualTo(i);
    }
  }

  @Test
  void closingARunnerDropsTheIdleConnectionsItsChecksLeft() throws Exception {
    // Given a runner whose check left a kept-alive connection in the shared pool
    server.enqueue(new MockResponse().setBody("ok"));
    server.enqueue(new MockResponse().setBody("ok"));
    var spec = check("health").url(server.url("/health").toString()).build();
    runner.run("checkout-staging", spec);
    assertThat(SmokeHttpClients.shared().connectionPool().idleConnectionCount()).isPositive();

    // When it is closed
    runner.close();

    // Then the pool holds no connection, and the next check opens a new one
    assertThat(SmokeHttpClients.shared().connectionPool().connectionCount()).isZero();
    runner.run("checkout-staging", spec);
    assertThat(server.takeRequest().getSequenceNumber()).isZero();
    assertThat(server.takeRequest().getSequenceNumber()).isZero();
  }

  @Test
  void stopsWaitingWhenInterrupted() {
    // Given a sleeper that is interrupted while waiting to retry
    server.enqueue(new MockResponse().setResponseCode(503));
    var interrupting =
        new SmokeRunner(
            (ns, svc) -> tunnelTo(server.url("/").uri()),
            clock,
            d -> {
              throw new InterruptedException("stop");
            },
            progress::add);
    var spec = check("health").retry(3, Duration.ofSeconds(1)).build();

    // When / Then
    assertThatThrownBy(() -> interrupting.run("checkout-staging", spec))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
  }

  private static ServiceTunnel.Tunnel tunnelTo(URI base) {
    return new ServiceTunnel.Tunnel() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {}
    };
  }
}
