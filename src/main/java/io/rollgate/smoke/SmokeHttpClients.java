package io.rollgate.smoke;

import io.rollgate.http.InsecureTls;
import io.rollgate.pipeline.SmokeCheckSpec;
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
      InsecureTls.trustEverything(builder);
    }
    return builder.build();
  }
}
