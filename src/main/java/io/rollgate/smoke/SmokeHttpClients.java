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

  /**
   * The process's one base client for smoke checks, made on first use: every runner's checks share
   * its connection pool, so a process that runs many stagings holds one pool, not one per run.
   * Calls are synchronous, so its dispatcher never starts a thread; {@link SmokeRunner#close} drops
   * the idle connections a run leaves behind.
   */
  static OkHttpClient shared() {
    return Shared.CLIENT;
  }

  /** Initialised on first use of {@link #shared()} (the holder idiom): nothing to lock. */
  private static final class Shared {
    static final OkHttpClient CLIENT = new OkHttpClient();
  }

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
