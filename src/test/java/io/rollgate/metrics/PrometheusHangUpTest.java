package io.rollgate.metrics;

import static io.rollgate.metrics.PrometheusClientTest.T;
import static io.rollgate.metrics.PrometheusClientTest.VECTOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricQueryException.Kind;
import io.rollgate.analysis.QueryResult;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.retry.Backoff;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus, or a proxy before it, that answers and then hangs up without saying so ({@code
 * Connection: close} missing): the pooled connection it leaves is dead. Taking one is not an
 * attempt: the client evicts it and reconnects, so the named Retry counts only answers that came
 * and failures of a fresh connection.
 */
class PrometheusHangUpTest {
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final List<PrometheusClient> clients = new ArrayList<>();
  private HangingUpServer server;

  @AfterEach
  void stop() throws IOException {
    clients.forEach(PrometheusClient::close);
    server.close();
  }

  @Test
  void everyAttemptAfterA503ThatHungUpReachesTheServer() throws Exception {
    // Given a server that answers 503 three times, then the vector, and hangs up after each answer
    server = new HangingUpServer(List.of(503, 503, 503, 200));

    // When one query is asked with a budget of four attempts
    QueryResult result = client(Backoff.fixed(4, Duration.ofSeconds(1))).query("up", T);

    // Then all four attempts arrived, and the answer came back after three waits
    assertThat(result.series()).hasSize(1);
    assertThat(server.requests()).hasValue(4);
    assertThat(waits).hasSize(3);
  }

  @Test
  void whenThe503sOutlastTheBudgetEveryAttemptArrivedAndTheLastAnswerIsNamed() throws Exception {
    server = new HangingUpServer(List.of(503, 503, 503, 503, 503));

    MetricQueryException e =
        PrometheusClientTest.queryFails(client(Backoff.fixed(4, Duration.ofSeconds(1))), "up");

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("4 attempts").contains("HTTP 503");
    assertThat(server.requests()).hasValue(4);
  }

  @Test
  void goodAnswersFromAServerThatHangsUpNeedNoRetry() throws Exception {
    server = new HangingUpServer(List.of(200, 200, 200));
    PrometheusClient client = client(Backoff.fixed(2, Duration.ofSeconds(1)));

    for (int i = 0; i < 3; i++) {
      assertThat(client.query("up", T).series()).hasSize(1);
    }

    assertThat(server.requests()).hasValue(3);
    assertThat(waits).as("no attempt failed").isEmpty();
  }

  private PrometheusClient client(Backoff backoff) {
    PrometheusSpec spec =
        new PrometheusSpec(
            server.url(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            Duration.ofSeconds(5));
    PrometheusClient client = new PrometheusClient(spec, Map.of(), backoff, waits::add);
    clients.add(client);
    return client;
  }

  /**
   * Answers each request with the next status of its script (a body, a Content-Length, no {@code
   * Connection: close}), then closes the connection, and counts the requests that arrived.
   */
  private static final class HangingUpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Integer> script;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;

    HangingUpServer(List<Integer> script) throws IOException {
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.script = script;
      this.thread = new Thread(this::serve, "hanging-up-server");
      thread.setDaemon(true);
      thread.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    AtomicInteger requests() {
      return requests;
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
          String line = in.readLine();
          if (line == null) {
            continue; // a connection that never asked: not an attempt
          }
          while (line != null && !line.isEmpty()) {
            line = in.readLine();
          }
          int n = requests.getAndIncrement();
          int status = script.get(Math.min(n, script.size() - 1));
          String body = status == 200 ? VECTOR : "{\"status\":\"error\",\"error\":\"down\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          OutputStream out = connection.getOutputStream();
          out.write(
              ("HTTP/1.1 "
                      + status
                      + (status == 200 ? " OK" : " Service Unavailable")
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + bytes.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
          out.flush();
        } catch (IOException e) {
          // closed: stop serving
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
