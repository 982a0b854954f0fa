package io.rollgate.sandbox;

import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's front door: records every request, answers planned faults, then expectations set on
 * the mock server (for the few paths it serves itself: {@code /}, {@code /version}), then the
 * store.
 */
final class SandboxDispatcher extends Dispatcher {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final List<SandboxRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong writes = new AtomicLong();
  private final Faults faults = new Faults();
  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expected;
  private final ApplyingCrudDispatcher store;

  SandboxDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> expectations, ApplyingCrudDispatcher store) {
    this.expectations = expectations;
    this.expected = new MockDispatcher(expectations);
    this.store = store;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    requests.add(
        new SandboxRequest(
            method, request.getPath(), Optional.ofNullable(request.getHeader("Content-Type"))));
    if (WRITES.contains(method)) {
      writes.incrementAndGet();
    }
    Optional<MockResponse> fault = faults.take(method, request.getPath());
    if (fault.isPresent()) {
      return fault.get();
    }
    if (isExpected(method, request.getPath())) {
      return expected.dispatch(request);
    }
    return store.dispatch(request);
  }

  private boolean isExpected(String method, String path) {
    for (HttpMethod m : HttpMethod.values()) {
      if (m.name().equals(method)) {
        Queue<ServerResponse> queued = expectations.get(new SimpleRequest(m, path));
        return queued != null && !queued.isEmpty();
      }
    }
    return false;
  }

  @Override
  public void shutdown() {
    expected.shutdown();
    store.shutdown();
  }

  List<SandboxRequest> requests() {
    return List.copyOf(requests);
  }

  long writeRequestCount() {
    return writes.get();
  }

  Faults faults() {
    return faults;
  }

  ApplyingCrudDispatcher store() {
    return store;
  }
}
