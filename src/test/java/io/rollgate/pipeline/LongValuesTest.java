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
 * A very long value, key or mistake repeated many times gives a short report: a value is quoted at
 * most {@value Excerpt#MAX} characters, a message is cut, the problems are counted past {@value
 * Problems#MAX_SHOWN}.
 */
class LongValuesTest {
  private static final String MB = "x".repeat(1_000_000);

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private Path pipeline(String namespace, String stagingExtra) throws IOException {
    write("m/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n");
    return write(
        "pipeline.yaml",
        "apiVersion: rollgate.io/v1alpha1\nkind: Pipeline\nmetadata: {name: demo}\nspec:\n"
            + "  staging:\n    namespace: "
            + namespace
            + "\n    manifests: [m]\n"
            + stagingExtra);
  }

  private static List<Problem> problems(Path pipeline) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(Map.of()).load(pipeline, Map.of(), Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems();
  }

  @Test
  void aLongValueIsQuotedAsAnExcerpt() throws IOException {
    List<Problem> problems = problems(pipeline("Bad_" + MB, ""));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message())
        .startsWith("spec.staging.namespace: must be a valid namespace name")
        .contains("'Bad_" + "x".repeat(76) + "…'")
        .hasSizeLessThan(300);
  }

  @Test
  void aLongKeyIsNamedByAnExcerpt() throws IOException {
    // an explicit key: YAML allows implicit ones of at most 1024 characters
    List<Problem> problems = problems(pipeline("demo-staging", "    ? " + MB + "\n    : 1\n"));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).message())
        .startsWith("spec.staging." + "x".repeat(80) + "…: unknown field")
        .hasSizeLessThan(400);
  }

  @Test
  void aMessageThatQuotesAWholeValueIsCutInTheMiddleKeepingItsEnd() {
    String message = Excerpt.message("field: must be one of a, b, was '" + MB + "'; see the docs");

    assertThat(message)
        .hasSizeLessThanOrEqualTo(Excerpt.MAX_MESSAGE + 40)
        .startsWith("field: must be one of a, b, was 'xxx")
        .contains("characters left out")
        .endsWith("xxx'; see the docs");
  }

  @Test
  void aMistakeRepeatedAThousandTimesIsReportedAHundredTimesAndCounted() throws IOException {
    write("m/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n");
    Path file = pipeline("demo-staging", "");
    write(
        "m/many.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: many}\ndata:\n"
            + "  k: \""
            + "${NOPE} ".repeat(1000)
            + "\"\n");

    List<Problem> problems = problems(file);

    assertThat(problems).hasSize(Problems.MAX_SHOWN + 1);
    assertThat(problems.get(Problems.MAX_SHOWN).message())
        .isEqualTo("and 900 more problems from here on");
  }

  @Test
  void controlCharactersInAValueAreEscapedSoAProblemStaysOneLine() {
    assertThat(Excerpt.of("a\nb\tc\u0000d\u2028e")).isEqualTo("a\\nb\\tc\\u0000d\\u2028e");
    assertThat(Excerpt.of("y".repeat(81))).isEqualTo("y".repeat(80) + "…");
    assertThat(Excerpt.of("y".repeat(80))).isEqualTo("y".repeat(80));
  }
}
