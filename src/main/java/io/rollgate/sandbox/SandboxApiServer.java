package io.rollgate.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.rollgate.kube.KubeClients;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server in-process, for {@code rollgate demo} and for tests: fabric8's mock
 * server in CRUD mode over plain HTTP on a random loopback port, taught server-side apply, {@code
 * dryRun=All}, apply conflicts between field managers, and watches that close without freezing it.
 * It records every request and can be told to fail the next few.
 */
public final class SandboxApiServer implements AutoCloseable {
  // the mock logs every request at INFO through java.util.logging; held here so the level sticks
  private static final Logger MOCK_SERVER_LOG =
      quiet(Logger.getLogger(MockWebServer.class.getName()));

  private final KubernetesMockServer server;
  private final SandboxDispatcher dispatcher;
  private final ExecutorService closer;
  private final KubernetesClient client;

  private SandboxApiServer(
      KubernetesMockServer server, SandboxDispatcher dispatcher, ExecutorService closer) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.closer = closer;
    this.client = KubeClients.forConfig(config());
  }

  @SuppressWarnings("deprecation") // the mapper fabric8's own mock server and CRUD store use
  public static SandboxApiServer start() {
    ExecutorService closer =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sandbox-watch-close");
              t.setDaemon(true);
              return t;
            });
    Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(expectations, new ApplyingCrudDispatcher(closer));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            expectations,
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new SandboxApiServer(server, dispatcher, closer);
  }

  /** A client pointed at this server (OkHttp, no retries of its own, namespace {@code default}). */
  public KubernetesClient client() {
    return client;
  }

  /**
   * The configuration {@link #client()} was built from, for callers that build their own client.
   */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace("default")
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .build();
  }

  public String url() {
    return server.url("/");
  }

  /** {@code "METHOD /path?query"} of every request received, in order. */
  public List<String> requestLog() {
    return dispatcher.requests().stream().map(SandboxRequest::line).toList();
  }

  /** Every request received, in order, with its content type. */
  public List<SandboxRequest> requests() {
    return dispatcher.requests();
  }

  /** POST, PUT, PATCH and DELETE requests received, dry runs and injected failures included. */
  public long writeRequestCount() {
    return dispatcher.writeRequestCount();
  }

  /** Writes that were not dry runs: what could have changed the stored state. */
  public long realWriteRequestCount() {
    return dispatcher.requests().stream()
        .filter(r -> !r.method().equals("GET") && !r.path().contains("dryRun=All"))
        .count();
  }

  /**
   * Fails the next {@code times} requests whose method is {@code method} and whose path (with
   * query) starts with {@code pathPrefix}, answering {@code status} with a Status body.
   */
  public void failNext(String method, String pathPrefix, int status, int times) {
    dispatcher.faults().failNext(method, pathPrefix, status, times);
  }

  /**
   * As {@link #failNext}, for requests that would store something: dry runs ({@code dryRun=All})
   * pass, so a test can let a run's preflight through and fail its writes.
   */
  public void failNextStoring(String method, String pathPrefix, int status, int times) {
    dispatcher.faults().failNextStoring(method, pathPrefix, status, times);
  }

  /** Field managers of the object at {@code objectPath} and the fields each owns. */
  public Map<String, Set<String>> fieldManagers(String objectPath) {
    return dispatcher.store().owners(objectPath);
  }

  /** For expectations beside the CRUD store (they are answered first while they last). */
  public KubernetesMockServer mockServer() {
    return server;
  }

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
    closer.shutdown();
  }
}
