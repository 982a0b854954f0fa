package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code rollgate validate} driven as a user would, against the fixtures under
 * test-fixtures/pipelines.
 */
class ValidateCommandTest {
  private static final String DIR = "test-fixtures/pipelines/";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int validate(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "validate";
    System.arraycopy(args, 0, all, 1, args.length);
    // an empty environment: results must not depend on the machine running the tests
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(d -> {})
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) -> {
                  throw new AssertionError("validate never talks to a cluster");
                })
            .withTunnels(
                client -> {
                  throw new AssertionError("validate never opens a tunnel");
                });
    return RollgateCommand.newCommandLine(
            new PrintWriter(out, true), new PrintWriter(err, true), services)
        .execute(all);
  }

  private String[] errLines() {
    return err.toString().split("\\R");
  }

  @Test
  void validPipelinePrintsOneSummaryLinePerStage() {
    // Given the SPEC.md example pipeline
    // When
    int exit = validate("pipelines/checkout.yaml");

    // Then
    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString().split("\\R"))
        .containsExactly(
            "staging (checkout-staging): 3 objects, 1 smoke check",
            "production (checkout): 3 objects, canary Deployment/checkout via replicas, 5 steps, 3"
                + " metrics");
  }

  @Test
  void namespaceFlagReplacesBothStagesNamespace() {
    int exit = validate("pipelines/checkout.yaml", "--namespace", "pr-42");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("staging (pr-42):", "production (pr-42):");
  }

  @Test
  void badYamlIsReportedAtTheParsersMark() {
    int exit = validate(DIR + "bad-yaml.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "bad-yaml.yaml:9:12: bad YAML: expected ',' or ']', but got : (while parsing a"
                + " flow sequence)");
  }

  @Test
  void unknownFieldSuggestsTheClosestKnownOne() {
    int exit = validate(DIR + "unknown-field.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "unknown-field.yaml:10:5: spec.staging.smoek: unknown field, did you mean"
                + " 'smoke'?");
  }

  @Test
  void missingRequiredFieldIsNamedByItsPath() {
    int exit = validate(DIR + "missing-field.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR + "missing-field.yaml:8:5: spec.staging.namespace: missing required field");
  }

  @Test
  void badDurationIsReportedAtItsValue() {
    int exit = validate(DIR + "bad-duration.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "bad-duration.yaml:10:24: spec.staging.rollout.timeout: bad duration '5 minutes',"
                + " use e.g. 500ms, 30s, 5m, 1h or 1h30m");
  }

  @Test
  void unknownVariableIsAnErrorAtItsDollarSignNeverAnEmptyString() {
    int exit = validate(DIR + "unknown-variable.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "unknown-variable.yaml:8:25: spec.staging.namespace: unknown variable"
                + " 'ROLLGATE_TEST_UNDEFINED' (give it with --set ROLLGATE_TEST_UNDEFINED=..., in"
                + " spec.vars, or in the environment)");
  }

  @Test
  void setFlagProvidesTheMissingVariable() {
    int exit = validate(DIR + "unknown-variable.yaml", "--set", "ROLLGATE_TEST_UNDEFINED=qa");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("staging (checkout-qa): 3 objects, 0 smoke checks");
  }

  @Test
  void manifestThatIsNotAKubernetesObjectIsReportedAtItsDocument() {
    int exit = validate(DIR + "not-kubernetes-object.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "manifests/not-an-object/objects.yaml:9:1: not a Kubernetes object: missing"
                + " metadata.name");
  }

  @Test
  void duplicateObjectNamesBothPlaces() {
    int exit = validate(DIR + "duplicate-object.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "manifests/duplicate/b-config.json:6:5: duplicate object"
                + " ConfigMap/checkout-staging/settings, first defined at "
                + DIR
                + "manifests/duplicate/a-config.yaml:1:1");
  }

  @Test
  void objectInAnotherNamespaceIsAProblemUnlessTheStageAllowsIt() {
    int exit = validate(DIR + "namespace-clash.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "manifests/other-namespace/objects.yaml:10:14: Service/checkout: namespace"
                + " 'checkout-prod' is not the stage's namespace 'checkout-staging' (set"
                + " allowOtherNamespaces: true on the stage to allow it)");
  }

  @Test
  void queryTemplateThatCannotRenderIsReportedInsideTheBlockScalar() {
    int exit = validate(DIR + "bad-query-template.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            DIR
                + "bad-query-template.yaml:20:53: spec.production.canary.analysis.metrics[0].query:"
                + " unknown template variable '{{tarck}}'; known: [IMAGE, canary, namespace,"
                + " pipeline, target, track]");
  }

  @Test
  void everyProblemIsReportedAtOnceInFileOrder() {
    int exit = validate(DIR + "several-problems.yaml");

    String f = DIR + "several-problems.yaml:";
    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            f + "2:7: kind: must be Pipeline, was 'Pipelin'",
            f
                + "12:25: spec.production.canary.traffic.router: unknown router 'isito'; did you"
                + " mean 'istio'? known: replicas, gatewayApi, istio, nginx",
            f + "14:22: spec.production.canary.steps[0].setWeight: must be 0..100, was 120",
            f
                + "15:32: spec.production.canary.steps[1].analysis.duration: bad duration '5',"
                + " use e.g. 500ms, 30s, 5m, 1h or 1h30m",
            f + "17:23: spec.production.canary.analysis.failureLimit: must be >= 0, was -1",
            f
                + "20:13: spec.production.canary.analysis.metrics[0]: needs 'max', 'min' or"
                + " 'compare'",
            f
                + "22:21: spec.production.canary.analysis.metrics[0].noData: must be one of pass,"
                + " fail, inconclusive, was 'maybe'",
            f
                + "23:19: spec.production.canary.analysis.metrics[1].name: duplicate metric name"
                + " 'error-rate'");
  }

  @Test
  void missingPipelineFileIsBadInput() {
    int exit = validate(DIR + "no-such-pipeline.yaml");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(DIR + "no-such-pipeline.yaml:1:1: no such pipeline file");
  }

  @Test
  void malformedSetFlagIsAUsageError() {
    int exit = validate("pipelines/checkout.yaml", "--set", "IMAGE");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Try 'rollgate validate --help' for usage.");
  }

  @Test
  void helpShowsAnExample() {
    int exit = validate("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: rollgate validate")
        .contains("rollgate validate pipelines/checkout.yaml --set IMAGE=");
  }
}
