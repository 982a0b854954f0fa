package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --set} names: each must be a variable name that a manifest, a pipeline field or a query
 * template uses; a misspelt one would deploy the default from spec.vars without a word.
 */
class SetVariablesTest {
  private static final Path DEMO = Path.of("pipelines/demo.yaml");
  private static final Path FULL = Path.of("test-fixtures/pipelines/valid-full.yaml");

  private static List<String> problems(Path pipeline, Map<String, String> set) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(Map.of()).load(pipeline, set, Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aMisspeltSetNameIsAnErrorThatSuggestsTheNameUsedAndWhere() {
    List<String> problems = problems(DEMO, Map.of("IMAGEE", "ghcr.io/acme/checkout:1.4.3"));

    assertThat(problems)
        .containsExactly(
            "pipelines/demo.yaml:1:1: --set IMAGEE: nothing uses this variable (no ${IMAGEE} in"
                + " the pipeline or its manifests, no {{IMAGEE}} in a query); did you mean 'IMAGE'"
                + " (used at pipelines/demo/deployment.yaml:17:18)?");
  }

  @Test
  void aSetNameFarFromEveryUsedOneListsTheUsedOnes() {
    assertThat(problems(DEMO, Map.of("REPLICAS", "3")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .endsWith("; the variables used are IMAGE, PROMETHEUS_URL, VERSION");
  }

  @Test
  void anEmptyOrInvalidSetNameIsAnError() {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("", "x");
    set.put("1BAD", "x");
    set.put("A-B", "1");

    assertThat(problems(DEMO, set))
        .containsExactlyInAnyOrder(
            "pipelines/demo.yaml:1:1: --set '=...': a variable needs a name (--set NAME=VALUE)",
            "pipelines/demo.yaml:1:1: --set '1BAD': not a variable name (letters, digits and '_',"
                + " not starting with a digit)",
            "pipelines/demo.yaml:1:1: --set 'A-B': not a variable name (letters, digits and '_',"
                + " not starting with a digit)");
  }

  @Test
  void aNameUsedOnlyInAQueryTemplateMayBeSet() {
    // Given WINDOW, used only as {{WINDOW}} in the metrics' queries
    LoadedPipeline loaded =
        new PipelineLoader(Map.of()).load(FULL, Map.of("WINDOW", "10m"), Optional.empty());

    assertThat(loaded.spec().vars()).containsEntry("WINDOW", "10m");
  }

  @Test
  void aBuiltInTemplateNameIsNoVariableASetOfItChangesNothingAndIsAnError() {
    // {{namespace}} is always the stage's namespace: a var of that name is never used
    assertThat(problems(FULL, Map.of("namespace", "other")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(FULL + ":1:1: --set namespace: nothing uses this variable");
  }

  @Test
  void aVarWhoseValueRefersToAVariableIsAnErrorNotALiteralImage(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("p.yaml"),
        java.nio.file.Files.readString(DEMO)
            .replaceFirst("IMAGE: [^\\n]+", "IMAGE: \\${CI_IMAGE}")
            .replace(
                "manifests: [demo]",
                "manifests: [" + Path.of("pipelines/demo").toAbsolutePath() + "]"));
    assertThat(java.nio.file.Files.readString(dir.resolve("p.yaml")))
        .contains("IMAGE: ${CI_IMAGE}");

    assertThat(problems(dir.resolve("p.yaml"), Map.of()))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "spec.vars.IMAGE: a var's value is taken literally and cannot refer to a"
                            + " variable ('${CI_IMAGE}')"));
  }
}
