package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusServerTest {
  @Test
  void aMissingBinaryFailsWithAMessageSayingHowToInstallIt() {
    assertThatThrownBy(() -> PrometheusServer.binary("prometheus", "/nonexistent-dir"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'prometheus' not found on PATH")
        .hasMessageContaining("Debian package 'prometheus'");
  }

  @Test
  void findsABinaryOnThePath() {
    assertThat(PrometheusServer.binary("sh", "/nonexistent-dir:/bin")).isEqualTo("/bin/sh");
  }
}
