package io.rollgate.metrics;

import io.rollgate.http.InsecureTls;
import io.rollgate.pipeline.PrometheusSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the OkHttp client for one Prometheus: the per-request timeout (a little longer than the
 * one Prometheus is asked to keep), room for the analysis's concurrent queries to one host, pooled
 * connections the server closed taken for what they are ({@link StaleConnections}), and TLS trust
 * (system roots plus a CA file, or no verification at all only when {@code insecureSkipVerify} asks
 * for it).
 */
final class PrometheusHttp {
  /** The analysis queries 5 metrics x 2 tracks at once; OkHttp's default is 5 per host. */
  static final int MAX_CONCURRENT_REQUESTS = 32;

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusHttp.class);

  private PrometheusHttp() {}

  /** Most the client waits past Prometheus' own {@code timeout=}, so its answer can arrive. */
  static final Duration MAX_TIMEOUT_MARGIN = Duration.ofSeconds(2);

  /**
   * How long the client waits for an answer: the query timeout sent to Prometheus plus a margin (2
   * s, or the timeout itself when shorter), so Prometheus' own "query timed out" reaches the user
   * rather than a bare client-side timeout.
   */
  static Duration clientTimeout(Duration queryTimeout) {
    Duration margin =
        queryTimeout.compareTo(MAX_TIMEOUT_MARGIN) < 0 ? queryTimeout : MAX_TIMEOUT_MARGIN;
    return queryTimeout.plus(margin);
  }

  static OkHttpClient newClient(PrometheusSpec spec) {
    Duration timeout = clientTimeout(spec.timeout());
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
    ConnectionPool pool = new ConnectionPool(MAX_CONCURRENT_REQUESTS, 5, TimeUnit.MINUTES);
    StaleConnections stale = new StaleConnections(pool, MAX_CONCURRENT_REQUESTS);
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(pool)
            .addInterceptor(stale.reconnecting())
            .addNetworkInterceptor(stale.watching())
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .followRedirects(false)
            .retryOnConnectionFailure(false); // retrying is the named Retry's job, visibly
    if (spec.insecureSkipVerify()) {
      LOG.warn("prometheus: TLS certificate verification is off (insecureSkipVerify)");
      InsecureTls.trustEverything(builder);
    } else if (spec.caFile().isPresent()) {
      X509TrustManager trust = trustingAlso(spec.caFile().get());
      builder.sslSocketFactory(sslContext(trust).getSocketFactory(), trust);
    }
    return builder.build();
  }

  /** Trusts the system roots and every certificate in the PEM file. */
  static X509TrustManager trustingAlso(Path caFile) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate root : systemTrust().getAcceptedIssuers()) {
        store.setCertificateEntry("system-" + n++, root);
      }
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(caFile)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()) {
        throw new PrometheusConfigException(
            "prometheus.caFile", caFile + " holds no PEM certificate");
      }
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-file-" + i++, certificate);
      }
      return trustManager(store);
    } catch (IOException e) {
      throw new PrometheusConfigException(
          "prometheus.caFile", "cannot read " + caFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new PrometheusConfigException(
          "prometheus.caFile", caFile + " is not a PEM certificate bundle: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager systemTrust() throws GeneralSecurityException {
    return trustManager(null);
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager available");
  }

  private static SSLContext sslContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }
}
