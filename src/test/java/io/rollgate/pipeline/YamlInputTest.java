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
 * YAML that is not the plain data a Kubernetes object or a pipeline is (tags, recursive aliases,
 * alias bombs, duplicate keys, control characters) is bad input at its line and column, never a
 * crash of the YAML library.
 */
class YamlInputTest {
  @TempDir Path dir;

  private static final String PIPELINE =
      """
      apiVersion: rollgate.io/v1alpha1
      kind: Pipeline
      metadata: {name: demo}
      spec:
        staging:
          namespace: demo-staging
          manifests: [m]
      """;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private List<String> problemsWithManifest(String manifest) throws IOException {
    write("m/a.yaml", manifest);
    return problems(write("pipeline.yaml", PIPELINE));
  }

  private static List<String> problems(Path pipeline) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(Map.of()).load(pipeline, Map.of(), Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  private String manifest() {
    return dir.resolve("m/a.yaml") + ":";
  }

  private static String configMap(String data) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: " + data + "\n";
  }

  @Test
  void tagsThatAreNotPlainDataAreRefusedAtTheirNode() throws IOException {
    List<String> problems =
        problemsWithManifest(
            configMap("{a: !!int abc, b: !!binary \"AAAA\", c: !foo x, d: !!seq {k: v}}"));

    assertThat(problems)
        .containsExactly(
            manifest() + "4:11: data.a: 'abc' cannot be read as !!int",
            manifest()
                + "4:25: data.b: tag !!binary is not supported: only maps, lists, strings,"
                + " numbers, booleans and null",
            manifest()
                + "4:45: data.c: tag !foo is not supported: only maps, lists, strings, numbers,"
                + " booleans and null",
            manifest() + "4:56: data.d: tag !!seq does not fit a mapping");
  }

  @Test
  void aTagThatFitsItsValueIsPlainData() throws IOException {
    // a kind of its own (a ConfigMap's data must be strings)
    write(
        "m/a.yaml",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a}\n"
            + "data: {a: !!str 12, b: !!int \"3\"}\n");

    List<Manifest> manifests =
        new PipelineLoader(Map.of())
            .load(write("pipeline.yaml", PIPELINE), Map.of(), Optional.empty())
            .stagingManifests();

    assertThat(manifests.get(0).body().get("data")).isEqualTo(Map.of("a", "12", "b", 3));
  }

  @Test
  void tagsInThePipelineFileAreRefusedToo() throws IOException {
    Path pipeline =
        write(
            "pipeline.yaml",
            PIPELINE
                .replace("namespace: demo-staging", "namespace: !!int demo")
                .replace("manifests: [m]", "manifests: !foo [m]"));
    write("m/a.yaml", configMap("{a: b}"));

    assertThat(problems(pipeline))
        .containsExactly(
            pipeline + ":6:16: spec.staging.namespace: 'demo' cannot be read as !!int",
            pipeline
                + ":7:16: spec.staging.manifests: tag !foo is not supported: only maps, lists,"
                + " strings, numbers, booleans and null");
  }

  @Test
  void aRecursiveAliasIsRefusedWhereItPointsBack() throws IOException {
    List<String> problems = problemsWithManifest(configMap("&d {self: *d}"));

    assertThat(problems)
        .containsExactly(
            manifest()
                + "4:11: data.self: an alias that refers to a node containing it (a recursive"
                + " alias)");
  }

  @Test
  void aRecursiveAliasInThePipelineIsRefused() throws IOException {
    Path pipeline =
        write(
            "pipeline.yaml",
            PIPELINE.replace("metadata: {name: demo}", "metadata: &m {name: demo, labels: *m}"));
    write("m/a.yaml", configMap("{a: b}"));

    assertThat(problems(pipeline))
        .containsExactly(
            pipeline
                + ":3:27: metadata.labels: an alias that refers to a node containing it (a"
                + " recursive alias)");
  }

  @Test
  void anAliasBombIsRefusedBeforeItExpands() throws IOException {
    // Given 24 levels of 2 aliases each (within SnakeYAML's 50 aliases): 2^25 strings expanded
    StringBuilder bomb =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    bomb.append("l0: &l0 [x, x]\n");
    for (int i = 1; i <= 24; i++) {
      bomb.append("l%d: &l%d [*l%d, *l%d]\n".formatted(i, i, i - 1, i - 1));
    }

    List<String> problems = problemsWithManifest(bomb.toString());

    assertThat(problems)
        .containsExactly(
            manifest()
                + "1:1: the document expands to more than 1000000 values through its aliases (an"
                + " alias bomb?)");
  }

  @Test
  void duplicateKeysInAManifestNameBothPlaces() throws IOException {
    List<String> problems =
        problemsWithManifest(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata: {x: '1', x: '2'}\n");

    assertThat(problems)
        .containsExactly(
            manifest()
                + "5:3: metadata.name: duplicate key, first given at line 4, column 3 (kubectl"
                + " refuses duplicate keys)",
            manifest()
                + "6:16: data.x: duplicate key, first given at line 6, column 8 (kubectl refuses"
                + " duplicate keys)");
  }

  @Test
  void aMergeKeyOverriddenByTheMappingIsNoDuplicate() throws IOException {
    write(
        "m/a.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
            + "x-base: &b {k: '1', j: '2'}\ndata: {<<: *b, k: '3'}\n");

    List<Manifest> manifests =
        new PipelineLoader(Map.of())
            .load(write("pipeline.yaml", PIPELINE), Map.of(), Optional.empty())
            .stagingManifests();

    assertThat(manifests.get(0).body().get("data")).isEqualTo(Map.of("k", "3", "j", "2"));
  }

  @Test
  void aControlCharacterIsReportedAtItsLineAndColumn() throws IOException {
    List<String> problems = problemsWithManifest(configMap("{a: \"x\u0001y\"}"));

    assertThat(problems)
        .containsExactly(
            manifest()
                + "4:13: bad YAML: character U+0001 is not allowed here (write it as an escape in"
                + " a double-quoted string)");
  }
}
