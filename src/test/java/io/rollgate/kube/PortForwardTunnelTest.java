package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.pipeline.SmokeCheckSpec.ServiceRef;
import io.rollgate.report.Progress;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.smoke.ServiceTunnel;
import io.rollgate.smoke.SmokeResult;
import io.rollgate.smoke.SmokeRunner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortForwardTunnelTest {
  private static final String NS = "checkout-staging";

  private final List<String> portForwards = new CopyOnWriteArrayList<>();
  private SandboxApp app;
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startClusterAndApp() throws IOException {
    app = SandboxApp.start("1.4.2");
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    Dispatcher crud = new KubernetesMixedDispatcher(expectations);
    int appPort = app.baseUri().getPort();
    Dispatcher dispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getPath().contains("/portforward")) {
              portForwards.add(request.getPath());
              return new MockResponse().withWebSocketUpgrade(new PodRelay(appPort));
            }
            return crud.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, dispatcher, false);
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
    app.close();
  }

  @Test
  void carriesAnHttpRequestThroughTheTunnelToAReadyPod() throws Exception {
    // Given
    givenService("checkout", 8080, new IntOrString(8080));
    givenPod("checkout-a", true, false);
    var tunnel = new PortForwardTunnel(client);

    // When
    String body;
    int status;
    try (ServiceTunnel.Tunnel open = tunnel.open(NS, new ServiceRef("checkout", 8080));
        Response response =
            new OkHttpClient()
                .newCall(
                    new Request.Builder().url(open.baseUri().resolve("/status").toString()).build())
                .execute()) {
      status = response.code();
      body = response.body().string();
      assertThat(open.baseUri().getHost()).isEqualTo("127.0.0.1");
    }

    // Then
    assertThat(status).isEqualTo(200);
    assertThat(body).isEqualTo("{\"status\":\"ok\",\"version\":\"1.4.2\"}");
    assertThat(portForwards)
        .containsExactly("/api/v1/namespaces/" + NS + "/pods/checkout-a/portforward?ports=8080");
  }

  @Test
  void aSmokeCheckPassesThroughThePortForward() throws Exception {
    // Given
    givenService("checkout", 80, new IntOrString("http"));
    givenPod("checkout-a", true, false);
    var runner =
        new SmokeRunner(
            new PortForwardTunnel(client), Clock.systemUTC(), d -> {}, Progress.silent());
    var check =
        new SmokeCheckSpec(
            "health",
            Optional.empty(),
            Optional.of(new ServiceRef("checkout", 80)),
            "/health",
            "GET",
            Map.of(),
            new SmokeCheckSpec.Expect(
                200, Optional.of("ok"), Optional.empty(), Optional.empty(), Optional.empty()),
            SmokeCheckSpec.Retry.once(),
            Duration.ofSeconds(10),
            false);

    // When
    SmokeResult result = runner.run(NS, check);

    // Then
    assertThat(result.passed()).isTrue();
    assertThat(result.last().bodyExcerpt()).isEqualTo("ok");
    assertThat(portForwards)
        .containsExactly("/api/v1/namespaces/" + NS + "/pods/checkout-a/portforward?ports=8080");
  }

  @Test
  void aRetriedSmokeCheckReachesAPodThatBecameReadyWhileItWaited() throws Exception {
    // Given no pod is ready at first, and one becomes ready while the runner waits to retry
    givenService("checkout", 8080, new IntOrString(8080));
    givenPod("checkout-a", false, false);
    List<String> lines = new CopyOnWriteArrayList<>();
    var runner =
        new SmokeRunner(
            new PortForwardTunnel(client),
            Clock.systemUTC(),
            wait -> givenPod("checkout-b", true, false),
            lines::add);
    var check =
        new SmokeCheckSpec(
            "health",
            Optional.empty(),
            Optional.of(new ServiceRef("checkout", 8080)),
            "/health",
            "GET",
            Map.of(),
            new SmokeCheckSpec.Expect(
                200, Optional.of("ok"), Optional.empty(), Optional.empty(), Optional.empty()),
            new SmokeCheckSpec.Retry(2, Duration.ofSeconds(2)),
            Duration.ofSeconds(10),
            false);

    // When
    SmokeResult result = runner.run(NS, check);

    // Then
    assertThat(result.passed()).isTrue();
    assertThat(lines.get(0))
        .isEqualTo(
            "smoke health: attempt 1/2 no answer: service checkout:8080 in namespace"
                + " checkout-staging has no ready pod (1 matched its selector, none ready)");
    assertThat(portForwards)
        .containsExactly("/api/v1/namespaces/" + NS + "/pods/checkout-b/portforward?ports=8080");
  }

  @Test
  void resolvesANamedTargetPortThroughThePodsContainerPorts() throws Exception {
    // Given a service port 80 whose targetPort is the container port named "http" (8080)
    givenService("checkout", 80, new IntOrString("http"));
    givenPod("checkout-a", true, false);

    // When
    var target = new PortForwardTunnel(client).resolve(NS, new ServiceRef("checkout", 80));

    // Then
    assertThat(target).isEqualTo(new ServicePodResolver.ForwardTarget("checkout-a", 8080));
  }

  @Test
  void skipsPodsThatAreNotReady() throws Exception {
    givenService("checkout", 8080, new IntOrString(8080));
    givenPod("checkout-a", false, false);
    givenPod("checkout-b", true, false);

    var target = new PortForwardTunnel(client).resolve(NS, new ServiceRef("checkout", 8080));

    assertThat(target.pod()).isEqualTo("checkout-b");
  }

  @Test
  void failsNamingTheServiceAndNamespaceWhenNoPodIsReady() {
    givenService("checkout", 8080, new IntOrString(8080));
    givenPod("checkout-a", false, false);

    assertThatThrownBy(
            () -> new PortForwardTunnel(client).open(NS, new ServiceRef("checkout", 8080)))
        .isInstanceOfSatisfying(
            ServiceTargetException.class,
            e -> {
              assertThat(e.service()).isEqualTo("checkout");
              assertThat(e.namespace()).isEqualTo(NS);
            })
        .hasMessage(
            "service checkout:8080 in namespace checkout-staging has no ready pod (1 matched its"
                + " selector, none ready)");
    assertThat(portForwards).isEmpty();
  }

  @Test
  void failsWhenTheServiceDoesNotExist() {
    assertThatThrownBy(
            () -> new PortForwardTunnel(client).open(NS, new ServiceRef("payments", 8080)))
        .isInstanceOf(ServiceTargetException.class)
        .hasMessage("service payments:8080 in namespace checkout-staging not found");
  }

  @Test
  void failsWhenTheServiceHasNoSuchPort() {
    givenService("checkout", 8080, new IntOrString(8080));

    assertThatThrownBy(
            () -> new PortForwardTunnel(client).open(NS, new ServiceRef("checkout", 9090)))
        .isInstanceOf(ServiceTargetException.class)
        .hasMessage(
            "service checkout:9090 in namespace checkout-staging has no port 9090 (ports: 8080)");
  }

  @Test
  void failsNamingTheServiceWhenTheClusterApiIsDown() {
    // Given a client that does not retry (fabric8's default retries take about 19 s here)
    try (KubernetesClient noRetries =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      var tunnel = new PortForwardTunnel(noRetries);
      server.destroy();

      // When / Then
      assertThatThrownBy(() -> tunnel.open(NS, new ServiceRef("checkout", 8080)))
          .isInstanceOf(ServiceTargetException.class)
          .hasMessage(
              "service checkout:8080 in namespace checkout-staging could not be looked up (cluster"
                  + " API unreachable)")
          .hasCauseInstanceOf(KubernetesClientException.class);
    }
  }

  @Test
  void closingTheTunnelReleasesTheLocalPort() throws Exception {
    // Given
    givenService("checkout", 8080, new IntOrString(8080));
    givenPod("checkout-a", true, false);
    ServiceTunnel.Tunnel open =
        new PortForwardTunnel(client).open(NS, new ServiceRef("checkout", 8080));
    int localPort = open.baseUri().getPort();

    // When
    open.close();

    // Then (the listener thread lets go of the port asynchronously: about 1 close in 40 still
    // accepted one connection right after close on this machine)
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () -> new Socket(InetAddress.getLoopbackAddress(), localPort).close())
                    .isInstanceOf(ConnectException.class));
  }

  private void givenService(String name, int port, IntOrString targetPort) {
    client
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", name))
                .addNewPort()
                .withName("web")
                .withPort(port)
                .withTargetPort(targetPort)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  private void givenPod(String name, boolean ready, boolean terminating) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .addToLabels("app", "checkout")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("checkout:1.4.2")
            .addNewPort()
            .withName("http")
            .withContainerPort(8080)
            .endPort()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .endStatus()
            .build();
    client.pods().inNamespace(NS).resource(pod).create();
    client.pods().inNamespace(NS).resource(pod).updateStatus();
  }
}
