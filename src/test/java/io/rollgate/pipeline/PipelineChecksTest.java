package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One check each: a canary section with one thing wrong gives exactly that problem. */
class PipelineChecksTest {
  private static final Path CHECKOUT = Path.of("test-fixtures/manifests/checkout").toAbsolutePath();

  @TempDir Path dir;

  /**
   * A valid production pipeline; {@code canary} replaces the canary's traffic and steps (lines
   * 10+).
   */
  private Path pipeline(String canary, String metrics) throws IOException {
    String text =
        """
        apiVersion: rollgate.io/v1alpha1
        kind: Pipeline
        metadata: {name: checks}
        spec:
          vars: {IMAGE: checkout:1}
          production:
            namespace: checkout
            manifests: [%s]
            canary:
              target: {kind: Deployment, name: checkout}
        %s
              analysis:
                prometheus: {address: http://prometheus:9090}
                metrics:
        %s"""
            .formatted(CHECKOUT, canary, metrics);
    return Files.writeString(dir.resolve("p.yaml"), text);
  }

  private static final String STEPS = "      steps: [{setWeight: 100}]";
  private static final String METRIC = "          - {name: up, query: up, min: 1}";

  private List<String> problems(Path file) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(Map.of()).load(file, Map.of(), Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    String prefix = file + ":";
    return e.problems().stream().map(p -> p.toString().replace(prefix, "")).toList();
  }

  @Test
  void baseCanaryIsValid() throws IOException {
    LoadedPipeline loaded =
        new PipelineLoader(Map.of()).load(pipeline(STEPS, METRIC), Map.of(), Optional.empty());

    CanarySpec canary = loaded.spec().production().orElseThrow().canary();
    assertThat(canary.traffic()).isEqualTo(new TrafficSpec.Replicas());
    assertThat(canary.analysis().interval()).hasSeconds(30);
    assertThat(canary.analysis().failureLimit()).isZero();
    assertThat(canary.analysis().inconclusiveLimit()).isZero();
    assertThat(canary.analysis().consecutiveErrorLimit()).isEqualTo(4);
    assertThat(canary.analysis().metrics().get(0).noData())
        .isEqualTo(MetricSpec.NoDataPolicy.INCONCLUSIVE);
  }

  @Test
  void gatewayApiAndNginxRoutersAreRead() throws IOException {
    String gateway =
        "      traffic: {gatewayApi: {httpRoute: web, stableService: s, canaryService: c}}\n"
            + STEPS;
    String nginx = "      traffic: {router: nginx, nginx: {ingress: web}}\n" + STEPS;

    assertThat(load(gateway).traffic()).isEqualTo(new TrafficSpec.GatewayApi("web", "s", "c"));
    assertThat(load(nginx).traffic()).isEqualTo(new TrafficSpec.Nginx("web"));
  }

  private CanarySpec load(String canary) throws IOException {
    return new PipelineLoader(Map.of())
        .load(pipeline(canary, METRIC), Map.of(), Optional.empty())
        .spec()
        .production()
        .orElseThrow()
        .canary();
  }

  @Test
  void routerIsExactlyOneKind() throws IOException {
    String two = "      traffic: {nginx: {ingress: a}, istio: {virtualService: v}}\n" + STEPS;

    assertThat(problems(pipeline(two, METRIC)))
        .containsExactly(
            "11:16: spec.production.canary.traffic: give exactly one router, found istio, nginx");
  }

  @Test
  void routerThatNeedsSettingsSaysWhere() throws IOException {
    String bare = "      traffic: {router: gatewayApi}\n" + STEPS;

    assertThat(problems(pipeline(bare, METRIC)))
        .containsExactly(
            "11:16: spec.production.canary.traffic: router 'gatewayApi' needs its settings under"
                + " 'spec.production.canary.traffic.gatewayApi'");
  }

  @Test
  void istioNeedsOneOfSubsetOrHostPerSide() throws IOException {
    String istio =
        "      traffic: {istio: {virtualService: v, stableSubset: s, stableHost: h}}\n" + STEPS;

    assertThat(problems(pipeline(istio, METRIC)))
        .containsExactly(
            "11:24: spec.production.canary.traffic.istio: give exactly one of 'stableSubset' or"
                + " 'stableHost'",
            "11:24: spec.production.canary.traffic.istio: give exactly one of 'canarySubset' or"
                + " 'canaryHost'");
  }

