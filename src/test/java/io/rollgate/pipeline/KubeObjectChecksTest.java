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

/**
 * What validate finds in manifests without a cluster: names and namespaces the API server would
 * refuse, and known fields of the wrong type, each at its line and named by its path.
 */
class KubeObjectChecksTest {
  @TempDir Path dir;

  private Path pipeline(String manifest) throws IOException {
    write("m/objects.yaml", manifest);
    return write(
        "pipeline.yaml",
        """
        apiVersion: rollgate.io/v1alpha1
        kind: Pipeline
        metadata: {name: demo}
        spec:
          staging:
            namespace: demo-staging
            allowOtherNamespaces: true
            manifests: [m]
        """);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private List<String> problems(Path pipeline, Optional<String> namespace) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(Map.of()).load(pipeline, Map.of(), namespace));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
  }

  private List<String> problems(String manifest) throws IOException {
    return problems(pipeline(manifest), Optional.empty());
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedWithItsLineAndKind() throws IOException {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: "three"
          template:
            spec:
              containers:
                - name: web
                  image: ghcr.io/acme/web:1
                  env: [{name: PORT, value: 8080}]
                  ports: [{containerPort: 0}]
        """;

    assertThat(problems(deployment))
        .containsExactly(
            "m/objects.yaml:5:13: spec.replicas: must be a whole number, was a string (apps/v1"
                + " Deployment)",
            "m/objects.yaml:11:37: spec.template.spec.containers[0].env[0].value: must be a"
                + " string, was a whole number (quote it) (apps/v1 Deployment)",
            "m/objects.yaml:12:35: spec.template.spec.containers[0].ports[0].containerPort: must"
                + " be a port number 1..65535, was 0 (apps/v1 Deployment)");
  }

  @Test
  void labelsConfigDataAndSecretsFollowTheirRules() throws IOException {
    String objects =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels: {app: "my app", version: 2}
        data: {"log level": debug, replicas: 3}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: token}
        data: {token: not-base64!}
        stringData: {plain: anything at all}
        """;

    assertThat(problems(objects))
        .containsExactly(
            "m/objects.yaml:5:17: metadata.labels.app: must be a label value (at most 63 letters,"
                + " digits, '-', '_' and '.') (v1 ConfigMap)",
            "m/objects.yaml:5:36: metadata.labels.version: must be a label value (at most 63"
                + " letters, digits, '-', '_' and '.'), was a whole number (quote it) (v1"
                + " ConfigMap)",
            "m/objects.yaml:6:8: data.log level: the key must be a key of letters, digits, '-',"
                + " '_' and '.' (at most 253)",
            "m/objects.yaml:6:38: data.replicas: must be a string, was a whole number (quote it)"
                + " (v1 ConfigMap)",
            "m/objects.yaml:11:15: data.token: must be base64 text (put plain text under"
                + " stringData) (v1 Secret)");
  }

  @Test
  void namesFollowTheirKindsRules() throws IOException {
    String objects =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: Web_App}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: 1web}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: a.b}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "system:reader"}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: "a/b"}
        """;

    assertThat(problems(objects))
        .containsExactly(
            "m/objects.yaml:3:18: metadata.name: must be a DNS-1123 subdomain (lower-case letters,"
                + " digits, '-' and '.', at most 253 characters) for a Deployment, was 'Web_App'",
            "m/objects.yaml:7:18: metadata.name: must be a DNS-1035 label (lower-case letters,"
                + " digits and '-', starting with a letter, at most 63 characters) for a Service,"
                + " was '1web'",
            "m/objects.yaml:11:18: metadata.name: must be a DNS-1123 label (lower-case letters,"
                + " digits and '-', at most 63 characters) for a Namespace, was 'a.b'",
            "m/objects.yaml:19:18: metadata.name: may not be '.' or '..' or hold '/' or '%' for a"
                + " Widget, was 'a/b'");
  }

  @Test
  void apiVersionKindAndNamesAreStringsOfTheirForm() throws IOException {
    String objects =
        """
        apiVersion: 1ms
        kind: Deployment
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: "\u202eevil"
        metadata: {name: b}
        ---
        apiVersion: true
        kind: ConfigMap
        metadata: {name: c}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: 123}
        """;

    assertThat(problems(objects))
        .containsExactly(
            "m/objects.yaml:1:13: apiVersion: must be [group/]version, as v1, apps/v1 or"
                + " example.com/v1beta1, was '1ms'",
            "m/objects.yaml:6:7: kind: must be a kind: a letter, then letters and digits"
                + " (Deployment), was '\u202eevil'",
            "m/objects.yaml:9:13: apiVersion: must be a string, was true or false",
            "m/objects.yaml:15:18: metadata.name: must be a string, was a number");
  }

  @Test
  void namespacesAreDnsLabelsInTheFileInManifestsAndFromTheFlag() throws IOException {
    String tooLong = "n".repeat(64);
    Path file =
        pipeline(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: " + tooLong + "}\n");
    String rule =
        "must be a valid namespace name (a DNS-1123 label: lower-case letters, digits and '-',"
            + " at most 63 characters)";

    assertThat(problems(file, Optional.empty()))
        .containsExactly(
            "m/objects.yaml:3:32: metadata.namespace: " + rule + ", was '" + tooLong + "'");
    for (String flag : List.of("", "Bad_NS", "a\nb", tooLong)) {
      assertThat(problems(file, Optional.of(flag)))
          .as(flag)
          .contains("pipeline.yaml:1:1: --namespace '" + Excerpt.of(flag) + "': " + rule);
    }
    Files.writeString(file, Files.readString(file).replace("demo-staging", "Demo_Staging"));
    assertThat(problems(file, Optional.empty()))
        .contains("pipeline.yaml:6:16: spec.staging.namespace: " + rule + ", was 'Demo_Staging'");
  }

  @Test
  void theFixtureManifestsAndEmptyValuesPass() throws IOException {
    String objects =
        Files.readString(Path.of("test-fixtures/manifests/checkout/deployment.yaml"))
                .replace("${IMAGE}", "ghcr.io/acme/checkout:1")
            + "\n---\n"
            + "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: ~, type: ~}\n";

    List<Manifest> manifests =
        new PipelineLoader(Map.of())
            .load(pipeline(objects), Map.of(), Optional.empty())
            .stagingManifests();

    assertThat(manifests).hasSize(2);
  }
}
