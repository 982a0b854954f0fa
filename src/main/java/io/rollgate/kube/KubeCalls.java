package io.rollgate.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.resilience4j.retry.Retry;
import io.rollgate.canary.ClusterException;
import io.rollgate.retry.Backoff;
import io.rollgate.retry.Retries;
import io.rollgate.time.Sleeper;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Calls the canary makes to the cluster, retried through one named Retry ("kube-canary") on 429,
 * 5xx and network errors, and translated for the domain: past the budget an outage ({@link
 * ClusterException#unreachable()}), a 401/403 a refusal that names the verb, the resource, the
 * namespace and the right it needs; 404 and 409 reach the caller as they are (absent, a lost
 * compare-and-swap); any other answer is a refusal in words.
 */
public final class KubeCalls {
  /** 5 attempts, about 0.5 s, 1 s, 2 s, 4 s between them. */
  public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(5, Duration.ofMillis(500));

  private final Retry retry;
  private final int attempts;

  public KubeCalls(Backoff backoff, Sleeper sleeper) {
    this.retry = Retries.named("kube-canary", backoff, ApiErrors::isTransient, sleeper);
    this.attempts = backoff.maxAttempts();
  }

  /**
   * Runs {@code call}, e.g. {@code call("update", "configmaps", ns, () -> ...)}.
   *
   * @throws ClusterException unreachable past the retries, or refused
   * @throws KubernetesClientException any other answer (404, 409, 422...)
   */
  public <T> T call(String verb, String resource, String namespace, Supplier<T> call) {
    try {
      return retry.executeSupplier(call);
    } catch (KubernetesClientException e) {
      throw translate(verb, resource, namespace, e);
    } catch (RuntimeException e) {
      if (ApiErrors.isTransient(e)) {
        throw unreachable(verb, resource, namespace, e);
      }
      throw e;
    }
  }

  /** As {@link #call} for calls with no result. */
  public void run(String verb, String resource, String namespace, Runnable call) {
    call(
        verb,
        resource,
        namespace,
        () -> {
          call.run();
          return null;
        });
  }

  private RuntimeException translate(
      String verb, String resource, String namespace, KubernetesClientException e) {
    if (ApiErrors.isTransient(e)) {
      return unreachable(verb, resource, namespace, e);
    }
    if (e.getCode() == 401 || e.getCode() == 403) {
      return refused(verb, resource, namespace, e);
    }
    if (e.getCode() == 404 || e.getCode() == 409) {
      return e; // the callers' own business: absent, or a lost compare-and-swap
    }
    return new ClusterException(
        "the cluster would not "
            + verb
            + " "
            + resource
            + " in namespace "
            + namespace
            + " (HTTP "
            + e.getCode()
            + "): "
            + ApiErrors.message(e),
        false,
        e);
  }

  private ClusterException unreachable(
      String verb, String resource, String namespace, RuntimeException e) {
    int code = ApiErrors.code(e);
    return new ClusterException(
        "cluster API unreachable: could not "
            + verb
            + " "
            + resource
            + " in namespace "
            + namespace
            + " after "
            + attempts
            + " attempts (last "
            + (code > 0 ? "HTTP " + code + ": " : "")
            + ApiErrors.message(e)
            + ")",
        true,
        e);
  }

  /** A 401/403: what was refused and which right the credentials lack. */
  static ClusterException refused(
      String verb, String resource, String namespace, KubernetesClientException e) {
    return new ClusterException(
        "the cluster refused to "
            + verb
            + " "
            + resource
            + " in namespace "
            + namespace
            + " (HTTP "
            + e.getCode()
            + "): the credentials need '"
            + verb
            + "' on "
            + resource
            + " there",
        false,
        e);
  }
}