  @Test
  void stepIsExactlyOneKindAndAnalysisStepNeedsADuration() throws IOException {
    String steps = "      steps:\n        - {setWeight: 5, pause: {}}\n        - analysis: {}";

    assertThat(problems(pipeline(steps, METRIC)))
        .containsExactly(
            "12:11: spec.production.canary.steps[0]: a step is exactly one of setWeight, analysis"
                + " or pause, found [pause, setWeight]",
            "13:21: spec.production.canary.steps[1].analysis.duration: missing required field");
  }

  @Test
  void weightsNeverGoDown() throws IOException {
    String steps =
        "      steps:\n"
            + "        - setWeight: 50\n"
            + "        - pause: {duration: 1m}\n"
            + "        - setWeight: 25\n"
            + "        - setWeight: 100";

    assertThat(problems(pipeline(steps, METRIC)))
        .containsExactly(
            "14:22: spec.production.canary.steps[2].setWeight: goes down to 25 after 50; weights"
                + " never go down (a canary only gains traffic until promotion)");
  }

  @Test
  void someWeightIsAboveZero() throws IOException {
    String allZero = "      steps: [{setWeight: 0}, {pause: {}}, {setWeight: 0}]";
    String noWeight = "      steps: [{analysis: {duration: 5m}}]";

    String problem =
        "11:14: spec.production.canary.steps: needs a setWeight above 0: with no traffic on the"
            + " canary the analysis measures nothing";
    assertThat(problems(pipeline(allZero, METRIC))).containsExactly(problem);
    assertThat(problems(pipeline(noWeight, METRIC))).containsExactly(problem);
  }

  @Test
  void weightsThatStayTheSameOrStartAtZeroAreFine() throws IOException {
    String steps = "      steps: [{setWeight: 0}, {setWeight: 20}, {pause: {}}, {setWeight: 20}]";

    LoadedPipeline loaded =
        new PipelineLoader(Map.of()).load(pipeline(steps, METRIC), Map.of(), Optional.empty());

    assertThat(loaded.spec().production().orElseThrow().canary().steps()).hasSize(4);
  }

  @Test
  void metricChecks() throws IOException {
    String metrics =
        """
                  - {name: a, query: up, min: 2, max: 1}
                  - {name: b, query: up, compare: {against: canary}}
                  - {name: c, query: up, max: 1, minSamples: {query: count(up), min: -1}}
                  - {name: d, query: 'up{job="{{job}}"}', max: 1}
        """;

    assertThat(problems(pipeline(STEPS, metrics)))
        .containsExactly(
            "15:39: spec.production.canary.analysis.metrics[0].min: is greater than max",
            "16:43: spec.production.canary.analysis.metrics[1].compare: needs 'maxRatio',"
                + " 'maxIncrease' or both",
            "16:53: spec.production.canary.analysis.metrics[1].compare.against: must be 'stable',"
                + " was 'canary'",
            "17:78: spec.production.canary.analysis.metrics[2].minSamples.min: must be >= 0, was"
                + " -1",
            "18:39: spec.production.canary.analysis.metrics[3].query: unknown template variable"
                + " '{{job}}'; known: [IMAGE, canary, namespace, pipeline, target, track]");
  }

  @Test
  void prometheusTakesAtMostOneWayToAuthenticate() throws IOException {
    Path file = pipeline(STEPS, METRIC);
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "{address: http://prometheus:9090}",
                "{address: 'prometheus:9090', bearerTokenEnv: T, bearerTokenFile: t}"));

    assertThat(problems(file))
        .containsExactly(
            "13:21: spec.production.canary.analysis.prometheus: give at most one of"
                + " 'bearerTokenEnv', 'bearerTokenFile' or 'basicAuth'",
            "13:31: spec.production.canary.analysis.prometheus.address: must be an http:// or"
                + " https:// URL (scheme://host[:port][/path])");
  }
}
