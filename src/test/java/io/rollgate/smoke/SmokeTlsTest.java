package io.rollgate.smoke;

import static io.rollgate.smoke.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.testing.TestClock;
import java.io.IOException;
import java.time.Instant;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmokeTlsTest {
  private final MockWebServer server = new MockWebServer();
  private final TestClock clock = new TestClock(Instant.parse("2026-11-22T04:00:00Z"));
  private HeldCertificate selfSigned;
  private String url;

  @BeforeEach
  void startSelfSignedServer() throws IOException {
    server.start();
    selfSigned =
        new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName()).build();
    HandshakeCertificates serverCertificates =
        new HandshakeCertificates.Builder().heldCertificate(selfSigned).build();
    server.useHttps(serverCertificates.sslSocketFactory(), false);
    server.enqueue(new MockResponse().setBody("ok"));
    url = server.url("/health").toString();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.shutdown();
  }

  @Test
  void rejectsASelfSignedServerByDefault() {
    // Given
    var runner = new SmokeRunner(noTunnel(), clock, d -> {}, text -> {});
    var spec = check("tls").url(url).build();

    // When / Then
    assertThatThrownBy(() -> runner.run("staging", spec))
        .isInstanceOfSatisfying(
            SmokeCheckFailedException.class,
            e -> {
              assertThat(e.lastAttempt().outcome()).isEqualTo(SmokeAttempt.Outcome.ERROR);
              assertThat(e.lastAttempt().why()).startsWith("TLS: ");
              assertThat(e.getCause()).isInstanceOf(SSLException.class);
            });
  }

  @Test
  void acceptsASelfSignedServerWithInsecureSkipVerify() throws Exception {
    var runner = new SmokeRunner(noTunnel(), clock, d -> {}, text -> {});
    var spec = check("tls").url(url).insecureSkipVerify().build();

    SmokeResult result = runner.run("staging", spec);

    assertThat(result.passed()).isTrue();
  }

  @Test
  void acceptsAServerSignedByACertificateTheBaseClientTrusts() throws Exception {
    // Given a base client that trusts exactly this certificate, the check verifies TLS and passes
    HandshakeCertificates trusting =
        new HandshakeCertificates.Builder().addTrustedCertificate(selfSigned.certificate()).build();
    OkHttpClient base =
        new OkHttpClient.Builder()
            .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager())
            .build();
    var runner = new SmokeRunner(noTunnel(), base, clock, d -> {}, text -> {});

    SmokeResult result = runner.run("staging", check("tls").url(url).build());

    assertThat(result.passed()).isTrue();
  }

  private static ServiceTunnel noTunnel() {
    return (namespace, service) -> {
      throw new IOException("url checks need no tunnel");
    };
  }
}
