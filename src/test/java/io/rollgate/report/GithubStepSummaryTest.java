package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubStepSummaryTest {
  @TempDir Path dir;

  @Test
  void appendsAfterWhatEarlierStepsWrote() throws Exception {
    // Given a summary file an earlier step wrote to
    Path file = Files.writeString(dir.resolve("summary.md"), "## build\n");
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", file.toString());

    // When two summaries are appended
    GithubStepSummary.append(env, "## staging\n");
    var written = GithubStepSummary.append(env, "## analyze");

    // Then all three are there, in order, each block closed by a blank line
    assertThat(written).contains(file);
    assertThat(Files.readString(file)).isEqualTo("## build\n## staging\n\n## analyze\n\n");
  }

  @Test
  void createsTheFileWhenItDoesNotExistYet() throws Exception {
    Path file = dir.resolve("new.md");

    GithubStepSummary.append(Map.of("GITHUB_STEP_SUMMARY", file.toString()), "hello\n");

    assertThat(Files.readString(file)).isEqualTo("hello\n\n");
  }

  @Test
  void writesNothingOutsideGithubActions() throws Exception {
    // Given no variable, or a blank one (which must not be taken as a relative file name)
    // When a summary is appended
    var none = GithubStepSummary.append(Map.of(), "## x\n");
    var blank = GithubStepSummary.append(Map.of("GITHUB_STEP_SUMMARY", " "), "## x\n");

    // Then nothing is written, and no file named " " appears where we run
    assertThat(none).isEmpty();
    assertThat(blank).isEmpty();
    assertThat(Path.of(" ")).doesNotExist();
  }

  @Test
  void aFileThatCannotBeWrittenIsReportedWithItsNameAndCause() {
    // Given the variable names a directory
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", dir.toString());

    // Then appending fails, naming the file and keeping the cause
    assertThatThrownBy(() -> GithubStepSummary.append(env, "x"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(dir.toString())
        .hasCauseInstanceOf(java.io.IOException.class);
  }
}
