package io.rollgate.smoke;

import io.rollgate.pipeline.SmokeCheckSpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client one check runs with: its per-request timeout, no silent retries (the "smoke"
 * Retry decides), and certificates verified unless the check says {@code insecureSkipVerify}.
 */
final class SmokeHttpClients {
  private SmokeHttpClients() {}

  static OkHttpClient forCheck(OkHttpClient base, SmokeCheckSpec check) {
    OkHttpClient.Builder builder =
        base.newBuilder()
            .callTimeout(check.timeout())
            .connectTimeout(check.timeout())
            .readTimeout(check.timeout())
            .writeTimeout(check.timeout())
            .retryOnConnectionFailure(false);
    if (check.insecureSkipVerify()) {
      TrustEverything trust = new TrustEverything();
      builder
          .sslSocketFactory(trustingContext(trust).getSocketFactory(), trust)
          .hostnameVerifier((host, session) -> true);
    }
    return builder.build();
  }

  private static SSLContext trustingContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS without verification", e);
    }
  }

  /** Accepts any certificate: only for checks that ask for {@code insecureSkipVerify}. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
