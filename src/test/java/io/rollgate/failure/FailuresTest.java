package io.rollgate.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.MalformedInputException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailuresTest {
  @TempDir Path dir;

  @Test
  void aBinaryFileReadAsTextSaysSo() {
    Throwable binary = new UncheckedIOException(new MalformedInputException(1));

    assertThat(Failures.describe(binary)).isEqualTo("not UTF-8 text (a binary file?)");
  }

  @Test
  void aFolderWhereAFileShouldBeSaysSoWithOrWithoutThePath() {
    IOException folder = null;
    try {
      Files.writeString(dir, "x");
    } catch (IOException e) {
      folder = e;
    }

    assertThat(folder).isInstanceOf(FileSystemException.class);
    assertThat(Failures.describe(folder)).isEqualTo("is a directory: " + dir);
    assertThat(Failures.reason(folder)).isEqualTo("is a directory");
  }

  @Test
  void networkFailuresAreWords() {
    assertThat(Failures.describe(new UnknownHostException("prometheus.monitoring")))
        .isEqualTo("unknown host 'prometheus.monitoring'");
    assertThat(
            Failures.describe(
                new ExecutionException(
                    new ConnectException("Failed to connect to /10.0.0.1:9090"))))
        .isEqualTo("connection refused (Failed to connect to /10.0.0.1:9090)");
    assertThat(Failures.describe(new NoSuchFileException("/etc/token")))
        .isEqualTo("no such file or folder: /etc/token");
  }

  @Test
  void aFailureWithoutWordsIsNamedByItsKindNotItsClass() {
    assertThat(Failures.describe(new NullPointerException())).isEqualTo("unexpected null pointer");
    assertThat(Failures.kind(new StackOverflowError())).isEqualTo("stack overflow");
    assertThat(Failures.kind(new java.nio.file.AccessDeniedException("/x")))
        .isEqualTo("access denied");
    assertThat(Failures.describe(new IllegalStateException(new IOException("disk full"))))
        .isEqualTo("disk full");
  }
}
