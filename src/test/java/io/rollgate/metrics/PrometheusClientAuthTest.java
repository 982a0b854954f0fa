package io.rollgate.metrics;

import static io.rollgate.metrics.PrometheusClientTest.T;
import static io.rollgate.metrics.PrometheusClientTest.VECTOR;
import static io.rollgate.metrics.PrometheusClientTest.json;
import static io.rollgate.metrics.PrometheusClientTest.queryFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricQueryException.Kind;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.redact.Redaction;
import io.rollgate.retry.Backoff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusClientAuthTest {
  private static final String TOKEN = "s3cr3t-t0ken-8f2a91";
  private static final Backoff NO_WAIT = Backoff.fixed(3, Duration.ZERO);

  private final MockWebServer server = new MockWebServer();
  private final List<PrometheusClient> clients = new ArrayList<>();
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    clients.forEach(PrometheusClient::close);
    server.shutdown();
  }

  @Test
  void sendsTheBearerTokenFromTheEnvironment() throws Exception {
    server.enqueue(json(VECTOR));

    client(
            spec(Optional.of("PROMETHEUS_TOKEN"), Optional.empty(), Optional.empty(), Map.of()),
            Map.of("PROMETHEUS_TOKEN", TOKEN))
        .query("up", T);

    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void sendsTheBearerTokenFromAFileWithoutItsNewline() throws Exception {
    server.enqueue(json(VECTOR));
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");

    client(spec(Optional.empty(), Optional.of(file), Optional.empty(), Map.of()), Map.of())
        .query("up", T);

    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void readsARotatedTokenFileAgainAndScrubsTheNewTokenToo() throws Exception {
    // Given a token file that Kubernetes rotates between two queries
    Path file = Files.writeString(dir.resolve("token"), TOKEN);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
    PrometheusClient client =
        client(spec(Optional.empty(), Optional.of(file), Optional.empty(), Map.of()), Map.of());
    server.enqueue(json(VECTOR));
    server.enqueue(new MockResponse().setResponseCode(422).setBody("rejected rotated-token-77"));
    client.query("up", T);
    Files.writeString(file, "rotated-token-77\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));

    // When the next query goes out
    MetricQueryException e = queryFails(client, "up");

    // Then it carries the new token, and the new token is scrubbed like the old one
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(server.takeRequest().getHeader("Authorization"))
        .isEqualTo("Bearer rotated-token-77");
    assertThat(printed(e)).contains("rejected").doesNotContain("rotated-token-77");
  }

  @Test
  void sendsBasicAuthWithThePasswordFromTheEnvironment() throws Exception {
    server.enqueue(json(VECTOR));

    client(
            spec(
                Optional.empty(),
                Optional.empty(),
                Optional.of(new PrometheusSpec.BasicAuth("ops", "PROM_PASSWORD")),
                Map.of()),
            Map.of("PROM_PASSWORD", "pa:ss"))
        .query("up", T);

    String expected = Base64.getEncoder().encodeToString("ops:pa:ss".getBytes());
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Basic " + expected);
  }

  @Test
  void aShortPlainHeaderValueDoesNotMangleMessagesButAShortKeyIsStillScrubbed() {
    // Given a tenant header "1" and a short API key header "k9"
    server.enqueue(
        new MockResponse()
            .setResponseCode(422)
            .setBody(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"query"
                    + " exceeded 10s for tenant 1 with key k9\"}"));
    PrometheusClient client =
        client(
            spec(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of("X-Scope-OrgID", "1", "X-Api-Key", "k9")),
            Map.of());

    // When the query is rejected
    MetricQueryException e = queryFails(client, "up");

    // Then "10s" is left alone, the key is not
    assertThat(e.getMessage()).contains("exceeded 10s for tenant 1").doesNotContain("k9");
  }

  @Test
  void sendsTheExtraHeadersOnEveryRequest() throws Exception {
    server.enqueue(json(VECTOR));
    server.enqueue(
        json("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
    PrometheusClient client =
        client(
            spec(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of("X-Scope-OrgID", "tenant-a")),
            Map.of());

    client.query("up", T);
    client.queryRange("up", T, T.plusSeconds(60), Duration.ofSeconds(30));

    assertThat(server.takeRequest().getHeader("X-Scope-OrgID")).isEqualTo("tenant-a");
    assertThat(server.takeRequest().getHeader("X-Scope-OrgID")).isEqualTo("tenant-a");
  }

  @Test
  void aMissingVariableIsAConfigurationErrorNamingIt() {
    assertThatThrownBy(
            () ->
                client(
                    spec(
                        Optional.of("PROMETHEUS_TOKEN"),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of()),
                    Map.of("OTHER", TOKEN)))
        .isInstanceOf(PrometheusConfigException.class)
        .hasMessage("prometheus.bearerTokenEnv: environment variable PROMETHEUS_TOKEN is not set")
        .extracting(e -> ((PrometheusConfigException) e).setting())
        .isEqualTo("prometheus.bearerTokenEnv");
  }

  @Test
  void aMissingPasswordVariableIsAConfigurationErrorNamingIt() {
    assertThatThrownBy(
            () ->
                client(
                    spec(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new PrometheusSpec.BasicAuth("ops", "PROM_PASSWORD")),
                        Map.of()),
                    Map.of()))
        .isInstanceOf(PrometheusConfigException.class)
        .hasMessageContaining("PROM_PASSWORD is not set");
  }

  @Test
  void anUnreadableTokenFileIsAConfigurationErrorNamingTheFile() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(
            () ->
                client(
                    spec(Optional.empty(), Optional.of(missing), Optional.empty(), Map.of()),
                    Map.of()))
        .isInstanceOf(PrometheusConfigException.class)
        .hasMessageContaining("prometheus.bearerTokenFile")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aTokenEchoedInAnErrorBodyNeverReachesTheMessage() {
    // Given a server that echoes the Authorization header in its errors
    String echo =
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"bad header Bearer "
            + TOKEN
            + "\"}";
    server.enqueue(new MockResponse().setResponseCode(422).setBody(echo));
    PrometheusClient client = tokenClient();

    // When the query is rejected
    MetricQueryException e = queryFails(client, "up");

    // Then the message says what happened, without the token
    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("bad header " + Redaction.MASK).doesNotContain(TOKEN);
    assertThat(printed(e)).doesNotContain(TOKEN);
  }

  @Test
  void aTokenEchoedByAFailingServerNeverReachesTheUnavailableError() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse().setResponseCode(502).setBody("upstream rejected token " + TOKEN));
    }

    MetricQueryException e = queryFails(tokenClient(), "up");

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(printed(e)).contains("upstream rejected token").doesNotContain(TOKEN);
  }

  @Test
  void aTokenEchoedInAStatusErrorOrAWarningIsScrubbed() throws Exception {
    server.enqueue(
        json(
            "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"auth " + TOKEN + "\"}"));
    server.enqueue(
        json(
            "{\"status\":\"success\",\"warnings\":[\"token "
                + TOKEN
                + " expires soon\"],"
                + "\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    PrometheusClient client = tokenClient();

    MetricQueryException e = queryFails(client, "up");
    var result = client.query("up", T);

    assertThat(printed(e)).doesNotContain(TOKEN);
    assertThat(result.warnings()).containsExactly("token " + Redaction.MASK + " expires soon");
  }

  @Test
  void theClientNeverPrintsItsCredentials() {
    PrometheusClient client =
        client(
            spec(
                Optional.of("PROMETHEUS_TOKEN"),
                Optional.empty(),
                Optional.empty(),
                Map.of("X-Scope-OrgID", "tenant-secret-42")),
            Map.of("PROMETHEUS_TOKEN", TOKEN));

    assertThat(client.toString())
        .contains("X-Scope-OrgID")
        .doesNotContain(TOKEN)
        .doesNotContain("tenant-secret-42");
  }

  @Test
  void trustsACertificateAuthorityFromTheCaFile() throws Exception {
    // Given Prometheus behind TLS with a certificate from a private CA
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("test-ca").build();
    HeldCertificate cert =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory(),
        false);
    server.enqueue(json(VECTOR));
    server.enqueue(json(VECTOR));
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    String address = server.url("/").toString();

    // When one client trusts the CA file, and another knows only the system roots
    var trusting =
        open(
            new PrometheusClient(
                tlsSpec(address, Optional.of(caFile), false), Map.of(), NO_WAIT, d -> {}));
    var plain =
        open(
            new PrometheusClient(
                tlsSpec(address, Optional.empty(), false), Map.of(), NO_WAIT, d -> {}));

    // Then the first gets its answer, the second fails once, saying why (no retry of a trust
    // failure)
    assertThat(trusting.query("up", T).series()).hasSize(1);
    MetricQueryException e = queryFails(plain, "up");
    assertThat(e.kind()).isEqualTo(Kind.QUERY_FAILED);
    assertThat(e.getMessage()).contains("not trusted").contains("caFile");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void skipsVerificationOnlyWhenAsked() throws Exception {
    HeldCertificate selfSigned = new HeldCertificate.Builder().commonName("elsewhere").build();
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(selfSigned).build().sslSocketFactory(),
        false);
    server.enqueue(json(VECTOR));

    var insecure =
        open(
            new PrometheusClient(
                tlsSpec(server.url("/").toString(), Optional.empty(), true),
                Map.of(),
                NO_WAIT,
                d -> {}));

    assertThat(insecure.query("up", T).series()).hasSize(1);
  }

  private PrometheusClient tokenClient() {
    return client(
        spec(Optional.of("PROMETHEUS_TOKEN"), Optional.empty(), Optional.empty(), Map.of()),
        Map.of("PROMETHEUS_TOKEN", TOKEN));
  }

  private PrometheusClient client(PrometheusSpec spec, Map<String, String> env) {
    return open(new PrometheusClient(spec, env, NO_WAIT, d -> {}));
  }

  /** Closed after the test. */
  private PrometheusClient open(PrometheusClient client) {
    clients.add(client);
    return client;
  }

  private PrometheusSpec spec(
      Optional<String> tokenEnv,
      Optional<Path> tokenFile,
      Optional<PrometheusSpec.BasicAuth> basic,
      Map<String, String> headers) {
    return new PrometheusSpec(
        server.url("/").toString(),
        tokenEnv,
        tokenFile,
        basic,
        headers,
        Optional.empty(),
        false,
        Duration.ofSeconds(5));
  }

  private static PrometheusSpec tlsSpec(String address, Optional<Path> caFile, boolean insecure) {
    return new PrometheusSpec(
        address,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        caFile,
        insecure,
        Duration.ofSeconds(5));
  }

  static String printed(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return e + "\n" + out;
  }
}
