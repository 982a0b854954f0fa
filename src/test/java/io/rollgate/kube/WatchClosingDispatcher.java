package io.rollgate.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API's CRUD dispatcher, plus control over its watches: tests can end them from the server
 * side. Close callbacks run off the server's event loop (NOTES.md: closing there can freeze the
 * mock for 30 s), after the watch has left event delivery (as the sandbox's OffLoopCloseListener
 * does).
 */
final class WatchClosingDispatcher extends KubernetesCrudDispatcher {
  private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger opened = new AtomicInteger();
  private final ExecutorService closer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "mock-watch-close");
            t.setDaemon(true);
            return t;
          });

  /** fabric8's private set of watches that receive events (a CopyOnWriteArraySet). */
  private final Set<?> watchers = watchEventListeners();

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    WebSocketListener inner = response.getWebSocketListener();
    return inner == null ? response : response.withWebSocketUpgrade(new Tracking(inner));
  }

  private Set<?> watchEventListeners() {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      return (Set<?>) field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8's CRUD dispatcher changed: " + e, e);
    }
  }

  int watchesOpened() {
    return opened.get();
  }

  int watchesOpen() {
    return open.size();
  }

  /** Ends every open watch the way an API server does on its watch timeout: a normal close. */
  void closeWatches() {
    open.forEach(ws -> ws.close(1000, "watch closed by the server"));
  }

  /** Ends every open watch with "410 Gone": the client must list again before it can watch. */
  void expireWatches() {
    String gone =
        "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too"
            + " old resource version\",\"reason\":\"Expired\",\"code\":410}}";
    open.forEach(
        ws -> {
          ws.send(gone);
          ws.close(1000, "expired");
        });
  }

  private final class Tracking extends WebSocketListener {
    private final WebSocketListener inner;

    Tracking(WebSocketListener inner) {
      this.inner = inner;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
      open.add(ws);
      opened.incrementAndGet();
      inner.onOpen(ws, response);
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      inner.onMessage(ws, text);
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      offLoop(ws, () -> inner.onClosing(ws, code, reason));
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      offLoop(ws, () -> inner.onClosed(ws, code, reason));
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
      offLoop(ws, () -> inner.onFailure(ws, t, response));
    }

    /**
     * Detaches the watch from event delivery on the loop, then closes it off the loop: the mock
     * shuts the watch's send executor down before it unregisters the watch, and an event sent in
     * between throws inside the request that caused it, leaving that request unanswered.
     */
    private void offLoop(WebSocket ws, Runnable close) {
      open.remove(ws);
      watchers.remove(inner);
      closer.execute(close);
    }
  }
}
