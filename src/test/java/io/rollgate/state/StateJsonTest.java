package io.rollgate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.analysis.AnalysisCounts;
import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.Outcome;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionHistory;
import io.rollgate.canary.Phase;
import io.rollgate.canary.Request;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.pipeline.StepSpec;
import io.rollgate.pipeline.TrafficSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StateJsonTest {
  private static final Instant T = Instant.parse("2026-12-01T03:00:00Z");

  private static CanaryPlan plan(TrafficSpec traffic, AnalysisSpec analysis) {
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("apiVersion", "apps/v1");
    target.put("kind", "Deployment");
    target.put(
        "spec",
        Map.of(
            "replicas",
            4L,
            "template",
            Map.of(
                "spec",
                Map.of(
                    "containers",
                    List.of(
                        Map.of(
                            "name", "app", "ports", List.of(Map.of("containerPort", 8080L))))))));
    return new CanaryPlan(
        "checkout",
        "checkout",
        "abc123",
        new CanarySpec.TargetRef("Deployment", "checkout"),
        traffic,
        List.of(
            new StepSpec.SetWeight(10),
            new StepSpec.Analysis(Duration.ofMinutes(5)),
            new StepSpec.Pause(Optional.of(Duration.ofMinutes(10))),
            new StepSpec.Pause(Optional.empty())),
        analysis,
        new io.rollgate.pipeline.RolloutSpec(Duration.ofMinutes(5), Duration.ofSeconds(30)),
        Map.of("WINDOW", "1m"),
        target,
        Map.of("metadata", Map.of("labels", Map.of("app", "checkout"))),
        List.of(new CanaryPlan.ConfigRef("ConfigMap", "checkout-config")));
  }

  private static AnalysisSpec checkoutAnalysis() {
    ProductionSpec production =
        new PipelineLoader(Map.of())
            .load(Path.of("pipelines/checkout.yaml"), Map.of(), Optional.empty())
            .spec()
            .production()
            .orElseThrow();
    return production.canary().analysis();
  }

  @Test
  void aPlanReadsBackAsItWasWrittenForEveryRouter() {
    for (TrafficSpec t :
        List.of(
            new TrafficSpec.Replicas(),
            new TrafficSpec.GatewayApi("route", "stable", "canary"),
            new TrafficSpec.Istio(
                "vs",
                Optional.of("primary"),
                Optional.of("v1"),
                Optional.empty(),
                Optional.of("v2"),
                Optional.empty()),
            new TrafficSpec.Nginx("ingress"))) {
      CanaryPlan p = plan(t, checkoutAnalysis());

      CanaryPlan back = StateJson.readPlan(StateJson.plan(p));

      assertThat(back).isEqualTo(p);
      // integers in manifests stay integers (ports, replicas), not 8080.0
      assertThat(StateJson.plan(back)).contains("\"containerPort\":8080").doesNotContain("8080.0");
    }
  }

  @Test
  void credentialsNeverReachTheSavedPlan() {
    AnalysisSpec a = checkoutAnalysis();
    PrometheusSpec p = a.prometheus();
    PrometheusSpec withSecrets =
        new PrometheusSpec(
            "https://user:hunter2pass@prom.example:9090",
            p.bearerTokenEnv(),
            p.bearerTokenFile(),
            p.basicAuth(),
            Map.of("Authorization", "Bearer tok-9f8e7d6c", "X-Scope-OrgID", "t1"),
            p.caFile(),
            p.insecureSkipVerify(),
            p.timeout());
    AnalysisSpec analysis =
        new AnalysisSpec(
            a.interval(),
            a.failureLimit(),
            a.inconclusiveLimit(),
            a.consecutiveErrorLimit(),
            withSecrets,
            a.metrics());

    String json = StateJson.plan(plan(new TrafficSpec.Replicas(), analysis));

    assertThat(json)
        .doesNotContain("hunter2pass", "tok-9f8e7d6c")
        .contains("https://prom.example:9090", "X-Scope-OrgID", "\"t1\"", "PROMETHEUS_TOKEN");
    // what was left out is named, so a resume can say what it needs
    assertThat(StateJson.readPlan(json).analysis().prometheus().withheld())
        .containsExactly("header Authorization", "the user:password in the address");
  }

  @Test
  void everyCredentialNamedHeaderIsWithheldFromTheSavedPlanATenantHeaderKept() {
    AnalysisSpec a = checkoutAnalysis();
    PrometheusSpec p = a.prometheus();
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Proxy-Authorization", "Basic c2VjcmV0LXM4");
    headers.put("X-Auth", "s3cr3t-value-77");
    headers.put("X-Api-Key", "k-1");
    headers.put("Cookie", "sid=1");
    headers.put("X-Vault-Token", "hvs.CAES");
    headers.put("X-Client-Secret", "cs");
    headers.put("X-Scope-OrgID", "team-payments"); // a tenant, no credential: kept
    PrometheusSpec withHeaders =
        new PrometheusSpec(
            p.address(),
            p.bearerTokenEnv(),
            p.bearerTokenFile(),
            p.basicAuth(),
            headers,
            p.caFile(),
            p.insecureSkipVerify(),
            p.timeout());
    AnalysisSpec analysis =
        new AnalysisSpec(
            a.interval(),
            a.failureLimit(),
            a.inconclusiveLimit(),
            a.consecutiveErrorLimit(),
            withHeaders,
            a.metrics());

    String json = StateJson.plan(plan(new TrafficSpec.Replicas(), analysis));

    headers.forEach(
        (name, value) -> {
          boolean credential = io.rollgate.redact.Redaction.isCredentialName(name);
          assertThat(json.contains("\"" + value + "\"")).as(name).isEqualTo(!credential);
        });
    PrometheusSpec back = StateJson.readPlan(json).analysis().prometheus();
    assertThat(back.headers()).containsOnlyKeys("X-Scope-OrgID");
    assertThat(back.withheld())
        .containsExactly(
            "header Cookie",
            "header Proxy-Authorization",
            "header X-Api-Key",
            "header X-Auth",
            "header X-Client-Secret",
            "header X-Vault-Token");
  }

  @Test
  void aStateReadsBackAsItWasWrittenNaNAndAllOptionalsIncluded() {
    Measurement m =
        new Measurement(
            "error-rate",
            T,
            Outcome.INCONCLUSIVE,
            "q{track=\"canary\"}",
            Optional.of("q{track=\"stable\"}"),
            OptionalDouble.of(Double.NaN),
            OptionalDouble.of(0.002),
            OptionalDouble.empty(),
            "max 0.01",
            List.of("a warning"),
            "error-rate NaN: no data",
            Optional.empty());
    Measurement err =
        new Measurement(
            "p99",
            T,
            Outcome.ERROR,
            "p",
            Optional.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.of(3),
            "max 1",
            List.of(),
            "down",
            Optional.of(MetricQueryException.Kind.UNAVAILABLE));
    CanaryState s =
        new CanaryState(
            1,
            "abc123",
            Phase.INCONCLUSIVE,
            2,
            T,
            10,
            20.0,
            1,
            4,
            Optional.of(T),
            Optional.of(T.plusSeconds(30)),
            new AnalysisCounts(Map.of("error-rate", new AnalysisCounts.MetricCounts(1, 3, 2, 0))),
            false,
            "analysis inconclusive",
            Optional.of(Request.promote(true, "alice@laptop (pid 1)", T)),
            new DecisionHistory(
                List.of(
                    new Decision(
                        T,
                        Decision.Kind.INCONCLUSIVE,
                        "why",
                        OptionalInt.of(3),
                        OptionalInt.of(10),
                        OptionalDouble.of(20.0),
                        List.of(m, err))),
                7),
            T,
            T.plusSeconds(31));

    CanaryState back = StateJson.readState(StateJson.state(s));

    assertThat(back.toString()).isEqualTo(s.toString()); // NaN != NaN in equals of doubles inside
    assertThat(back.history().latest().get(0).measurements().get(0).canary().getAsDouble()).isNaN();
  }

  @Test
  void aStateFromANewerRollgateIsRefusedInWords() {
    String json =
        StateJson.state(CanaryState.start("r", T))
            .replace("\"schemaVersion\":1", "\"schemaVersion\":9");

    assertThatThrownBy(() -> StateJson.readState(json))
        .isInstanceOf(StateJson.UnreadableStateException.class)
        .hasMessageContaining("written by a newer rollgate");
  }
}
