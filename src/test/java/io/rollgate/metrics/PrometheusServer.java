package io.rollgate.metrics;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real {@code prometheus} binary on a free loopback port, serving data backfilled with {@code
 * promtool tsdb create-blocks-from openmetrics} into a temporary data dir, with an empty scrape
 * config. A missing binary fails the test with a clear message: these tests never skip.
 *
 * <p>Share one server per test class through {@link #extension(Supplier)} on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PrometheusServer.Extension prometheus =
 *     PrometheusServer.extension(() -> new OpenMetricsBuilder().gauge(...).build());
 * ...
 * URI uri = prometheus.server().baseUri();
 * }</pre>
 *
 * Query with an explicit time inside the data's span: Prometheus answers empty past it.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path dir;
  private final URI baseUri;

  private PrometheusServer(Process process, Path dir, URI baseUri) {
    this.process = process;
    this.dir = dir;
    this.baseUri = baseUri;
  }

  /** Backfills {@code openMetrics} (text ending in {@code # EOF}) and starts Prometheus on it. */
  public static PrometheusServer start(String openMetrics) {
    Path dir = createTempDir();
    try {
      Path data = dir.resolve("data.om");
      Files.writeString(data, openMetrics, StandardCharsets.UTF_8);
      return startOn(dir, data);
    } catch (IOException e) {
      deleteRecursively(dir);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** Backfills a fixture file (OpenMetrics text) and starts Prometheus on it. */
  public static PrometheusServer start(Path fixture) {
    try {
      return start(Files.readString(fixture, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + fixture, e);
    }
  }

  /** A JUnit extension starting one server before all tests of a class, stopping it after. */
  public static Extension extension(Supplier<String> openMetrics) {
    return new Extension(openMetrics);
  }

  /** http://127.0.0.1:PORT (no trailing slash). */
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(dir);
  }

  private static PrometheusServer startOn(Path dir, Path data) throws IOException {
    String prometheus = binary("prometheus");
    String promtool = binary("promtool");
    Path tsdb = dir.resolve("tsdb");
    Files.createDirectories(tsdb);
    run(
        dir,
        List.of(
            promtool,
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            data.toString(),
            tsdb.toString()));
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global: {}\nscrape_configs: []\n", StandardCharsets.UTF_8);
    Path log = dir.resolve("prometheus.log");
    String lastFailure = "";
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      URI uri = URI.create("http://127.0.0.1:" + port);
      Process process =
          new ProcessBuilder(
                  prometheus,
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + tsdb,
                  "--storage.tsdb.retention.time=100y",
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, dir, uri);
      if (server.awaitReady()) {
        return server;
      }
      killAndWait(process); // the next attempt reuses the TSDB directory: this one must be gone
      lastFailure = tail(log);
    }
    throw new IllegalStateException(
        "prometheus did not become ready after "
            + START_ATTEMPTS
            + " attempts; its log ends with:\n"
            + lastFailure);
  }

  private static void killAndWait(Process process) {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("prometheus (pid " + process.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping prometheus", e);
    }
  }

  private boolean awaitReady() {
    try {
      await()
          .atMost(READY_TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !process.isAlive() || isReady());
    } catch (ConditionTimeoutException e) {
      return false;
    }
    return process.isAlive();
  }

  private boolean isReady() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) baseUri.resolve("/-/ready").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(500);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(Path dir, List<String> command) throws IOException {
    Path out = dir.resolve(new File(command.get(0)).getName() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + process.exitValue() + ":\n" + tail(out));
    }
  }

  /** The absolute path of a binary on PATH, or a failure that says how to install it. */
  static String binary(String name) {
    return binary(name, Optional.ofNullable(System.getenv("PATH")).orElse(""));
  }

  static String binary(String name, String path) {
    for (String entry : path.split(File.pathSeparator)) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath().toString();
      }
    }
    throw new IllegalStateException(
        "'"
            + name
            + "' not found on PATH: these tests need a real Prometheus (Debian package 'prometheus', which brings"
            + " prometheus and promtool; .ci/run installs it). They fail rather than skip without it.");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("rollgate-prometheus-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    } catch (IOException e) {
      return;
    }
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // best effort: a temp dir left behind is not worth failing a test over
      }
    }
  }

  /** One server per test class: register on a static field with {@code @RegisterExtension}. */
  public static final class Extension implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<String> openMetrics;
    private PrometheusServer server;

    private Extension(Supplier<String> openMetrics) {
      this.openMetrics = openMetrics;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      server = PrometheusServer.start(openMetrics.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (server != null) {
        server.close();
        server = null;
      }
    }

    public PrometheusServer server() {
      if (server == null) {
        throw new IllegalStateException(
            "the Prometheus server starts before all tests: register the extension on a static field");
      }
      return server;
    }

    public URI baseUri() {
      return server().baseUri();
    }
  }
}
