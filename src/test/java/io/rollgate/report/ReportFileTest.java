package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  @Test
  void writesTheReportCreatingItsDirectoriesAndReplacingAnOlderOne() throws Exception {
    Path file = dir.resolve("reports/today/report.json");

    assertThat(ReportFile.write(file, "{\"old\":true}\n", new PrintWriter(err))).isTrue();
    assertThat(ReportFile.write(file, "{\"new\":true}\n", new PrintWriter(err))).isTrue();

    assertThat(file).hasContent("{\"new\":true}");
    assertThat(err.toString()).isEmpty();
    assertThat(filesUnder(dir)).containsExactly(file);
  }

  @Test
  void aDirectoryInTheWayIsAWarningAndLeavesNoTemporaryFile() throws Exception {
    Path taken = Files.createDirectory(dir.resolve("report.json"));

    boolean written = ReportFile.write(taken, "{}", new PrintWriter(err));

    assertThat(written).isFalse();
    assertThat(err.toString())
        .isEqualTo("warning: cannot write report " + taken + ": it is a directory\n");
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void aParentThatIsAFileIsAWarningNamingTheFileSystemsReason() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
    Path file = blocker.resolve("report.json");

    boolean written = ReportFile.write(file, "{}", new PrintWriter(err));

    assertThat(written).isFalse();
    assertThat(err.toString())
        .isEqualTo("warning: cannot write report " + file + ": already exists: " + blocker + "\n");
    assertThat(filesUnder(dir)).containsExactly(blocker);
  }

  private static java.util.List<Path> filesUnder(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
