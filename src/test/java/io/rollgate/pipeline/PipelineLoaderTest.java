package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.MetricSpec.NoDataPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The valid fixture pipelines load into the expected records. */
class PipelineLoaderTest {
  private static final Path FIXTURES = Path.of("test-fixtures/pipelines");
  private final PipelineLoader loader = new PipelineLoader(Map.of());

  @Test
  void aSetValueNeverShowsInThePipelinesText() {
    // Given a secret passed with --set, as CI jobs do to fill Secret manifests
    LoadedPipeline loaded =
        loader.load(
            FIXTURES.resolve("valid-minimal.yaml"),
            Map.of("IMAGE", "hunter2-s3cr3t"),
            Optional.empty());

    // Then the spec and the loaded pipeline name the variable but never print its value
    assertThat(loaded.spec().vars()).containsEntry("IMAGE", "hunter2-s3cr3t");
    assertThat(loaded.spec().toString()).contains("IMAGE").doesNotContain("hunter2-s3cr3t");
    assertThat(loaded.toString()).doesNotContain("hunter2-s3cr3t");
  }

  @Test
  void minimalPipelineTakesEveryDefault() {
    // When
    LoadedPipeline loaded =
        loader.load(FIXTURES.resolve("valid-minimal.yaml"), Map.of(), Optional.empty());

    // Then
    PipelineSpec spec = loaded.spec();
    assertThat(spec.name()).isEqualTo("minimal");
    assertThat(spec.stateObjectName()).isEqualTo("rollgate-minimal");
    assertThat(spec.production()).isEmpty();
    StagingSpec staging = spec.staging().orElseThrow();
    assertThat(staging.context()).isEmpty();
    assertThat(staging.namespace()).isEqualTo("minimal-staging");
    assertThat(staging.manifests()).containsExactly(Path.of("test-fixtures/manifests/checkout"));
    assertThat(staging.allowOtherNamespaces()).isFalse();
    assertThat(staging.rollout()).isEqualTo(new RolloutSpec(Duration.ofMinutes(5)));
    assertThat(staging.smoke())
        .containsExactly(
            new SmokeCheckSpec(
                "root",
                Optional.of("https://staging.example.com"),
                Optional.empty(),
                "/",
                "GET",
                Map.of(),
                new SmokeCheckSpec.Expect(
                    200, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                SmokeCheckSpec.Retry.once(),
                Duration.ofSeconds(10),
                false));
  }

  @Test
  void fullPipelineLoadsEveryPartOfTheSchema() {
    // When
    LoadedPipeline loaded =
        loader.load(FIXTURES.resolve("valid-full.yaml"), Map.of(), Optional.empty());

    // Then: staging
    PipelineSpec spec = loaded.spec();
    assertThat(spec.vars())
        .containsOnly(Map.entry("IMAGE", "ghcr.io/acme/checkout:2.0.0"), Map.entry("WINDOW", "2m"));
    StagingSpec staging = spec.staging().orElseThrow();
    assertThat(staging.context()).contains("kind-staging");
    assertThat(staging.manifests())
        .containsExactly(
            Path.of("test-fixtures/manifests/checkout/deployment.yaml"),
            Path.of("test-fixtures/manifests/checkout/service.yaml"),
            Path.of("test-fixtures/manifests/checkout/configmap.yaml"));
    assertThat(staging.rollout().timeout()).isEqualTo(Duration.ofMinutes(90));
    SmokeCheckSpec smoke = staging.smoke().get(0);
    assertThat(smoke.service()).contains(new SmokeCheckSpec.ServiceRef("checkout", 8080));
    assertThat(smoke.url()).isEmpty();
    assertThat(smoke.path()).isEqualTo("/health");
    assertThat(smoke.method()).isEqualTo("POST");
    assertThat(smoke.headers()).containsOnly(Map.entry("X-Probe", "rollgate"));
    assertThat(smoke.expect())
        .isEqualTo(
            new SmokeCheckSpec.Expect(
                204,
                Optional.of("ok"),
                Optional.of("checks.db"),
                Optional.of("up"),
                Optional.of(Duration.ofMillis(500))));
    assertThat(smoke.retry()).isEqualTo(new SmokeCheckSpec.Retry(5, Duration.ofSeconds(2)));
    assertThat(smoke.timeout()).isEqualTo(Duration.ofSeconds(3));

    // Then: production
    ProductionSpec production = spec.production().orElseThrow();
    assertThat(production.context()).contains("kind-prod");
    assertThat(production.namespace()).isEqualTo("full");
    assertThat(production.allowOtherNamespaces()).isTrue();
    assertThat(production.rollout().timeout()).isEqualTo(Duration.ofMinutes(10));
    CanarySpec canary = production.canary();
    assertThat(canary.target()).isEqualTo(new CanarySpec.TargetRef("Deployment", "checkout"));
    assertThat(canary.traffic())
        .isEqualTo(
            new TrafficSpec.Istio(
                "checkout",
                Optional.of("primary"),
                Optional.of("stable"),
                Optional.empty(),
                Optional.of("canary"),
                Optional.empty()));
    assertThat(canary.steps())
        .containsExactly(
            new StepSpec.SetWeight(0),
            new StepSpec.Analysis(Duration.ofMinutes(5)),
            new StepSpec.SetWeight(25),
            new StepSpec.Pause(Optional.empty()),
            new StepSpec.Pause(Optional.of(Duration.ofSeconds(90))),
            new StepSpec.SetWeight(100));
    AnalysisSpec analysis = canary.analysis();
    assertThat(analysis.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(analysis.failureLimit()).isEqualTo(2);
    assertThat(analysis.inconclusiveLimit()).isEqualTo(3);
    assertThat(analysis.consecutiveErrorLimit()).isEqualTo(5);
    PrometheusSpec prometheus = analysis.prometheus();
    assertThat(prometheus.address()).isEqualTo("https://prometheus.example.com");
    assertThat(prometheus.bearerTokenEnv()).isEmpty();
    assertThat(prometheus.basicAuth())
        .contains(new PrometheusSpec.BasicAuth("rollgate", "PROM_PASSWORD"));
    assertThat(prometheus.headers()).containsOnly(Map.entry("X-Scope-OrgID", "acme"));
    assertThat(prometheus.caFile()).contains(Path.of("test-fixtures/pipelines/ca.pem"));
    assertThat(prometheus.insecureSkipVerify()).isTrue();
    assertThat(prometheus.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(analysis.metrics())
        .extracting(MetricSpec::name, MetricSpec::min, MetricSpec::max, MetricSpec::noData)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "error-rate", OptionalDouble.empty(), OptionalDouble.of(0.01), NoDataPolicy.FAIL),
            org.assertj.core.groups.Tuple.tuple(
                "throughput", OptionalDouble.of(1), OptionalDouble.empty(), NoDataPolicy.PASS),
            org.assertj.core.groups.Tuple.tuple(
                "errors-vs-stable",
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                NoDataPolicy.INCONCLUSIVE));
    MetricSpec errorRate = analysis.metrics().get(0);
    assertThat(errorRate.query()).contains("{{namespace}}", "{{WINDOW}}");
    assertThat(errorRate.minSamples())
        .contains(
            new MetricSpec.MinSamples(
                "sum(increase(http_requests_total{rollgate_track=\"{{track}}\"}[{{WINDOW}}]))",
                50));
    assertThat(analysis.metrics().get(2).compare())
        .contains(new MetricSpec.Compare("stable", OptionalDouble.of(1.5), OptionalDouble.empty()));
  }

  @Test
  void manifestPathsAreRelativeToThePipelineFileAndReadInFolderOrder() {
    // When
    LoadedPipeline loaded =
        loader.load(Path.of("pipelines/checkout.yaml"), Map.of(), Optional.empty());

    // Then: the folder's files in name order, each object in the stage namespace
    assertThat(loaded.productionManifests())
        .extracting(Manifest::id)
        .containsExactly(
            "ConfigMap/checkout/checkout-config",
            "Deployment/checkout/checkout",
            "Service/checkout/checkout");
    assertThat(loaded.stagingManifests())
        .extracting(m -> m.source().toString())
        .containsExactly(
            "test-fixtures/manifests/checkout/configmap.yaml:1:1",
            "test-fixtures/manifests/checkout/deployment.yaml:1:1",
            "test-fixtures/manifests/checkout/service.yaml:1:1");
  }

  @Test
  void manifestsGetTheVariablesAndTheStageNamespaceInTheirBody() {
    // When
    LoadedPipeline loaded =
        loader.load(Path.of("pipelines/checkout.yaml"), Map.of(), Optional.empty());

    // Then
    Manifest deployment = loaded.stagingManifests().get(1);
    assertThat(deployment.apiVersion()).isEqualTo("apps/v1");
    assertThat(deployment.namespace()).contains("checkout-staging");
    assertThat(deployment.body())
        .extracting("metadata")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("namespace", "checkout-staging");
    assertThat(deployment.body().toString())
        .contains("image=ghcr.io/acme/checkout:1.4.2")
        .contains("replicas=4");
  }

  @Test
  void namespaceOverrideReplacesBothStagesNamespace() {
    // When
    LoadedPipeline loaded =
        loader.load(Path.of("pipelines/checkout.yaml"), Map.of(), Optional.of("pr-7"));

    // Then
    assertThat(loaded.spec().staging().orElseThrow().namespace()).isEqualTo("pr-7");
    assertThat(loaded.spec().production().orElseThrow().namespace()).isEqualTo("pr-7");
    assertThat(loaded.productionManifests())
        .allSatisfy(m -> assertThat(m.namespace()).contains("pr-7"));
  }

  @Test
  void problemsCarryTheirPositionAsFields() {
    // When
    InvalidPipelineException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidPipelineException.class,
            () -> loader.load(FIXTURES.resolve("bad-duration.yaml"), Map.of(), Optional.empty()));

    // Then
    assertThat(e.problems())
        .extracting(Problem::location)
        .containsExactly(new SourceLocation(FIXTURES.resolve("bad-duration.yaml"), 10, 24));
  }
}
