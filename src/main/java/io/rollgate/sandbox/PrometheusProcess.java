package io.rollgate.sandbox;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.Reading;
import io.rollgate.analysis.Readings;
import io.rollgate.time.Sleeper;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus for the sandbox: the {@code prometheus} binary run as a child process on a free
 * loopback port, scraping one target every second, its TSDB in a temporary directory. {@link
 * #start} returns once {@code /-/ready} answers 200, {@link #awaitFirstScrape} once a scrape shows
 * in queries; {@link #close} stops the process (SIGTERM, SIGKILL after 10 s) and deletes the
 * directory, as does a JVM shutdown hook when the demo is interrupted first.
 */
final class PrometheusProcess implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int READY_POLLS = 1500; // 30 s and more, 20 ms apart
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration SCRAPE_POLL = Duration.ofMillis(50);
  private static final int SCRAPE_POLLS = 600; // 30 s and more, 50 ms apart
  static final String JOB = "rollgate-sandbox";
  private static final Pattern VERSION = Pattern.compile("version ([0-9][0-9A-Za-z.\\-]*)");

  private final Path binary;
  private final Process process;
  private final Path dir;
  private final URI baseUri;
  private final String version;
  private final Thread shutdownHook;

  private PrometheusProcess(Path binary, Process process, Path dir, URI baseUri, String version) {
    this.binary = binary;
    this.process = process;
    this.dir = dir;
    this.baseUri = baseUri;
    this.version = version;
    this.shutdownHook = new Thread(this::stop, "sandbox-prometheus-stop");
  }

  /** The {@code prometheus} executable on {@code path} (a PATH value), if there is one. */
  static Optional<Path> findBinary(String path) {
    for (String entry : path.split(File.pathSeparator)) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, "prometheus");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** Starts {@code binary} scraping {@code target} ({@code host:port}) every second. */
  static PrometheusProcess start(Path binary, String target, Sleeper sleeper)
      throws PrometheusStartException, InterruptedException {
    Path dir;
    try {
      dir = Files.createTempDirectory("rollgate-sandbox-prometheus-");
    } catch (IOException e) {
      throw new PrometheusStartException(
          binary.toString(), "cannot create a temporary directory: " + e.getMessage(), "", e);
    }
    try {
      return startIn(dir, binary, target, sleeper);
    } catch (PrometheusStartException | InterruptedException | RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  private static PrometheusProcess startIn(Path dir, Path binary, String target, Sleeper sleeper)
      throws PrometheusStartException, InterruptedException {
    Path config = dir.resolve("prometheus.yml");
    Path tsdb = dir.resolve("data");
    Path log = dir.resolve("prometheus.log");
    String version;
    try {
      Files.writeString(config, config(target), StandardCharsets.UTF_8);
      Files.createDirectories(tsdb);
      version = version(binary, dir);
    } catch (IOException e) {
      throw new PrometheusStartException(binary.toString(), e.getMessage(), "", e);
    }
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      URI uri = URI.create("http://127.0.0.1:" + port);
      Process process;
      try {
        process =
            new ProcessBuilder(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + tsdb,
                    "--storage.tsdb.retention.time=1d",
                    "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new PrometheusStartException(binary.toString(), e.getMessage(), "", e);
      }
      PrometheusProcess prometheus = new PrometheusProcess(binary, process, dir, uri, version);
      if (prometheus.awaitReady(sleeper)) {
        Runtime.getRuntime().addShutdownHook(prometheus.shutdownHook);
        return prometheus;
      }
      killAndWait(process); // the next attempt reuses the data directory: this one must be gone
    }
    throw new PrometheusStartException(
        binary.toString(),
        binary + " did not become ready after " + START_ATTEMPTS + " attempts",
        tail(log),
        null);
  }

  static String config(String target) {
    return String.join(
        "\n",
        "# written by rollgate demo: scrape the sandbox's pods every second",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: " + JOB,
        "    static_configs:",
        "      - targets: ['" + target + "']",
        "");
  }

  /**
   * Waits until {@code source} (this Prometheus) answers for a first scrape of the target.
   * Prometheus hands a new target to its scrape loop on a 5 s tick, so that comes about 5.5 s after
   * it is ready (5.3 to 5.9 s measured with 2.42); from then on a new pod's series show up within
   * two scrapes.
   *
   * @throws PrometheusStartException no scrape within 30 s
   */
  void awaitFirstScrape(MetricSource source, Clock clock, Sleeper sleeper)
      throws PrometheusStartException, InterruptedException {
    String up = "up{job=\"" + JOB + "\"}";
    for (int poll = 0; poll < SCRAPE_POLLS && process.isAlive(); poll++) {
      try {
        if (Readings.of(source.query(up, clock.instant())) instanceof Reading.Value v
            && v.value() == 1) {
          return;
        }
      } catch (MetricQueryException e) {
        // not answering yet: ask again
      }
      sleeper.sleep(SCRAPE_POLL);
    }
    throw new PrometheusStartException(
        binary.toString(),
        binary + " did not scrape the sandbox's exporter within 30 s",
        tail(dir.resolve("prometheus.log")),
        null);
  }

  /** http://127.0.0.1:PORT, no trailing slash. */
  URI baseUri() {
    return baseUri;
  }

  /** The temporary directory holding its config, log and TSDB; deleted on close. */
  Path directory() {
    return dir;
  }

  /** The version the binary reports, e.g. 2.42.0. */
  String version() {
    return version;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) stop() itself
    }
    stop();
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(dir);
  }

  private boolean awaitReady(Sleeper sleeper) throws InterruptedException {
    for (int poll = 0; poll < READY_POLLS && process.isAlive(); poll++) {
      if (isReady()) {
        return true;
      }
      sleeper.sleep(POLL);
    }
    return false;
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

  private static String version(Path binary, Path dir) throws IOException {
    Path out = dir.resolve("version.txt");
    Process process =
        new ProcessBuilder(binary.toString(), "--version")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "(version unknown)";
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return "(version unknown)";
    }
    Matcher m = VERSION.matcher(Files.readString(out, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : "(version unknown)";
  }

  private static void killAndWait(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "";
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
        // best effort: a temporary directory left behind is not worth failing the demo over
      }
    }
  }
}
