package io.rollgate.smoke;

import io.rollgate.pipeline.SmokeCheckSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds the request of one attempt: method, URL and the check's headers (values never printed).
 */
final class SmokeRequests {
  private static final Set<String> NEED_A_BODY = Set.of("POST", "PUT", "PATCH");

  private SmokeRequests() {}

  static Request build(HttpUrl url, SmokeCheckSpec check) {
    String method =
        check.method() == null || check.method().isBlank()
            ? "GET"
            : check.method().toUpperCase(Locale.ROOT);
    Request.Builder builder = new Request.Builder().url(url);
    for (Map.Entry<String, String> header : check.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    RequestBody body = NEED_A_BODY.contains(method) ? RequestBody.create(new byte[0]) : null;
    return builder.method(method, body).build();
  }
}
