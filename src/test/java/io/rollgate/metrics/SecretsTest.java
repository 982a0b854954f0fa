package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final Secrets secrets = Secrets.of(List.of("tok-123456", "Bearer tok-123456"));

  @Test
  void scrubsEveryKnownValueFromText() {
    assertThat(secrets.scrub("sent Bearer tok-123456 and tok-123456 again"))
        .isEqualTo("sent <redacted> and <redacted> again");
  }

  @Test
  void replacesAnExceptionChainThatCarriesASecretKeepingTypesAndTraces() {
    // Given an exception whose cause's message holds the token
    IOException root = new IOException("handshake failed for tok-123456");
    IllegalStateException planted = new IllegalStateException("wrapping", root);

    // When it is scrubbed
    Throwable clean = secrets.scrub(planted);

    // Then no message or toString in the chain holds the token, and the types are still told
    assertThat(PrometheusClientAuthTest.printed(clean))
        .doesNotContain("tok-123456")
        .contains("java.lang.IllegalStateException")
        .contains("java.io.IOException (scrubbed): handshake failed for <redacted>");
    assertThat(clean.getStackTrace()).isEqualTo(planted.getStackTrace());
  }

  @Test
  void leavesAnExceptionWithoutSecretsAlone() {
    IOException e = new IOException("connection refused");

    assertThat(secrets.scrub(e)).isSameAs(e);
  }

  @Test
  void neverPrintsItsValues() {
    assertThat(secrets.toString()).doesNotContain("tok-123456");
  }
}
