package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.pipeline.SmokeCheckSpec.Expect;
import io.rollgate.pipeline.SmokeCheckSpec.ServiceRef;
import io.rollgate.report.Progress;
import io.rollgate.smoke.ServiceTunnel;
import io.rollgate.smoke.SmokeCheckFailedException;
import io.rollgate.smoke.SmokeResult;
import io.rollgate.smoke.SmokeRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxAppTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private SandboxApp app;

  @BeforeEach
  void start() throws IOException {
    app = SandboxApp.start("1.4.2");
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void answersHealthWithOk() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void reportsItsVersionOnStatus() throws Exception {
    app.version("1.5.0");

    HttpResponse<String> response = get("/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"version\":\"1.5.0\"}");
  }

  @Test
  void answers503OnceMadeUnhealthy() throws Exception {
    app.unhealthy();

    assertThat(get("/health").statusCode()).isEqualTo(503);
    assertThat(get("/status").body()).isEqualTo("{\"status\":\"unhealthy\",\"version\":\"1.4.2\"}");

    app.healthy();
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void answers404ForOtherPaths() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void itsTunnelLetsAServiceFormSmokeCheckReachTheApp() throws Exception {
    // Given
    ServiceTunnel tunnel = app.sandboxTunnel();
    var runner = new SmokeRunner(tunnel, Clock.systemUTC(), d -> {}, Progress.silent());

    // When
    SmokeResult result = runner.run("checkout-staging", statusCheck("1.4.2"));

    // Then
    assertThat(result.passed()).isTrue();
    try (ServiceTunnel.Tunnel open = tunnel.open("any", new ServiceRef("anything", 1))) {
      assertThat(open.baseUri()).isEqualTo(app.baseUri());
    }
  }

  @Test
  void aSmokeCheckFailsAgainstTheUnhealthyApp() {
    app.unhealthy();
    var runner =
        new SmokeRunner(app.sandboxTunnel(), Clock.systemUTC(), d -> {}, Progress.silent());

    Throwable thrown = catchThrowable(() -> runner.run("checkout-staging", statusCheck("1.4.2")));

    assertThat(thrown)
        .isInstanceOf(SmokeCheckFailedException.class)
        .hasMessageContaining("last answer 503")
        .hasMessageContaining("JSON field status is \"unhealthy\", want \"ok\"");
  }

  private static SmokeCheckSpec statusCheck(String version) {
    return new SmokeCheckSpec(
        "status",
        Optional.empty(),
        Optional.of(new ServiceRef("checkout", 8080)),
        "/status",
        "GET",
        Map.of(),
        new Expect(
            200,
            Optional.empty(),
            Optional.of("status"),
            Optional.of("ok"),
            Optional.of(Duration.ofSeconds(5))),
        SmokeCheckSpec.Retry.once(),
        Duration.ofSeconds(5),
        false);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = app.baseUri().resolve(path);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
