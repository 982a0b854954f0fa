package io.rollgate.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.kube.ApplyOptions;
import io.rollgate.kube.ManifestApplier;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.kube.ServerPreflight;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.RolloutSpec;
import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.pipeline.SmokeCheckSpec.Expect;
import io.rollgate.pipeline.SourceLocation;
import io.rollgate.pipeline.StagingSpec;
import io.rollgate.report.ActionRecord;
import io.rollgate.report.RunReport;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.smoke.SmokeRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StagingStageTest {
  private static final String NS = "shop";

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
  private final SandboxApiServer cluster = SandboxApiServer.start();
  private final MockWebServer app = new MockWebServer();
  private final RunReport report = new RunReport("run", "pipeline.yaml", clock);
  private StagingStage stage;
  private RolloutWaiter waiter;
  private SmokeRunner smoke;

  @BeforeEach
  void start() throws IOException {
    app.start();
    ManifestApplier applier =
        new ManifestApplier(cluster.client(), ApplyOptions.defaults(), d -> {}, line -> {});
    waiter = new RolloutWaiter(cluster.client(), clock, Duration.ofSeconds(30), line -> {});
    smoke =
        new SmokeRunner(
            (namespace, service) -> {
              throw new IOException("no service checks in this test");
            },
            clock,
            d -> {},
            line -> {});
    ServerPreflight preflight =
        new ServerPreflight(cluster.client(), ApplyOptions.defaults(), d -> {}, line -> {});
    stage = new StagingStage(preflight, applier, waiter, smoke, report, line -> {}, clock);
  }

  @AfterEach
  void stop() throws IOException {
    waiter.close();
    smoke.close();
    app.shutdown();
    cluster.close();
  }

  @Test
  void recordsAPassedSmokeCheckWithItsTargetStatusAndBody() throws Exception {
    // Given an app that answers the check
    app.enqueue(new MockResponse().setBody("ok"));

    // When the stage runs
    stage.run(spec(), List.of(configMap()), false);

    // Then the report holds the check with what it saw
    ActionRecord smoke = smokeRecord();
    assertThat(smoke.outcome()).isEqualTo(ActionRecord.Outcome.OK);
    assertThat(smoke.details())
        .containsEntry("target", app.url("/health").toString())
        .containsEntry("status", 200)
        .containsEntry("body", "ok")
        .containsEntry("attempts", 1);
  }

  @Test
  void recordsAFailedSmokeCheckWithTheLastAnswer() {
    // Given an app that answers 503
    app.enqueue(new MockResponse().setResponseCode(503).setBody("down for maintenance"));

    // When / Then the stage fails
    assertThatThrownBy(() -> stage.run(spec(), List.of(configMap()), false))
        .isInstanceOf(StagingFailedException.class);

    // and the report holds the check with the answer that failed it
    ActionRecord smoke = smokeRecord();
    assertThat(smoke.outcome()).isEqualTo(ActionRecord.Outcome.FAILED);
    assertThat(smoke.details())
        .containsEntry("target", app.url("/health").toString())
        .containsEntry("status", 503)
        .containsEntry("body", "down for maintenance");
    assertThat(smoke.message()).contains("503");
  }

  private ActionRecord smokeRecord() {
    return report.actions().stream()
        .filter(a -> a.action().equals("smoke"))
        .findFirst()
        .orElseThrow();
  }

  private StagingSpec spec() {
    SmokeCheckSpec check =
        new SmokeCheckSpec(
            "health",
            Optional.of(app.url("/health").toString()),
            Optional.empty(),
            "/health",
            "GET",
            Map.of(),
            new Expect(200, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            SmokeCheckSpec.Retry.once(),
            Duration.ofSeconds(5),
            false);
    return new StagingSpec(
        Optional.empty(), NS, List.of(), false, RolloutSpec.defaults(), List.of(check));
  }

  private static Manifest configMap() {
    Map<String, Object> body =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of("name", "settings", "namespace", NS),
            "data",
            Map.of("value", "a"));
    return new Manifest(
        new SourceLocation(Path.of("manifests/settings.yaml"), 1, 1),
        "v1",
        "ConfigMap",
        "settings",
        Optional.of(NS),
        body);
  }
}
