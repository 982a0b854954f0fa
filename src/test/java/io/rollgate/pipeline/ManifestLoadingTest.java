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

/** Variables and manifests, on pipelines written into a temporary folder. */
class ManifestLoadingTest {
  @TempDir Path dir;

  private Path pipeline(String stagingExtra, String vars) throws IOException {
    return write(
        "pipeline.yaml",
        """
        apiVersion: rollgate.io/v1alpha1
        kind: Pipeline
        metadata: {name: demo}
        spec:
          vars: {%s}
          staging:
            namespace: demo-staging
            manifests: [manifests]
        %s"""
            .formatted(vars, stagingExtra));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static String configMap(String name, String data) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n" + data;
  }

  private static List<Manifest> staging(
      Path pipeline, Map<String, String> set, Map<String, String> env) {
    return new PipelineLoader(env).load(pipeline, set, Optional.empty()).stagingManifests();
  }

  private static List<String> problems(
      Path pipeline, Map<String, String> set, Map<String, String> env) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(env).load(pipeline, set, Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Manifest manifest) {
    return (Map<String, Object>) manifest.body().get("data");
  }

  @Test
  void setWinsOverVarsWhichWinOverTheEnvironment() throws IOException {
    // Given
    Path file = pipeline("", "A: from-vars, B: from-vars");
    write("manifests/cm.yaml", configMap("cm", "  a: ${A}\n  b: ${B}\n  c: ${C}\n"));

    // When
    List<Manifest> manifests =
        staging(
            file,
            Map.of("A", "from-set"),
            Map.of("A", "from-env", "B", "from-env", "C", "from-env"));

    // Then
    assertThat(data(manifests.get(0)))
        .containsExactly(
            Map.entry("a", "from-set"), Map.entry("b", "from-vars"), Map.entry("c", "from-env"));
  }

  @Test
  void doubleDollarIsALiteralAndAValueNeverChangesTheStructure() throws IOException {
    // Given a value that would be YAML structure if it were pasted into the text
    Path file = pipeline("", "");
    write("manifests/cm.yaml", configMap("cm", "  script: echo $${HOME}\n  injected: ${EVIL}\n"));

    // When
    List<Manifest> manifests =
        staging(file, Map.of("EVIL", "x\nmalicious: true\n- [1, 2]"), Map.of());

    // Then
    assertThat(data(manifests.get(0)))
        .containsExactly(
            Map.entry("script", "echo ${HOME}"),
            Map.entry("injected", "x\nmalicious: true\n- [1, 2]"));
  }

