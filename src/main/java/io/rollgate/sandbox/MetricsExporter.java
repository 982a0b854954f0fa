package io.rollgate.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Serves the sandbox's series on {@code GET /metrics} of a free loopback port, in the text
 * exposition format, computed from the pod history at the moment of each scrape.
 */
final class MetricsExporter implements AutoCloseable {
  private final HttpServer server;
  private final PodHistory history;
  private final Clock clock;

  private MetricsExporter(HttpServer server, PodHistory history, Clock clock) {
    this.server = server;
    this.history = history;
    this.clock = clock;
  }

  static MetricsExporter start(PodHistory history, Clock clock) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    MetricsExporter exporter = new MetricsExporter(server, history, clock);
    server.createContext("/", exporter::handle);
    server.start();
    return exporter;
  }

  /** {@code http://127.0.0.1:PORT/metrics}. */
  URI metricsUri() {
    return URI.create("http://" + hostAndPort() + "/metrics");
  }

  /** {@code 127.0.0.1:PORT}, as a scrape target. */
  String hostAndPort() {
    InetSocketAddress address = server.getAddress();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      boolean get =
          "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
      if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics\n");
      } else if (!get) {
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
      } else {
        send(
            exchange,
            200,
            Exposition.CONTENT_TYPE,
            Exposition.render(history.lives(), clock.instant()));
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
