package io.rollgate.http;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * TLS without verification, for the places a user asked for it ({@code insecureSkipVerify} on a
 * smoke check or on Prometheus) and nowhere else.
 */
public final class InsecureTls {
  private InsecureTls() {}

  /** Makes {@code builder} accept any certificate for any host name. */
  public static OkHttpClient.Builder trustEverything(OkHttpClient.Builder builder) {
    TrustEverything trust = new TrustEverything();
    return builder
        .sslSocketFactory(context(trust).getSocketFactory(), trust)
        .hostnameVerifier((host, session) -> true);
  }

  private static SSLContext context(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS without verification", e);
    }
  }

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
