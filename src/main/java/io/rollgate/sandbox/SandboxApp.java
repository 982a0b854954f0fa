package io.rollgate.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rollgate.smoke.ServiceTunnel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app behind every Service of the {@code rollgate demo} sandbox: a loopback HTTP server that
 * answers like the checkout sample. {@code GET /health} gives 200 {@code ok} (503 {@code unhealthy}
 * once {@link #unhealthy()} is called); {@code GET /status} gives {@code
 * {"status":"ok","version":"<version>"}} (503 with status {@code unhealthy}). The sandbox has no
 * kubelet, so {@link #sandboxTunnel()} "forwards" any Service to this app.
 */
public final class SandboxApp implements AutoCloseable {
  private final HttpServer server;
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final AtomicReference<String> version;

  private SandboxApp(HttpServer server, String version) {
    this.server = server;
    this.version = new AtomicReference<>(version);
  }

  /** Starts the app on a free loopback port. */
  public static SandboxApp start(String version) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SandboxApp app = new SandboxApp(server, version);
    server.createContext("/", app::handle);
    server.start();
    return app;
  }

  public URI baseUri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  /** From now on /health and /status answer 503, for failure demos. */
  public void unhealthy() {
    healthy.set(false);
  }

  public void healthy() {
    healthy.set(true);
  }

  public boolean isHealthy() {
    return healthy.get();
  }

  /** The version /status reports, e.g. after the demo rolled a new one out. */
  public void version(String newVersion) {
    version.set(newVersion);
  }

  /** A tunnel that reaches this app for any Service in any namespace of the sandbox. */
  public ServiceTunnel sandboxTunnel() {
    URI base = baseUri();
    return (namespace, service) -> new SandboxTunnel(base);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "method not allowed");
      } else if ("/health".equals(path)) {
        send(exchange, healthy.get() ? 200 : 503, "text/plain", healthy.get() ? "ok" : "unhealthy");
      } else if ("/status".equals(path)) {
        String status = healthy.get() ? "ok" : "unhealthy";
        String json =
            "{\"status\":\"" + status + "\",\"version\":\"" + jsonEscape(version.get()) + "\"}";
        send(exchange, healthy.get() ? 200 : 503, "application/json", json);
      } else {
        send(exchange, 404, "text/plain", "not found");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String jsonEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private record SandboxTunnel(URI baseUri) implements ServiceTunnel.Tunnel {
    @Override
    public void close() {}
  }
}
