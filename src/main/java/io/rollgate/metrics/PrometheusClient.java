package io.rollgate.metrics;

import io.github.resilience4j.retry.Retry;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.MetricQueryException.Kind;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.QueryResult;
import io.rollgate.failure.Failures;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.redact.Redaction;
import io.rollgate.retry.Backoff;
import io.rollgate.retry.Retries;
import io.rollgate.time.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link MetricSource} on Prometheus' HTTP API ({@code /api/v1/query}, {@code
 * /api/v1/query_range}).
 *
 * <p>400 and 422 are {@link Kind#BAD_QUERY}, asked once; 401 and 403 are {@link Kind#UNAVAILABLE}
 * (nothing can be measured until the credentials work), asked once. 429, 5xx, network errors and
 * timeouts are retried by the one named Retry {@value #RETRY_NAME}; past its attempts they are
 * {@link Kind#UNAVAILABLE}. {@code status: error} on a 200, an answer that does not parse, or any
 * other status is {@link Kind#QUERY_FAILED}. Messages never carry a credential, even one the server
 * echoes.
 *
 * <p>Thread-safe: the analysis queries several metrics and tracks at once through one client. Close
 * it when done: that drops its pooled connections and stops OkHttp's dispatcher threads.
 */
public final class PrometheusClient implements MetricSource, AutoCloseable {
  public static final String RETRY_NAME = "prometheus";

  /** 4 attempts, waits about 0.5 s, 1 s, 2 s (±20%). */
  public static final Backoff DEFAULT_BACKOFF =
      new Backoff(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(5), 0.2);

  /** Queries longer than this go as a POST form, so no proxy trips over a long URL. */
  static final int MAX_GET_QUERY_LENGTH = 1000;

  private final HttpUrl base;
  private final String displayAddress;
  private final Duration timeout;
  private final Credentials credentials;
  private final OkHttpClient http;
  private final Retry retry;

  /** The client the pipeline's {@code prometheus} section describes, with the default backoff. */
  public static PrometheusClient create(
      PrometheusSpec spec, Map<String, String> environment, Sleeper sleeper) {
    return new PrometheusClient(spec, environment, DEFAULT_BACKOFF, sleeper);
  }

  /**
   * @throws PrometheusConfigException the address does not parse, a credential's variable is unset,
   *     a token or CA file cannot be read
   */
  public PrometheusClient(
      PrometheusSpec spec, Map<String, String> environment, Backoff backoff, Sleeper sleeper) {
    this.base = baseUrl(spec.address());
    this.displayAddress = base.newBuilder().username("").password("").build().toString();
    this.timeout = spec.timeout();
    this.credentials = Credentials.resolve(spec, environment);
    this.http = PrometheusHttp.newClient(spec);
    this.retry = Retries.named(RETRY_NAME, backoff, PrometheusClient::retryable, sleeper);
  }

  @Override
  public QueryResult query(String promql, Instant time) throws MetricQueryException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", promql);
    params.put("time", seconds(time));
    params.put("timeout", timeout.toMillis() + "ms");
    return execute("api/v1/query", params);
  }

  @Override
  public QueryResult queryRange(String promql, Instant from, Instant to, Duration step)
      throws MetricQueryException {
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive, was " + step);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range end " + to + " is before its start " + from);
    }
    List<RangeChunks.Chunk> chunks = RangeChunks.split(from, to, step, RangeChunks.MAX_POINTS);
    List<QueryResult> parts = new ArrayList<>();
    for (RangeChunks.Chunk chunk : chunks) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("query", promql);
      params.put("start", seconds(chunk.from()));
      params.put("end", seconds(chunk.to()));
      params.put("step", seconds(step.toMillis()));
      params.put("timeout", timeout.toMillis() + "ms");
      parts.add(execute("api/v1/query_range", params));
    }
    return parts.size() == 1 ? parts.get(0) : RangeChunks.merge(parts);
  }

  /** Drops the pooled connections and stops the dispatcher's threads; safe to call twice. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** For tests: the OkHttp client whose pool and threads {@link #close()} releases. */
  OkHttpClient http() {
    return http;
  }

  @Override
  public String toString() {
    return "PrometheusClient[" + displayAddress + ", headers=" + credentials.headerNames() + "]";
  }

  private QueryResult execute(String path, Map<String, String> params) throws MetricQueryException {
    Request request = request(path, params);
    try {
      return retry.executeCheckedSupplier(() -> attempt(request));
    } catch (MetricQueryException e) {
      throw e;
    } catch (RetryableException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new MetricQueryException(
            Kind.UNAVAILABLE, "interrupted while querying " + displayAddress, e);
      }
      throw new MetricQueryException(
          Kind.UNAVAILABLE,
          "Prometheus at "
              + displayAddress
              + " failed "
              + retry.getRetryConfig().getMaxAttempts()
              + " attempts; the last: "
              + e.getMessage(),
          e.getCause() == null ? e : e.getCause());
    } catch (Retries.RetryInterruptedException e) {
      throw new MetricQueryException(
          Kind.UNAVAILABLE, "interrupted while waiting to retry " + displayAddress, e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      Redaction secrets = credentials.secrets();
      throw new MetricQueryException(
          Kind.QUERY_FAILED,
          "querying "
              + displayAddress
              + " failed: "
              + secrets.scrub(String.valueOf(e.getMessage())),
          secrets.scrub(e));
    }
  }

  private QueryResult attempt(Request request) throws MetricQueryException, RetryableException {
    Redaction secrets = credentials.secrets();
    try (Response response = http.newCall(request).execute()) {
      int code = response.code();
      String body = bodyOf(response);
      if (code == 429 || code >= 500) {
        throw new RetryableException("HTTP " + code + excerpt(body, secrets), null);
      }
      if (code == 400 || code == 422) {
        throw new MetricQueryException(
            Kind.BAD_QUERY,
            "Prometheus rejected the query (HTTP " + code + ")" + excerpt(body, secrets));
      }
      if (code == 401 || code == 403) {
        // not a bad answer about the canary: nothing can be measured until the credentials work
        throw new MetricQueryException(
            Kind.UNAVAILABLE,
            "Prometheus at "
                + displayAddress
                + " refused the credentials (HTTP "
                + code
                + "): check prometheus.bearerTokenEnv, bearerTokenFile or basicAuth"
                + excerpt(body, secrets));
      }
      if (code != 200) {
        throw new MetricQueryException(
            Kind.QUERY_FAILED,
            "Prometheus at " + displayAddress + " answered HTTP " + code + excerpt(body, secrets));
      }
      ApiResponse api = ApiResponse.parse(body);
      if (!api.success()) {
        throw new MetricQueryException(
            Kind.QUERY_FAILED,
            "Prometheus answered status '"
                + secrets.scrub(api.status())
                + "'"
                + (api.errorType() == null ? "" : " (" + secrets.scrub(api.errorType()) + ")")
                + ": "
                + secrets.scrub(api.error()));
      }
      QueryResult result = api.toResult();
      return new QueryResult(
          result.type(),
          result.series(),
          result.text(),
          result.warnings().stream().map(secrets::scrub).toList());
    } catch (ApiResponse.MalformedException e) {
      throw new MetricQueryException(
          Kind.QUERY_FAILED,
          "unreadable answer from " + displayAddress + ": " + secrets.scrub(e.getMessage()));
    } catch (IOException e) {
      if (untrustedCertificate(e)) {
        throw new MetricQueryException(
            Kind.QUERY_FAILED,
            "TLS: the certificate of "
                + displayAddress
                + " is not trusted ("
                + secrets.scrub(e.getMessage())
                + "); give its CA in prometheus.caFile",
            secrets.scrub(e));
      }
      String what =
          e instanceof InterruptedIOException ? "timed out or interrupted" : "network error";
      throw new RetryableException(
          what + " (" + secrets.scrub(Failures.describe(e)) + ")", secrets.scrub(e));
    }
  }

  private Request request(String path, Map<String, String> params) {
    HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
    Request.Builder request = new Request.Builder();
    credentials.headers().forEach(request::header);
    if (params.get("query").length() > MAX_GET_QUERY_LENGTH) {
      FormBody.Builder form = new FormBody.Builder();
      params.forEach(form::add);
      return request.url(url.build()).post(form.build()).build();
    }
    params.forEach(url::addQueryParameter);
    return request.url(url.build()).get().build();
  }

  private static String bodyOf(Response response) throws IOException {
    ResponseBody body = response.body();
    return body == null ? "" : body.string();
  }

  /** ": " and the server's error text (scrubbed, shortened), or nothing. */
  private static String excerpt(String body, Redaction secrets) {
    String text = body;
    try {
      ApiResponse api = ApiResponse.parse(body);
      if (api.error() != null) {
        text = (api.errorType() == null ? "" : api.errorType() + ": ") + api.error();
      }
    } catch (ApiResponse.MalformedException e) {
      // not JSON: show the raw text
    }
    String clean = secrets.scrub(text).strip().replaceAll("\\s+", " ");
    if (clean.isEmpty()) {
      return "";
    }
    return ": " + (clean.length() > 300 ? clean.substring(0, 300) + "..." : clean);
  }

  private static boolean untrustedCertificate(IOException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return true;
    }
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static boolean retryable(Throwable e) {
    return e instanceof RetryableException && !Thread.currentThread().isInterrupted();
  }

  private static HttpUrl baseUrl(String address) {
    HttpUrl url = HttpUrl.parse(address);
    if (url == null) {
      throw new PrometheusConfigException(
          "prometheus.address", "not an http(s) URL: " + redactUserInfo(address));
    }
    return url.newBuilder().query(null).fragment(null).build();
  }

  private static String redactUserInfo(String address) {
    return address.replaceAll("//[^/@]*@", "//" + Redaction.MASK + "@");
  }

  static String seconds(Instant time) {
    return seconds(time.toEpochMilli());
  }

  static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  /** A failure worth another attempt: 429, 5xx, network, timeout. Messages are already scrubbed. */
  private static final class RetryableException extends Exception {
    RetryableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
