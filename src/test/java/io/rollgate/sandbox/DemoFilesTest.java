package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFilesTest {
  @TempDir Path temp;

  @Test
  void removesItsFolderWhenTheCopyFails() throws IOException {
    // Given a copy that writes one file and then fails
    Path target = Files.createDirectory(temp.resolve("rollgate-demo"));

    // When extracting
    assertThatThrownBy(
            () ->
                DemoFiles.extractInto(
                    target,
                    dir -> {
                      Files.writeString(dir.resolve("demo.yaml"), "name: demo\n");
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");

    // Then nothing is left behind
    assertThat(target).doesNotExist();
  }

  @Test
  void extractsTheBundledDemoAndRemovesItOnClose() throws IOException {
    Path pipeline;
    try (DemoFiles files = DemoFiles.extract()) {
      pipeline = files.pipeline();
      assertThat(pipeline).isRegularFile().hasFileName("demo.yaml");
    }
    assertThat(pipeline.getParent()).doesNotExist();
  }
}
