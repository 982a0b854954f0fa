package io.rollgate.sandbox;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures planned by a test: the next {@code times} requests matching a method and path prefix
 * fail.
 */
final class Faults {
  private final List<Fault> planned = new CopyOnWriteArrayList<>();

  private record Fault(
      String method, String pathPrefix, boolean dryRunsToo, int status, AtomicInteger remaining) {}

  void failNext(String method, String pathPrefix, int status, int times) {
    plan(method, pathPrefix, true, status, times);
  }

  /** As {@link #failNext}, letting dry runs ({@code dryRun=All}) through. */
  void failNextStoring(String method, String pathPrefix, int status, int times) {
    plan(method, pathPrefix, false, status, times);
  }

  private void plan(String method, String pathPrefix, boolean dryRunsToo, int status, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + times);
    }
    planned.add(
        new Fault(
            method.toUpperCase(Locale.ROOT),
            pathPrefix,
            dryRunsToo,
            status,
            new AtomicInteger(times)));
  }

  /** The planned failure for this request, if one is still due; consumes it. */
  Optional<MockResponse> take(String method, String pathAndQuery) {
    for (Fault f : planned) {
      if (f.method().equals(method)
          && pathAndQuery.startsWith(f.pathPrefix())
          && (f.dryRunsToo() || !RequestTarget.parse(pathAndQuery).dryRun())
          && f.remaining().getAndDecrement() > 0) {
        MockResponse response =
            ApiStatus.failure(
                f.status(), ApiStatus.reasonFor(f.status()), "injected failure " + f.status());
        if (f.status() == 429) {
          response.setHeader("Retry-After", "1");
        }
        return Optional.of(response);
      }
    }
    return Optional.empty();
  }
}