  @Test
  void plainScalarsTakeTheTypeOfTheirSubstitutedValueQuotedOnesStayStrings() throws IOException {
    Path file = pipeline("", "N: '3'");
    write(
        "manifests/d.yaml",
        "apiVersion: apps/v1\n"
            + "kind: Deployment\n"
            + "metadata: {name: d}\n"
            + "spec:\n"
            + "  replicas: ${N}\n"
            + "  label: \"${N}\"\n");

    Map<String, Object> spec = castMap(staging(file, Map.of(), Map.of()).get(0).body().get("spec"));

    assertThat(spec).containsEntry("replicas", 3).containsEntry("label", "3");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void foldersAreReadRecursivelyInNameOrderWhateverTheCreationOrder() throws IOException {
    // Given files created out of order, and files that are not manifests
    Path file = pipeline("", "");
    write("manifests/z.yaml", configMap("z", "  k: v\n"));
    write("manifests/m/b.yml", configMap("b", "  k: v\n"));
    write("manifests/README.md", "not a manifest");
    write("manifests/a.yaml", configMap("a", "  k: v\n"));
    write(
        "manifests/a.json",
        "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"j\"}}");

    // When
    List<Manifest> manifests = staging(file, Map.of(), Map.of());

    // Then
    assertThat(manifests)
        .extracting(Manifest::id)
        .containsExactly(
            "Secret/demo-staging/j",
            "ConfigMap/demo-staging/a",
            "ConfigMap/demo-staging/b",
            "ConfigMap/demo-staging/z");
  }

  @Test
  void listsAreExpandedEmptyDocumentsSkippedClusterScopedObjectsLeftWithoutNamespace()
      throws IOException {
    Path file = pipeline("", "");
    write(
        "manifests/all.yaml",
        "---\n"
            + "# nothing here\n"
            + "---\n"
            + "apiVersion: v1\n"
            + "kind: List\n"
            + "items:\n"
            + "  - {apiVersion: v1, kind: Namespace, metadata: {name: demo-staging}}\n"
            + "  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: runner}}\n"
            + "---\n"
            + "---\n"
            + "apiVersion: rbac.authorization.k8s.io/v1\n"
            + "kind: ClusterRole\n"
            + "metadata: {name: reader}\n");

    List<Manifest> manifests = staging(file, Map.of(), Map.of());

    assertThat(manifests)
        .extracting(Manifest::id, m -> m.source().line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Namespace/demo-staging", 7),
            org.assertj.core.groups.Tuple.tuple("ServiceAccount/demo-staging/runner", 8),
            org.assertj.core.groups.Tuple.tuple("ClusterRole/reader", 11));
    assertThat(castMap(manifests.get(0).body().get("metadata"))).doesNotContainKey("namespace");
  }

  @Test
  void otherNamespacesAreKeptWhenTheStageAllowsThem() throws IOException {
    Path file = pipeline("    allowOtherNamespaces: true\n", "");
    write(
        "manifests/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: shared}\n");

    assertThat(staging(file, Map.of(), Map.of()))
        .extracting(Manifest::id)
        .containsExactly("ConfigMap/shared/cm");
  }

  @Test
  void unknownVariableInAManifestIsReportedInThatFileAlongWithPipelineProblems()
      throws IOException {
    // Given one problem in the pipeline file and one in a manifest
    Path file = pipeline("    rollout: {timeout: soon}\n", "");
    write("manifests/cm.yaml", configMap("cm", "  image: ${IMAGE}\n"));

    // When
    List<String> problems = problems(file, Map.of(), Map.of("HOME", "/root"));

    // Then: both, sorted by file
    assertThat(problems)
        .containsExactly(
            dir.resolve("manifests/cm.yaml")
                + ":6:10: data.image: unknown variable 'IMAGE' (give it with --set IMAGE=..., in"
                + " spec.vars, or in the environment)",
            dir.resolve("pipeline.yaml")
                + ":9:24: spec.staging.rollout.timeout: bad duration 'soon', use e.g. 500ms, 30s,"
                + " 5m, 1h or 1h30m");
  }

  @Test
  void canaryTargetMustBeAmongTheProductionManifests() throws IOException {
    Path file =
        write(
            "pipeline.yaml",
            """
            apiVersion: rollgate.io/v1alpha1
            kind: Pipeline
            metadata: {name: demo}
            spec:
              production:
                namespace: demo
                manifests: [manifests]
                canary:
                  target: {kind: Deployment, name: web}
                  steps: [{setWeight: 100}]
                  analysis:
                    prometheus: {address: http://prometheus:9090}
                    metrics: [{name: up, query: up, min: 1}]
            """);
    write("manifests/d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n");

    assertThat(problems(file, Map.of(), Map.of()))
        .containsExactly(
            dir.resolve("pipeline.yaml")
                + ":9:15: spec.production.canary.target: Deployment/web is not among the production"
                + " manifests");
  }

  @Test
  void headerValuesNeverAppearInProblems() throws IOException {
    Path file =
        write(
            "pipeline.yaml",
            """
            apiVersion: rollgate.io/v1alpha1
            kind: Pipeline
            metadata: {name: demo}
            spec:
              staging:
                namespace: demo
                manifests: [manifests]
                smoke:
                  - {name: s, url: "http://x", headers: "Authorization: Bearer s3cr3t-token"}
            """);
    write("manifests/cm.yaml", configMap("cm", "  k: v\n"));

    List<String> problems = problems(file, Map.of(), Map.of());

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .endsWith("spec.staging.smoke[0].headers: must be a mapping of names to values")
        .doesNotContain("s3cr3t");
  }

  @Test
  void smokeCheckNeedsExactlyOneOfUrlOrServiceAndAMisspeltFieldIsNotAlsoMissing()
      throws IOException {
    // Given a check with neither url nor service, and a misspelt required field
    Path file =
        pipeline(
            "    smoke:\n      - {nmae: s, url: 'http://x', service: {name: a, port: 1}}\n", "");
    write("manifests/cm.yaml", configMap("cm", "  k: v\n"));

    // When
    List<String> problems = problems(file, Map.of(), Map.of());

    // Then: one problem per mistake, no "missing name" on top of "did you mean 'name'?"
    String at = dir.resolve("pipeline.yaml") + ":10:";
    assertThat(problems)
        .containsExactly(
            at + "9: spec.staging.smoke[0]: give exactly one of 'url' or 'service'",
            at + "10: spec.staging.smoke[0].nmae: unknown field, did you mean 'name'?");
  }
}
