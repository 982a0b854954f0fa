package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON manifests are read as JSON (RFC 8259), whatever their layout: pretty-printed, tab-indented,
 * with {@code \/} escapes, several objects in one file; problems in them have lines and columns.
 */
class JsonManifestTest {
  @TempDir Path dir;

  private static final String PIPELINE =
      """
      apiVersion: rollgate.io/v1alpha1
      kind: Pipeline
      metadata: {name: demo}
      spec:
        vars: {MODE: fast}
        staging:
          namespace: demo-staging
          manifests: [m]
      """;

  private static final String PRETTY =
      """
      {
          "apiVersion": "v1",
          "kind": "ConfigMap",
          "metadata": {
              "name": "settings",
              "labels": {"app": "checkout"}
          },
          "data": {
              "mode": "${MODE}",
              "path": "a\\/b",
              "emoji": "\\ud83d\\ude00",
              "quote": "say \\"hi\\"\\n"
          }
      }
      """;

  private List<Manifest> load(String name, String json) throws IOException {
    write("m/" + name, json);
    return new PipelineLoader(Map.of())
        .load(write("pipeline.yaml", PIPELINE), Map.of(), Optional.empty())
        .stagingManifests();
  }

  private List<String> problems(String name, String json) throws IOException {
    write("m/" + name, json);
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () ->
                new PipelineLoader(Map.of())
                    .load(write("pipeline.yaml", PIPELINE), Map.of(), Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Manifest manifest) {
    return (Map<String, Object>) manifest.body().get("data");
  }

  @Test
  void prettyPrintedJsonLoadsWithItsEscapesAndVariables() throws IOException {
    List<Manifest> manifests = load("settings.json", PRETTY);

    assertThat(manifests)
        .extracting(Manifest::id)
        .containsExactly("ConfigMap/demo-staging/settings");
    assertThat(data(manifests.get(0)))
        .containsExactly(
            Map.entry("mode", "fast"),
            Map.entry("path", "a/b"),
            Map.entry("emoji", "\uD83D\uDE00"),
            Map.entry("quote", "say \"hi\"\n"));
  }

  @Test
  void tabIndentedJsonLoadsAlsoFromAYamlFile() throws IOException {
    String tabs = PRETTY.replace("    ", "\t");

    Map<String, Object> fromYamlFile = load("settings.yaml", tabs).get(0).body();
    Files.delete(dir.resolve("m/settings.yaml"));

    assertThat(fromYamlFile).isEqualTo(load("settings.json", PRETTY).get(0).body());
  }

  @Test
  void jsonReadsAsGsonReadsIt() throws Exception {
    // Given every JSON fixture and a document with every kind of value
    String values =
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"v\"},"
            + " \"x\": [true, false, null, 0, -12, 3.5, 1e3, -2E-2, \"\\u00e9\\t\", [], {}]}";

    List<String> texts =
        List.of(
            values,
            Files.readString(Path.of("test-fixtures/pipelines/manifests/duplicate/b-config.json")));

    for (String text : texts) {
      Object ours =
          YamlTree.toPlainMap(
              (org.yaml.snakeyaml.nodes.MappingNode) JsonText.composeAll(text).get(0));
      assertThat(numbersAsDoubles(ours)).as(text).isEqualTo(new Gson().fromJson(text, Map.class));
    }
  }

  /** Gson reads every number as a double. */
  private static Object numbersAsDoubles(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, numbersAsDoubles(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JsonManifestTest::numbersAsDoubles).toList();
    }
    return value;
  }

  @Test
  void severalObjectsInOneJsonFileAreSeveralManifests() throws IOException {
    String two =
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n"
            + "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}\n";

    assertThat(load("two.json", two))
        .extracting(Manifest::id, m -> m.source().line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ConfigMap/demo-staging/a", 1),
            org.assertj.core.groups.Tuple.tuple("ConfigMap/demo-staging/b", 2));
  }

  @Test
  void aProblemInTabIndentedJsonIsAtItsLineAndColumn() throws IOException {
    String tabs = PRETTY.replace("    ", "\t").replace("${MODE}", "${NO_SUCH}");

    assertThat(problems("settings.json", tabs))
        .containsExactly(
            dir.resolve("m/settings.json")
                + ":9:12: data.mode: unknown variable 'NO_SUCH' (give it with --set NO_SUCH=..., in"
                + " spec.vars, or in the environment)");
  }

  @Test
  void badJsonInAJsonFileIsReportedWhereItGoesWrong() throws IOException {
    String trailingComma = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\",\n}\n";

    assertThat(problems("bad.json", trailingComma))
        .containsExactly(
            dir.resolve("m/bad.json")
                + ":4:1: bad JSON: expected a field name in double quotes, found '}'");
  }

  @Test
  void aYamlFlowMappingInAYamlFileIsStillYaml() throws IOException {
    assertThat(load("flow.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: f}}\n"))
        .extracting(Manifest::id)
        .containsExactly("ConfigMap/demo-staging/f");
  }
}
