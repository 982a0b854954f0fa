package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  @Test
  void writesTheReportCreatingItsDirectoriesAndReplacingAnOlderOne() throws Exception {
    Path file = dir.resolve("reports/today/report.json");

    assertThat(ReportFile.write(file, "{\"old\":true}\n", warnings::add)).isTrue();
    assertThat(ReportFile.write(file, "{\"new\":true}\n", warnings::add)).isTrue();

    assertThat(file).hasContent("{\"new\":true}");
    assertThat(warnings).isEmpty();
    assertThat(filesUnder(dir)).containsExactly(file);
  }

  @Test
  void aPipeOrDeviceIsWrittenThroughNeverReplacedByAPlainFile() throws Exception {
    // --report /dev/null once renamed a plain file over the device (as root); a FIFO stands in
    Path fifo = dir.resolve("report.fifo");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo works here");
    java.util.concurrent.CompletableFuture<String> read =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readString(fifo);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    boolean written = ReportFile.write(fifo, "{\"through\":true}\n", warnings::add);

    assertThat(written).isTrue();
    assertThat(read.get(1, java.util.concurrent.TimeUnit.MINUTES))
        .isEqualTo("{\"through\":true}\n");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
    assertThat(warnings).isEmpty();
    assertThat(filesUnder(dir)).isEmpty(); // no temporary file either
  }

  @Test
  void anEmptyNameIsAWarningSayingSo() {
    assertThat(ReportFile.write(Path.of(""), "{}", warnings::add)).isFalse();
    assertThat(warnings).containsExactly("cannot write report : the name is empty");
  }

  @Test
  void aDirectoryInTheWayIsAWarningAndLeavesNoTemporaryFile() throws Exception {
    Path taken = Files.createDirectory(dir.resolve("report.json"));

    boolean written = ReportFile.write(taken, "{}", warnings::add);

    assertThat(written).isFalse();
    assertThat(warnings).containsExactly("cannot write report " + taken + ": it is a directory");
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void aParentThatIsAFileIsAWarningNamingTheFileSystemsReason() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
    Path file = blocker.resolve("report.json");

    boolean written = ReportFile.write(file, "{}", warnings::add);

    assertThat(written).isFalse();
    assertThat(warnings)
        .containsExactly("cannot write report " + file + ": already exists: " + blocker);
    assertThat(filesUnder(dir)).containsExactly(blocker);
  }

  private static List<Path> filesUnder(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
