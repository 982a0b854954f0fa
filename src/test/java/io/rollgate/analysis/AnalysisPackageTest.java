package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AnalysisPackageTest {
  @Test
  void theAnalysisCoreImportsNeitherHttpNorJsonNorKubernetesLibraries() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/rollgate/analysis"))) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .flatMap(
                  f ->
                      lines(f)
                          .filter(
                              l ->
                                  l.matches(
                                      "import (static"
                                          + " )?(okhttp3|com\\.google\\.gson|io\\.fabric8|io\\.rollgate\\.metrics)\\..*"))
                          .map(l -> f.getFileName() + ": " + l))
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
