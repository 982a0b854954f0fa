package io.rollgate.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private final Redaction credentials = Redaction.of(List.of("Bearer tok-123456"));

  @Test
  void masksACredentialAndThePartAfterItsScheme() {
    assertThat(credentials.scrub("sent Bearer tok-123456, then tok-123456 alone"))
        .isEqualTo("sent [redacted], then [redacted] alone");
  }

  @Test
  void masksAGivenCredentialWhateverItsLength() {
    assertThat(Redaction.of(List.of("pw")).scrub("login pw=pw"))
        .isEqualTo("login [redacted]=[redacted]");
  }

  @Test
  void aLongerSecretIsMaskedWholeBeforeOneItContains() {
    Redaction r = Redaction.of(List.of("abc123", "abc123-and-more"));

    assertThat(r.scrub("x abc123-and-more y")).isEqualTo("x [redacted] y");
  }

  @Test
  void aShortPlainHeaderValueIsNotASecretButAShortCredentialHeaderIs() {
    // Given a tenant header "1", a short key, a long plain value and a cookie
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Scope-OrgID", "1");
    headers.put("X-Api-Key", "k9");
    headers.put("X-Tenant", "tenant-secret-42");
    headers.put("Cookie", "s=1");

    // When text holding all of them is scrubbed
    String clean =
        Redaction.ofHeaders(headers).scrub("took 10s for tenant 1, key k9, tenant-secret-42, s=1");

    // Then "10s" and the tenant "1" are left alone, the rest is masked
    assertThat(clean).isEqualTo("took 10s for tenant 1, key [redacted], [redacted], [redacted]");
  }

  @Test
  void theSchemeSplitAppliesOnlyToSchemeAndOneCredential() {
    // a plain header value with blanks is masked whole, never word by word
    Redaction r = Redaction.ofHeaders(Map.of("Accept", "text/html, application/json"));

    assertThat(r.scrub("accepts application/json")).isEqualTo("accepts application/json");
    assertThat(r.scrub("sent text/html, application/json")).isEqualTo("sent [redacted]");
  }

  @Test
  void replacesAnExceptionChainThatCarriesASecretKeepingTypesAndTraces() {
    // Given an exception whose cause's message holds the token
    IOException root = new IOException("handshake failed for tok-123456");
    IllegalStateException planted = new IllegalStateException("wrapping", root);

    // When it is scrubbed
    Throwable clean = credentials.scrub(planted);

    // Then no message or toString in the chain holds the token, and the types are still told
    assertThat(printed(clean))
        .doesNotContain("tok-123456")
        .contains("java.lang.IllegalStateException")
        .contains("java.io.IOException (scrubbed): handshake failed for [redacted]");
    assertThat(clean.getStackTrace()).isEqualTo(planted.getStackTrace());
  }

  @Test
  void leavesAnExceptionWithoutSecretsAlone() {
    IOException e = new IOException("connection refused");

    assertThat(credentials.scrub(e)).isSameAs(e);
  }

  @Test
  void neverPrintsItsValues() {
    assertThat(credentials.toString()).doesNotContain("tok-123456");
  }

  private static String printed(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return e + "\n" + out;
  }
}
