package io.rollgate.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API's CRUD dispatcher, plus control over its watches: tests can end them from the server
 * side. Close callbacks run off the server's event loop (NOTES.md: closing there can freeze the
 * mock for 30 s).
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

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    WebSocketListener inner = response.getWebSocketListener();
    return inner == null ? response : response.withWebSocketUpgrade(new Tracking(inner));
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
      open.remove(ws);
      closer.execute(() -> inner.onClosing(ws, code, reason));
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      open.remove(ws);
      closer.execute(() -> inner.onClosed(ws, code, reason));
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
      open.remove(ws);
      closer.execute(() -> inner.onFailure(ws, t, response));
    }
  }
}
