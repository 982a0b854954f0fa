package io.rollgate.smoke;

import io.github.resilience4j.retry.Retry;
import io.rollgate.failure.Failures;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.redact.Redaction;
import io.rollgate.report.Progress;
import io.rollgate.retry.Backoff;
import io.rollgate.retry.Retries;
import io.rollgate.time.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Runs one smoke check: sends the request, judges the answer, and tries again through the named
 * resilience4j Retry "smoke" (attempts and fixed backoff from the check's {@code retry}) until an
 * answer passes or the attempts run out. Latency is measured with the injected {@link Clock} from
 * just before the request is sent until its body has been read; waits go through the injected
 * {@link Sleeper}. Header values are sent but never printed.
 *
 * <p>Its HTTP client builds on a base whose connection pool is shared (by default the process's one
 * smoke client); {@link #close} drops the idle connections its checks left there.
 */
public final class SmokeRunner implements AutoCloseable {
  private static final long MAX_BODY_BYTES = 1 << 20;

  private final SmokeTargets targets;
  private final OkHttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Progress progress;

  /** On the process's one base client for smoke checks. */
  public SmokeRunner(ServiceTunnel tunnel, Clock clock, Sleeper sleeper, Progress progress) {
    this(tunnel, SmokeHttpClients.shared(), clock, sleeper, progress);
  }

  /**
   * With a base OkHttp client, e.g. one that trusts an extra CA; the check's settings are applied
   * on top.
   */
  public SmokeRunner(
      ServiceTunnel tunnel, OkHttpClient http, Clock clock, Sleeper sleeper, Progress progress) {
    this.targets = new SmokeTargets(tunnel);
    this.http = http;
    this.clock = clock;
    this.sleeper = sleeper;
    this.progress = progress;
  }

  public SmokeResult run(String namespace, SmokeCheckSpec check)
      throws SmokeCheckFailedException, InterruptedException {
    OkHttpClient client = SmokeHttpClients.forCheck(http, check);
    int attempts = check.retry().attempts();
    Retry retry =
        Retries.named(
            "smoke",
            Backoff.fixed(attempts, check.retry().backoff()),
            e -> e instanceof AttemptFailed,
            sleeper);
    List<SmokeAttempt> done = new ArrayList<>();
    String target = SmokeTargets.describe(check);
    try {
      retry.executeCheckedSupplier(
          () -> {
            int number = done.size() + 1;
            Attempted attempted = attempt(number, client, namespace, check);
            done.add(attempted.attempt());
            progress.line(
                "smoke "
                    + check.name()
                    + ": attempt "
                    + number
                    + "/"
                    + attempts
                    + " "
                    + summary(attempted.attempt()));
            if (!attempted.attempt().passed()) {
              throw new AttemptFailed(attempted.error());
            }
            return attempted.attempt();
          });
      return new SmokeResult(check.name(), target, done);
    } catch (AttemptFailed e) {
      throw new SmokeCheckFailedException(
          new SmokeResult(check.name(), target, done), e.getCause());
    } catch (Retries.RetryInterruptedException e) {
      InterruptedException interrupted =
          new InterruptedException(
              "smoke " + check.name() + ": interrupted while waiting to retry");
      interrupted.initCause(e);
      throw interrupted;
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("smoke " + check.name() + ": unexpected failure", e);
    }
  }

  /**
   * Drops the idle connections in the base client's pool: they lead to tunnels closed by now. The
   * pool and the base client stay usable; connections in use are left alone.
   */
  @Override
  public void close() {
    http.connectionPool().evictAll();
  }

  private Attempted attempt(int number, OkHttpClient client, String namespace, SmokeCheckSpec check)
      throws InterruptedException {
    Instant started = clock.instant();
    Instant sent = started;
    try (SmokeTargets.Endpoint endpoint = targets.open(namespace, check)) {
      Request request = SmokeRequests.build(endpoint.url(), check);
      sent = clock.instant();
      try (Response response = client.newCall(request).execute()) {
        String body = response.peekBody(MAX_BODY_BYTES).string();
        Duration latency = Duration.between(sent, clock.instant());
        List<String> failures = ResponseJudge.judge(response.code(), body, latency, check.expect());
        Redaction redaction = Redaction.ofHeaders(check.headers());
        return new Attempted(
            SmokeAttempt.answered(
                number,
                started,
                latency,
                response.code(),
                Excerpts.of(redaction.scrub(body)),
                redaction.scrub(failures)),
            Optional.empty());
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        InterruptedException interrupted =
            new InterruptedException("smoke " + check.name() + ": interrupted");
        interrupted.initCause(e);
        throw interrupted;
      }
      Duration latency = Duration.between(sent, clock.instant());
      return new Attempted(
          SmokeAttempt.unanswered(number, started, latency, why(e, check)), Optional.of(e));
    }
  }

  private static String why(IOException e, SmokeCheckSpec check) {
    // OkHttp's call timeout says "timeout"; under load the socket's own read or connect timeout
    // (set to the same duration) can fire first: both mean the check's timeout ran out
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return "no answer within " + Durations.format(check.timeout());
    }
    if (e instanceof SSLException) {
      return "TLS: " + e.getMessage();
    }
    if (e instanceof SmokeTargets.ServiceUnreachable) {
      return e.getMessage();
    }
    return Failures.describe(e);
  }

  private static String summary(SmokeAttempt attempt) {
    if (attempt.passed()) {
      return "passed ("
          + attempt.status().getAsInt()
          + " in "
          + Durations.format(attempt.latency())
          + ")";
    }
    return attempt.status().isPresent() ? attempt.why() : "no answer: " + attempt.why();
  }

  private record Attempted(SmokeAttempt attempt, Optional<IOException> error) {}

  /** Signals a failed attempt to the Retry; carries the transport error, if any, as its cause. */
  private static final class AttemptFailed extends Exception {
    AttemptFailed(Optional<IOException> error) {
      super("smoke attempt failed", error.orElse(null), false, false);
    }
  }
}
